/**
 * The forms, in a chunk of their own (imported on first use): the pre-chat form asked before the
 * first message, and the offline form ("leave a message") with its confirmation.
 */
import { useEffect, useRef } from 'preact/hooks';
import { LIMITS } from '@parley/protocol';
import type { Chat } from '../chat.ts';
import { takeFocus } from '../focus.ts';
import { errorText, format, strings, type Texts } from '../i18n.ts';
import { addStyle } from '../lazy.ts';
import { dismissLeave, leaveMessage, setLeaveField } from '../offline.ts';
import { prechatFields, type OfflineReason, type PrechatFieldName, type WidgetState } from '../store.ts';
import css from './forms.css?inline';

addStyle(css);

const texts: Texts<{
  about: string;
  name: string;
  nameOptional: string;
  nameRequired: string;
  email: string;
  emailOptional: string;
  emailRequired: string;
  emailInvalid: string;
  noAgents: string;
  queueFull: string;
  leaveMessage: string;
  leaveSend: string;
  messageRequired: string;
  leaveDone: string;
  leaveAnother: string;
}> = {
  en: {
    about: 'About you',
    name: 'Name',
    nameOptional: 'Name (optional)',
    nameRequired: 'Enter your name.',
    email: 'Email',
    emailOptional: 'Email (optional)',
    emailRequired: 'Enter your email address.',
    emailInvalid: 'Enter a valid email address.',
    noAgents: 'No one is available right now — leave a message and we’ll reply by email.',
    queueFull: 'All our agents are busy and the queue is full. Leave a message and we’ll reply by email.',
    leaveMessage: 'Message',
    leaveSend: 'Send message',
    messageRequired: 'Write your message.',
    leaveDone: 'Thanks! We’ll reply to {email}',
    leaveAnother: 'Send another message',
  },
  vi: {
    about: 'Thông tin của bạn',
    name: 'Tên',
    nameOptional: 'Tên (không bắt buộc)',
    nameRequired: 'Vui lòng nhập tên của bạn.',
    email: 'Email',
    emailOptional: 'Email (không bắt buộc)',
    emailRequired: 'Vui lòng nhập địa chỉ email.',
    emailInvalid: 'Vui lòng nhập địa chỉ email hợp lệ.',
    noAgents: 'Hiện không có ai trực — hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.',
    queueFull: 'Tất cả nhân viên hỗ trợ đều đang bận và hàng chờ đã đầy. Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.',
    leaveMessage: 'Lời nhắn',
    leaveSend: 'Gửi lời nhắn',
    messageRequired: 'Vui lòng nhập lời nhắn.',
    leaveDone: 'Cảm ơn bạn! Chúng tôi sẽ trả lời qua {email}',
    leaveAnother: 'Gửi lời nhắn khác',
  },
};

/** For tests: every string of this chunk, per language. */
export { texts as formTexts };

interface FormProps {
  state: WidgetState;
  chat: Chat;
}

/**
 * Name and email before the first message, as the site asks (optional or required); fields the
 * visitor already gave are skipped. Checked when the first message is sent (chat.send): the first
 * field in the way is focused and explained. Enter moves on to the next field, then the composer.
 */
export function Prechat({ state, chat }: FormProps) {
  const x = texts[state.lang];
  const { invalid } = state.prechat;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (invalid) form.current?.querySelector<HTMLInputElement>(`input[name="${invalid.field}"]`)?.focus();
  }, [invalid]);
  const labels: Record<PrechatFieldName, [string, string, string]> = {
    name: [x.name, x.nameOptional, x.nameRequired],
    email: [x.email, x.emailOptional, x.emailRequired],
  };
  const hint = invalid ? (invalid.reason === 'email' ? x.emailInvalid : labels[invalid.field][2]) : null;

  return (
    <form ref={form} class="prechat" data-testid="parley-prechat" aria-label={x.about} noValidate onSubmit={(event) => event.preventDefault()}>
      {prechatFields(state).map(({ field, required }) => (
        <label key={field} class="field">
          <span>{labels[field][required ? 0 : 1]}</span>
          <input
            class="input"
            name={field}
            type={field === 'email' ? 'email' : 'text'}
            autocomplete={field}
            required={required}
            maxLength={field === 'email' ? LIMITS.emailLength : LIMITS.nameLength}
            aria-invalid={invalid?.field === field}
            aria-describedby={invalid?.field === field ? 'parley-prechat-hint' : undefined}
            value={state.prechat[field]}
            onInput={(event) => chat.setPrechatField(field, event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter' || event.isComposing) return;
              event.preventDefault();
              const inputs = [...(form.current?.querySelectorAll('input') ?? [])];
              const next = inputs[inputs.indexOf(event.currentTarget) + 1];
              const composer = form.current?.parentElement?.querySelector<HTMLElement>('[data-testid="parley-composer"]');
              (next ?? composer)?.focus();
            }}
          />
        </label>
      ))}
      {hint ? (
        <p id="parley-prechat-hint" class="hint" role="alert">
          {hint}
        </p>
      ) : null}
    </form>
  );
}

interface OfflineProps extends FormProps {
  reason: OfflineReason;
  /** Shown on the panel's first render: take focus. */
  fresh: boolean;
}

/**
 * "Leave a message" in place of the composer, when nobody is online or the queue is full. The
 * message field shares the composer's draft, so nothing written is lost when one replaces the other.
 */
export function OfflineForm({ state, chat, reason, fresh }: OfflineProps) {
  const x = texts[state.lang];
  const { leave, draft } = state;
  const message = useRef<HTMLTextAreaElement>(null);
  const email = useRef<HTMLInputElement>(null);
  const sending = leave.status === 'sending';
  const queueFull = reason === 'queue-full';
  // Coming from a refused message, it is already written: the email is what is missing.
  useEffect(() => takeFocus((queueFull && draft.trim() ? email : message).current, fresh), []);

  const submit = (event: Event) => {
    event.preventDefault();
    const invalid = leaveMessage(chat);
    if (invalid) (invalid === 'email' ? email : message).current?.focus();
  };
  const hint = leave.invalid === 'email' ? x.emailInvalid : leave.invalid === 'message' ? x.messageRequired : null;

  return (
    <div class="offline">
      <p class="notice" role={queueFull ? 'alert' : 'status'} data-testid={queueFull ? 'parley-queue-full' : 'parley-no-agents'}>
        {queueFull ? x.queueFull : x.noAgents}
      </p>
      <form class="leave" data-testid="parley-offline-form" noValidate onSubmit={submit}>
        <label class="field">
          <span>{x.leaveMessage}</span>
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
          <span>{x.email}</span>
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
            onInput={(event) => chat.store.update((s) => setLeaveField(s, 'email', event.currentTarget.value))}
          />
        </label>
        <label class="field">
          <span>{x.nameOptional}</span>
          <input
            class="input"
            name="name"
            autocomplete="name"
            maxLength={LIMITS.nameLength}
            readOnly={sending}
            value={leave.name}
            onInput={(event) => chat.store.update((s) => setLeaveField(s, 'name', event.currentTarget.value))}
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
          {sending ? strings[state.lang].sending : x.leaveSend}
        </button>
      </form>
    </div>
  );
}

/** The confirmation once the message is left, with what was sent. */
export function OfflineDone({ state, chat, fresh }: FormProps & { fresh: boolean }) {
  const x = texts[state.lang];
  const sent = state.leave.sent!;
  const box = useRef<HTMLDivElement>(null);
  // The form just went away: keep keyboard focus in the panel, on the confirmation it reads.
  useEffect(() => takeFocus(box.current, fresh), []);
  return (
    <div ref={box} class="offline done" tabIndex={-1} data-testid="parley-offline-done">
      <p class="notice">{format(x.leaveDone, { email: sent.email })}</p>
      <p class="bubble sent">{sent.text}</p>
      <button type="button" class="link" onClick={() => chat.store.update(dismissLeave)}>
        {x.leaveAnother}
      </button>
    </div>
  );
}
