import { useEffect, useRef } from 'preact/hooks';
import { LIMITS } from '@parley/protocol';
import type { Chat } from '../chat.ts';
import { takeFocus } from '../focus.ts';
import { errorText, format, strings } from '../i18n.ts';
import type { OfflineReason, WidgetState } from '../store.ts';

interface Props {
  state: WidgetState;
  chat: Chat;
  reason: OfflineReason;
  /** Shown on the panel's first render: take focus. */
  fresh: boolean;
}

/**
 * "Leave a message" in place of the composer, when nobody is online or the queue is full. The
 * message field shares the composer's draft, so nothing written is lost when one replaces the other.
 */
export function OfflineForm({ state, chat, reason, fresh }: Props) {
  const t = strings[state.lang];
  const { leave, draft } = state;
  const message = useRef<HTMLTextAreaElement>(null);
  const email = useRef<HTMLInputElement>(null);
  const sending = leave.status === 'sending';
  const queueFull = reason === 'queue-full';
  // Coming from a refused message, it is already written: the email is what is missing.
  useEffect(() => takeFocus((queueFull && draft.trim() ? email : message).current, fresh), []);

  const submit = (event: Event) => {
    event.preventDefault();
    const invalid = chat.leaveMessage();
    if (invalid) (invalid === 'email' ? email : message).current?.focus();
  };
  const hint = leave.invalid === 'email' ? t.emailInvalid : leave.invalid === 'message' ? t.messageRequired : null;

  return (
    <div class="offline">
      <p class="notice" role={queueFull ? 'alert' : 'status'} data-testid={queueFull ? 'parley-queue-full' : 'parley-no-agents'}>
        {queueFull ? t.queueFull : t.noAgents}
      </p>
      <form class="leave" data-testid="parley-offline-form" noValidate onSubmit={submit}>
        <label class="field">
          <span>{t.leaveMessage}</span>
          <textarea
            ref={message}
            class="input"
            name="message"
            rows={3}
            required
            maxLength={LIMITS.messageLength}
            readOnly={sending}
            aria-invalid={leave.invalid === 'message'}
            aria-describedby={leave.invalid === 'message' ? 'parley-leave-hint' : undefined}
            value={draft}
            onInput={(event) => chat.setDraft(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.email}</span>
          <input
            ref={email}
            class="input"
            type="email"
            name="email"
            required
            autocomplete="email"
            maxLength={LIMITS.emailLength}
            readOnly={sending}
            aria-invalid={leave.invalid === 'email'}
            aria-describedby={leave.invalid === 'email' ? 'parley-leave-hint' : undefined}
            value={leave.email}
            onInput={(event) => chat.setLeaveField('email', event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.nameOptional}</span>
          <input
            class="input"
            name="name"
            autocomplete="name"
            maxLength={LIMITS.nameLength}
            readOnly={sending}
            value={leave.name}
            onInput={(event) => chat.setLeaveField('name', event.currentTarget.value)}
          />
        </label>
        {hint ? (
          <p id="parley-leave-hint" class="hint" role="alert">
            {hint}
          </p>
        ) : null}
        {leave.error ? (
          <p class="hint" role="alert" data-testid="parley-offline-error">
            {errorText(state.lang, leave.error)}
          </p>
        ) : null}
        <button type="submit" class="submit" data-testid="parley-offline-submit" aria-disabled={sending}>
          {sending ? t.sending : t.leaveSend}
        </button>
      </form>
    </div>
  );
}

/** The confirmation once the message is left, with what was sent. */
export function OfflineDone({ state, chat, fresh }: Omit<Props, 'reason'>) {
  const t = strings[state.lang];
  const sent = state.leave.sent!;
  const box = useRef<HTMLDivElement>(null);
  // The form just went away: keep keyboard focus in the panel, on the confirmation it reads.
  useEffect(() => takeFocus(box.current, fresh), []);
  return (
    <div ref={box} class="offline done" tabIndex={-1} data-testid="parley-offline-done">
      <p class="notice">{format(t.leaveDone, { email: sent.email })}</p>
      <p class="bubble sent">{sent.text}</p>
      <button type="button" class="link" onClick={chat.dismissLeave}>
        {t.leaveAnother}
      </button>
    </div>
  );
}
