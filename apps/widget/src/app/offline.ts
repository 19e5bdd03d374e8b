/**
 * The offline form's state changes ("leave a message"), pure, in the forms chunk: only the refusal
 * that opens the form (`refuseStart`) and the state shape live in store.ts.
 */
import { ERRORS, EVENTS, type Conversation, type ErrorBody } from '@parley/protocol';
import type { Chat } from './chat.ts';
import { newClientId } from './client-id.ts';
import { chosenChannel, isEmail, updateConversation, type LeaveForm, type WidgetState } from './store.ts';

const UNDELIVERED: ErrorBody = { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message };

/** Editing a field of the form clears its "needs fixing" flag. */
export function setLeaveField(state: WidgetState, field: 'email' | 'name', value: string): WidgetState {
  const leave = state.leave;
  return { ...state, leave: { ...leave, [field]: value, invalid: leave.invalid === field ? null : leave.invalid } };
}

/**
 * Submits the offline form: checks it, then marks it sending with its clientId (kept from an
 * earlier failed attempt, else `newClientId`). Returns the state unchanged while already sending.
 */
export function submitLeave(state: WidgetState, newClientId: string): WidgetState {
  const leave = state.leave;
  if (leave.status === 'sending') return state;
  const text = state.draft.trim();
  const email = leave.email.trim();
  const invalid = !text ? 'message' : !isEmail(email) ? 'email' : null;
  if (invalid) return { ...state, leave: { ...leave, status: 'idle', invalid, error: null } };
  return {
    ...state,
    leave: { ...leave, status: 'sending', invalid: null, error: null, clientId: leave.clientId ?? newClientId, sent: { text, email } },
  };
}

/** The message was left: show the confirmation; the conversation (status offline) is the latest. */
export function leaveSucceeded(state: WidgetState, conversation: Conversation): WidgetState {
  const next = updateConversation(state, conversation);
  return { ...next, draft: '', queueFull: null, leave: { ...next.leave, status: 'sent', clientId: null } };
}

/** Leaving the message failed: the form stays filled, with the error; a retry reuses the clientId. */
export function leaveFailed(state: WidgetState, error: ErrorBody): WidgetState {
  return { ...state, leave: { ...state.leave, status: 'idle', error } };
}

/** Closes the confirmation so another message can be written. */
export function dismissLeave(state: WidgetState): WidgetState {
  return { ...state, leave: { ...state.leave, status: 'idle', sent: null, error: null, invalid: null } };
}


/**
 * Sends the offline form once; the clientId of a failed attempt is reused by the next. Returns the
 * field that needs fixing first, if any.
 */
export function leaveMessage(chat: Chat): LeaveForm['invalid'] {
  const { store } = chat;
  const before = store.get();
  const channelId = chosenChannel(before);
  if (before.leave.status === 'sending' || !channelId) return null;
  store.update((s) => submitLeave(s, newClientId()));
  const { leave } = store.get();
  if (leave.status !== 'sending') return leave.invalid;
  const name = leave.name.trim();
  chat
    .request(EVENTS.conversationLeaveMessage, {
      channelId,
      text: leave.sent!.text,
      email: leave.sent!.email,
      clientId: leave.clientId!,
      ...(name ? { name } : {}),
    })
    .then(
      (ack) => store.update((s) => (ack.ok ? leaveSucceeded(s, ack.data.conversation) : leaveFailed(s, ack.error))),
      () => store.update((s) => leaveFailed(s, s.error ?? UNDELIVERED)),
    );
  return null;
}
