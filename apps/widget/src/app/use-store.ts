import { useEffect, useState } from 'preact/hooks';
import type { Store, WidgetState } from './store.ts';

/** The store's current state; re-renders the component on every change. */
export function useStore(store: Store): WidgetState {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get()); // catch a change made between the first render and this effect
    return store.subscribe(setState);
  }, [store]);
  return state;
}
