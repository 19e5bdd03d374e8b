/** One message in the conversation view. Text is rendered as a text node, never as HTML. */
import type { MessageSender } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { formatClock, formatFullDate } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { systemText } from '../i18n.ts';

export interface MessageBubbleProps {
  sender: MessageSender;
  internal: boolean;
  authorName: string | null;
  text: string;
  createdAt: string;
  /** `sending` and `failed` only for the agent's own unacknowledged messages. */
  status: 'sent' | 'sending' | 'failed';
  error?: UiError | null;
  onRetry?: () => void;
  /** The visitor has read this message (shown under the agent's last one only). */
  seen?: boolean;
}

/**
 * Visitor messages sit left, agent messages right with the author's name, bot messages (REST API)
 * right in an outline with a "Bot" label, system messages centred and muted, internal notes right
 * in yellow with a "Note" label.
 */
export function MessageBubble({ sender, internal, authorName, text, createdAt, status, error, onRetry, seen }: MessageBubbleProps) {
  const { t, lang } = useI18n();
  const kind = internal ? 'note' : sender;
  const showAuthor = internal || sender === 'bot' || (sender === 'agent' && authorName);
  return (
    <li
      class={`message ${kind} ${status}`}
      data-testid="message"
      data-sender={sender}
      data-internal={String(internal)}
      data-status={status}
    >
      {showAuthor && (
        <span class="message-author">
          {internal && <span class="note-label">{t.view.note}</span>}
          {sender === 'bot' && <span class="bot-label">{t.view.bot}</span>}
          {authorName}
        </span>
      )}
      <div class="bubble">{sender === 'system' ? systemText(lang, text, authorName ?? null) : text}</div>
      <span class="message-meta">
        {status === 'sent' && (
          <time dateTime={createdAt} title={formatFullDate(createdAt, lang)}>
            {formatClock(createdAt, lang)}
          </time>
        )}
        {status === 'sent' && seen && (
          <span class="seen" data-testid="seen">
            <span aria-hidden="true">✓✓ </span>
            {t.inbox.seen}
          </span>
        )}
        {status === 'sending' && <span>{t.view.sending}</span>}
        {status === 'failed' && (
          <span class="message-error" role="alert">
            {t.view.failed}
            {error ? ` — ${errorText(error, t)}` : ''}
            {onRetry && (
              <button type="button" class="link-button" data-testid="retry" onClick={onRetry}>
                {t.view.retry}
              </button>
            )}
          </span>
        )}
      </span>
    </li>
  );
}
