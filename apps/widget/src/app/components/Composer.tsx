import { useEffect, useRef } from 'preact/hooks';
import { LIMITS } from '@parley/protocol';
import { takeFocus } from '../focus.ts';
import type { Strings } from '../i18n.ts';

interface Props {
  t: Strings;
  draft: string;
  onDraft: (draft: string) => void;
  /** Whether a message can go out now (session ready, channel chosen). */
  canSend: boolean;
  disabled: boolean;
  /** Returns false when the message was not taken; the draft is then kept. */
  onSend: (text: string) => boolean;
  /** Shown on the panel's first render: take focus. */
  fresh: boolean;
}

/** Message input: Enter sends, Shift+Enter starts a new line. */
export function Composer({ t, draft, onDraft, canSend, disabled, onSend, fresh }: Props) {
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => takeFocus(input.current, fresh), []); // ready to type

  // A message taken by onSend clears the draft.
  const submit = () => onSend(draft);

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={input}
        class="input"
        data-testid="parley-composer"
        rows={2}
        maxLength={LIMITS.messageLength}
        placeholder={t.placeholder}
        aria-label={t.placeholder}
        value={draft}
        disabled={disabled}
        onInput={(event) => onDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          // While an IME is composing (e.g. Vietnamese Telex), Enter confirms the word, not the message.
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
          event.preventDefault();
          submit();
        }}
      />
      <button type="submit" class="send" data-testid="parley-send" aria-label={t.send} disabled={!canSend || !draft.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3 20l18-8L3 4v6l12 2-12 2z" />
        </svg>
      </button>
    </form>
  );
}
