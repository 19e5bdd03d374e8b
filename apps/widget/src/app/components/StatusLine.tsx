import type { Strings } from '../i18n.ts';
import { format } from '../i18n.ts';
import { queuePlace, waitMinutes, type WidgetState } from '../store.ts';

/** What the visitor is waiting for, in one line (empty before the first message). */
export function statusText(state: WidgetState, t: Strings): string {
  if (state.session === 'loading' && !state.site) return t.loading;
  const conversation = state.conversation;
  switch (conversation?.status) {
    case 'waiting': {
      const queue = queuePlace(state);
      if (!queue) return t.waiting;
      const minutes = waitMinutes(queue.estimatedWaitSeconds);
      const place = format(t.queuePosition, { position: queue.position });
      return minutes === null ? place : `${place} · ${format(t.queueWait, { minutes })}`;
    }
    case 'active':
      return conversation.agentName ? format(t.active, { name: conversation.agentName }) : t.activeNoName;
    case 'closed':
      return t.closed;
    case 'missed':
      return t.missed;
    case 'offline':
      // The offline form's confirmation says it already.
      return state.leave.status === 'sent' ? '' : t.offline;
    default:
      return '';
  }
}

/** The status line; a polite live region so status changes are announced. */
export function StatusLine({ state, t }: { state: WidgetState; t: Strings }) {
  const queue = queuePlace(state);
  const text = statusText(state, t);
  return (
    <p class="status" role="status" data-testid="parley-status">
      {queue ? (
        <span data-testid="parley-queue-position" data-position={queue.position}>
          {text}
        </span>
      ) : (
        text
      )}
    </p>
  );
}
