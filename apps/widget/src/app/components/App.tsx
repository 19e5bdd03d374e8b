import type { Chat } from '../chat.ts';
import type { Store } from '../store.ts';
import { useStore } from '../use-store.ts';
import { Panel } from './Panel.tsx';

interface Props {
  store: Store;
  chat: Chat;
  launcher: HTMLButtonElement;
}

/** Root component: the panel while open. The draft lives in the store, so closing the panel keeps it. */
export function App({ store, chat, launcher }: Props) {
  const state = useStore(store);
  if (!state.open) return null;
  return <Panel state={state} chat={chat} launcher={launcher} />;
}
