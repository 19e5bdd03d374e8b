import type { Strings } from '../i18n.ts';
import { format } from '../i18n.ts';
import type { WidgetState } from '../store.ts';

/** What the visitor is waiting for, in one line (empty before the first message). */
export function statusText(state: WidgetState, t: Strings): string {
  if (state.session === 'loading' && !state.site) return t.loading;
  const conversation = state.conversation;
  switch (conversation?.status) {
    case 'waiting':
      return t.waiting;
    case 'active':
      return conversation.agentName ? format(t.active, { name: conversation.agentName }) : t.activeNoName;
    case 'closed':
      return t.closed;
    case 'missed':
    case 'offline':
      return t.left;
    default:
      return '';
  }
}

/** The status line; a polite live region so status changes are announced. */
export function StatusLine({ state, t }: { state: WidgetState; t: Strings }) {
  return (
    <p class="status" role="status" data-testid="parley-status">
      {statusText(state, t)}
    </p>
  );
}
