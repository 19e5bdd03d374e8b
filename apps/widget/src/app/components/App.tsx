import type { Chat } from '../chat.ts';
import type { Store } from '../store.ts';
import { lazy } from '../lazy.ts';
import { useStore } from '../use-store.ts';
import { Panel } from './Panel.tsx';

const Bubble = lazy(() => import('./Bubble.tsx').then((m) => m.Bubble));

interface Props {
  store: Store;
  chat: Chat;
  launcher: HTMLButtonElement;
}

/**
 * Root component: the panel while open, and the bubble by the launcher in a polite live region
 * that is always there (a region added together with its text is not reliably announced). The
 * draft lives in the store, so closing the panel keeps it.
 */
export function App({ store, chat, launcher }: Props) {
  const state = useStore(store);
  return (
    <>
      {state.open ? <Panel state={state} chat={chat} launcher={launcher} /> : null}
      <div aria-live="polite">{state.bubble ? <Bubble state={state} chat={chat} bubble={state.bubble} /> : null}</div>
    </>
  );
}
