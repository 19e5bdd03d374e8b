/** The reply box: Enter sends, Shift+Enter adds a line, and a toggle turns the reply into an internal note. */
import { useEffect, useRef } from 'preact/hooks';
import { LIMITS } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import type { Draft } from '../store.ts';

export interface ComposerProps {
  conversationId: string;
  draft: Draft;
  onDraftChange(draft: Draft): void;
  onSend(text: string, internal: boolean): void;
}

/** Show the remaining-characters hint only near the limit, where it matters. */
const COUNTER_FROM = LIMITS.messageLength - 500;

/** Renders the composer for one conversation; the draft itself is kept by the caller. */
export function Composer({ conversationId, draft, onDraftChange, onSend }: ComposerProps) {
  const { t } = useI18n();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const canSend = draft.text.trim().length > 0;

  // Focus the reply box when a conversation opens, but not on touch devices, where focusing
  // would throw the on-screen keyboard over the history the agent wants to read first.
  useEffect(() => {
    if (globalThis.matchMedia?.('(pointer: fine)').matches) textarea.current?.focus();
  }, [conversationId]);

  function send() {
    if (!canSend) return;
    onSend(draft.text, draft.internal);
    textarea.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    // While an input method is composing (Vietnamese Telex/VNI, CJK), Enter confirms the
    // composition; sending then would cut the last word.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form
      class={`composer${draft.internal ? ' internal' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={textarea}
        name="message"
        data-testid="composer"
        rows={3}
        maxLength={LIMITS.messageLength}
        placeholder={draft.internal ? t.composer.notePlaceholder : t.composer.placeholder}
        aria-label={draft.internal ? t.composer.internal : t.composer.send}
        value={draft.text}
        onInput={(event) => onDraftChange({ ...draft, text: event.currentTarget.value })}
        onKeyDown={onKeyDown}
      />
      <div class="composer-bar">
        <label class="toggle">
          <input
            type="checkbox"
            data-testid="internal-toggle"
            checked={draft.internal}
            onChange={(event) => onDraftChange({ ...draft, internal: event.currentTarget.checked })}
          />
          <span>{t.composer.internal}</span>
        </label>
        {draft.text.length >= COUNTER_FROM && (
          <span class="counter" aria-live="polite">
            {t.composer.remaining(LIMITS.messageLength - draft.text.length)}
          </span>
        )}
        <button type="submit" class="button primary" data-testid="send" disabled={!canSend}>
          {draft.internal ? t.composer.addNote : t.composer.send}
        </button>
      </div>
    </form>
  );
}
