import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { errorText, strings, systemText, type Lang } from '../i18n.ts';
import type { ViewMessage } from '../store.ts';

interface Props {
  messages: ViewMessage[];
  lang: Lang;
  onRetry: (clientId: string) => void;
  /** The key of the own message the agent side has read ("Seen"), if any. */
  seen: string | null;
  /** Shown after the messages, in the same scrolling area (the post-chat survey). */
  children?: ComponentChildren;
}

/**
 * The conversation log. Text is rendered as text nodes only: visitor and agent text is never
 * parsed as HTML. The live region holds the messages only; what follows them (`children`) scrolls
 * with them without being announced as part of the log.
 */
export function MessageList({ messages, lang, onRetry, seen, children }: Props) {
  const t = strings[lang];
  const log = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  // Follow the conversation: keep the newest message in view.
  useLayoutEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages.length, last?.key]);

  return (
    <div ref={log} class="log">
      <div class="msgs" role="log" aria-live="polite" aria-label={t.messages}>
        {messages.map((m) => (
          <div key={m.key} class={`msg msg-${m.sender}`} data-testid="parley-message" data-sender={m.sender} data-state={m.state}>
            {m.sender === 'agent' ? <span class="author">{m.authorName ?? t.agent}</span> : null}
            <span class="bubble">{m.sender === 'system' ? systemText(lang, m.text, m.authorName) : m.text}</span>
            {m.state === 'sending' ? <span class="meta">{t.sending}</span> : null}
            {m.key === seen ? (
              <span class="meta" data-testid="parley-seen">
                {t.seen}
              </span>
            ) : null}
            {m.state === 'failed' ? (
              <span class="meta meta-error">
                {m.error ? errorText(lang, m.error) : null}{' '}
                <button type="button" class="link" onClick={() => m.clientId && onRetry(m.clientId)}>
                  {t.retry}
                </button>
              </span>
            ) : null}
          </div>
        ))}
      </div>
      {children}
    </div>
  );
}
