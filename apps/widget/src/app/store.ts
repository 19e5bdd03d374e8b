/**
 * Widget state, the pure functions that change it, and the one table from server event name to
 * handler. Handlers only compute the next state; side effects (emits, retries) live in chat.ts.
 * No DOM, Preact or socket imports here, so this file is unit-tested in Node.
 */
import {
  EVENTS,
  type Channel,
  type Conversation,
  type ErrorBody,
  type Message,
  type MessageSender,
  type PublicSite,
  type QueuePosition,
  type Visitor,
  type VisitorServerToClient,
} from '@parley/protocol';
import type { WidgetMode } from '../shared/bridge.ts';
import type { Lang } from './i18n.ts';

/** Socket state as the visitor sees it: `reconnecting` only after a connection was lost. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/**
 * An own message the server has not acknowledged yet, kept (also in localStorage, see outbox.ts)
 * and resent with the same clientId until it is.
 */
export interface PendingMessage {
  clientId: string;
  text: string;
  state: 'sending' | 'failed';
  error: ErrorBody | null;
  /** The conversation it was written in; null: it starts one (in `channelId`). */
  conversationId: string | null;
  channelId: string | null;
}

export interface WidgetState {
  mode: WidgetMode;
  open: boolean;
  /** The host page hid the launcher (`Parley('hide')`). */
  launcherHidden: boolean;
  lang: Lang;
  session: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the session failed (shown in the panel). */
  error: ErrorBody | null;
  /** The public site settings: from the widget config before a session exists, then from the session. */
  site: PublicSite | null;
  /** Who the server says the visitor is (null before a session). */
  visitor: Visitor | null;
  connection: ConnectionState;
  /** The visitor's latest conversation, or null before the first message. */
  conversation: Conversation | null;
  /** Server messages, unique by id, ordered by seq (may briefly hold another conversation's). */
  messages: Message[];
  pending: PendingMessage[];
  /** Channel picked by the visitor before the first message (sites with several channels). */
  channelId: string | null;
  /** Agent and system messages received while the panel was closed. */
  unread: number;
  /** The text being written (composer or offline form); kept when the panel closes. */
  draft: string;
  /** The latest place in line the server sent (shown while that conversation waits). */
  queue: QueuePosition | null;
  /** Channel whose conversation start was refused with QUEUE_FULL: the offline form replaces the composer. */
  queueFull: string | null;
  leave: LeaveForm;
  prechat: PrechatForm;
  /** Who is typing in our conversation, shown as "{name} is typing…". */
  typing: { conversationId: string; name: string | null } | null;
  /** Sounds muted by the visitor (remembered per site). */
  muted: boolean;
  /** The bubble by the launcher: a proactive greeting or an agent message that came while closed. */
  bubble: Bubble | null;
  /** The visitor closed a greeting on this page: no other one shows until the next page. */
  greetingDismissed: boolean;
}

export interface Bubble {
  kind: 'greeting' | 'message';
  text: string;
  /** The agent's name on a message bubble. */
  name: string | null;
}

export type PrechatFieldName = 'name' | 'email';

/** The pre-chat fields (name, email) asked before the first message, per the site's settings. */
export interface PrechatForm {
  name: string;
  email: string;
  /** The field the last send stopped at, and why (focused and explained in the form). */
  invalid: { field: PrechatFieldName; reason: 'required' | 'email' } | null;
}

/** Why the offline form replaces the composer. */
export type OfflineReason = 'no-agents' | 'queue-full';

/** The offline form ("leave a message"); its message text is `WidgetState.draft`. */
export interface LeaveForm {
  email: string;
  name: string;
  status: 'idle' | 'sending' | 'sent';
  /** One id per message left, reused on every retry of it. */
  clientId: string | null;
  /** The field that failed the check before sending (focused and explained in the form). */
  invalid: 'message' | 'email' | null;
  /** Why the last attempt failed. */
  error: ErrorBody | null;
  /** What went out: held while sending, shown in the confirmation once sent. */
  sent: { text: string; email: string } | null;
}

/** What a message row shows; own messages carry a delivery state. */
export interface ViewMessage {
  key: string;
  sender: MessageSender;
  text: string;
  authorName: string | null;
  state?: 'sending' | 'sent' | 'failed';
  error?: ErrorBody | null;
  clientId?: string;
}

/** A tiny observable holding one immutable state object. */
export interface Store {
  get(): WidgetState;
  update(change: (state: WidgetState) => WidgetState): void;
  subscribe(listener: (state: WidgetState) => void): () => void;
}

/** The state before anything is known about the site or the visitor. */
export function initialState(lang: Lang, mode: WidgetMode = 'widget', muted = false): WidgetState {
  return {
    mode,
    open: false,
    launcherHidden: false,
    lang,
    session: 'idle',
    error: null,
    site: null,
    visitor: null,
    connection: 'idle',
    conversation: null,
    messages: [],
    pending: [],
    channelId: null,
    unread: 0,
    draft: '',
    queue: null,
    queueFull: null,
    leave: emptyLeave(),
    prechat: { name: '', email: '', invalid: null },
    typing: null,
    muted,
    bubble: null,
    greetingDismissed: false,
  };
}

const emptyLeave = (): LeaveForm => ({ email: '', name: '', status: 'idle', clientId: null, invalid: null, error: null, sent: null });

/**
 * `Parley('reset')`: forgets the visitor and everything said; keeps what belongs to the page and
 * the site (mode, language, launcher visibility, sound setting, the site's settings).
 */
export function resetVisitor(state: WidgetState): WidgetState {
  const fresh = initialState(state.lang, state.mode, state.muted);
  return { ...fresh, launcherHidden: state.launcherHidden, site: state.site, greetingDismissed: state.greetingDismissed };
}

/** Creates a store; listeners run after every change that produced a new state object. */
export function createStore(initial: WidgetState): Store {
  let state = initial;
  const listeners = new Set<(state: WidgetState) => void>();
  return {
    get: () => state,
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// ---- pure helpers ------------------------------------------------------------------------

/** True while the conversation can take messages; otherwise the next send starts a new one. */
export function isOpenConversation(conversation: Conversation | null): conversation is Conversation {
  return conversation?.status === 'waiting' || conversation?.status === 'active';
}

/** Merges messages by id (incoming wins) and orders them by seq. Internal notes are dropped. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  const byId = new Map(existing.map((m) => [m.id, m]));
  for (const message of incoming) if (!message.internal) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** Highest seq held for a conversation (0 when none), the `afterSeq` of a sync. */
export function highestSeq(messages: Message[], conversationId: string): number {
  let seq = 0;
  for (const m of messages) if (m.conversationId === conversationId && m.seq > seq) seq = m.seq;
  return seq;
}

/** Drops pending messages the server now holds (matched by clientId). */
function settlePending(pending: PendingMessage[], messages: Message[]): PendingMessage[] {
  const stored = new Set(messages.map((m) => m.clientId).filter(Boolean));
  const left = pending.filter((p) => !stored.has(p.clientId));
  return left.length === pending.length ? pending : left;
}

/** The channel a new conversation goes to: the visitor's pick, or the only channel. */
export function chosenChannel(state: WidgetState): string | null {
  const channels = state.site?.channels ?? [];
  if (channels.length === 1) return channels[0]!.id;
  return channels.some((c) => c.id === state.channelId) ? state.channelId : null;
}

/**
 * Whether the offline form replaces the composer: before a conversation starts (none open, no own
 * message on its way), when the chosen channel has no agent online or refused with QUEUE_FULL.
 */
export function offlineReason(state: WidgetState): OfflineReason | null {
  if (isOpenConversation(state.conversation) || state.pending.length > 0) return null;
  const id = chosenChannel(state);
  const channel = state.site?.channels.find((c) => c.id === id);
  if (!channel) return null;
  if (state.queueFull === channel.id) return 'queue-full';
  return channel.online ? null : 'no-agents';
}

/** Whether a new message can be sent now (the UI disables sending otherwise). */
export function canSend(state: WidgetState): boolean {
  return (
    state.session === 'ready' &&
    (isOpenConversation(state.conversation) || (chosenChannel(state) !== null && !offlineReason(state)))
  );
}

/** The place in line to show: only for the conversation we hold, while it waits. */
export function queuePlace(state: WidgetState): QueuePosition | null {
  const { queue, conversation } = state;
  return queue && conversation?.status === 'waiting' && queue.conversationId === conversation.id ? queue : null;
}

/** Estimated wait in whole minutes, rounded up, at least 1; null when unknown. */
export function waitMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.max(1, Math.ceil(seconds / 60));
}

/** A place in line stops being current once its conversation no longer waits. */
function keepQueue(queue: QueuePosition | null, conversation: Conversation): QueuePosition | null {
  return queue?.conversationId === conversation.id && conversation.status !== 'waiting' ? null : queue;
}

/**
 * Applies a conversation snapshot (ack of start / resume / sync). Switching to another
 * conversation drops the old one's messages; a snapshot older than what we hold (lower lastSeq,
 * e.g. an ack overtaken by a live update) keeps the newer conversation object.
 */
export function applyConversation(
  state: WidgetState,
  conversation: Conversation | null,
  messages: Message[],
): WidgetState {
  if (!conversation) return { ...state, conversation: null, messages: [] };
  const current = state.conversation;
  const same = current?.id === conversation.id;
  const kept = same ? state.messages : state.messages.filter((m) => m.conversationId === conversation.id);
  const merged = mergeMessages(kept, messages);
  const next = same && current.lastSeq > conversation.lastSeq ? current : conversation;
  return {
    ...state,
    conversation: next,
    messages: merged,
    pending: settlePending(state.pending, merged),
    queue: keepQueue(state.queue, next),
  };
}

/** Adds one live message; counts it as unread when the panel is closed and it is not our own. */
export function receiveMessage(state: WidgetState, message: Message): WidgetState {
  if (message.internal) return state;
  const known = state.messages.some((m) => m.id === message.id);
  const messages = mergeMessages(state.messages, [message]);
  const unseen = !known && !state.open && message.sender !== 'visitor';
  return {
    ...state,
    messages,
    pending: settlePending(state.pending, [message]),
    unread: unseen ? state.unread + 1 : state.unread,
    // The message the agent was typing has arrived.
    typing: message.sender === 'agent' ? null : state.typing,
  };
}

/** The server says someone is (or stopped) typing in a conversation. */
export function setTyping(
  state: WidgetState,
  { conversationId, typing, name }: { conversationId: string; typing: boolean; name: string | null },
): WidgetState {
  if (typing) return { ...state, typing: { conversationId, name } };
  return state.typing ? { ...state, typing: null } : state;
}

/** The name to show in "{name} is typing…" (null: nobody is); only for the conversation shown. */
export function typingName(state: WidgetState): string | null {
  const { typing, conversation } = state;
  if (!typing || typing.conversationId !== conversation?.id || !isOpenConversation(conversation)) return null;
  return typing.name ?? '';
}

/** Live conversation changes are applied as they come: the socket delivers them in order. */
export function updateConversation(state: WidgetState, conversation: Conversation): WidgetState {
  const current = state.conversation;
  // Another conversation only replaces ours when ours is over (e.g. started in another tab).
  if (current && current.id !== conversation.id && isOpenConversation(current)) return state;
  return current?.id === conversation.id
    ? { ...state, conversation, queue: keepQueue(state.queue, conversation) }
    : applyConversation(state, conversation, []);
}

/** A new place in line for the visitor's waiting conversation. */
export function setQueuePosition(state: WidgetState, queue: QueuePosition): WidgetState {
  return { ...state, queue };
}

/**
 * New online flags. Channels the widget knows are updated from the payload (matched by id);
 * channels it does not list are ignored, so a partial payload cannot drop a channel.
 */
export function applyAvailability(state: WidgetState, { channels }: { channels: Channel[] }): WidgetState {
  const site = state.site;
  if (!site) return state;
  const byId = new Map(channels.map((c) => [c.id, c]));
  return { ...state, site: { ...site, channels: site.channels.map((c) => byId.get(c.id) ?? c) } };
}

/** The session is ready: the site and language, and the visitor's known email and name for the offline form. */
export function applySession(state: WidgetState, site: PublicSite, visitor: Visitor, lang: Lang): WidgetState {
  const leave = state.leave;
  // Another visitor (a verified user known from another device, after identify): not our chat.
  const other = !!state.visitor && state.visitor.id !== visitor.id;
  const base = other ? { ...state, conversation: null, messages: [], queue: null, typing: null } : state;
  return {
    ...base,
    session: 'ready',
    error: null,
    site,
    visitor,
    lang,
    leave: { ...leave, email: leave.email || visitor.email || '', name: leave.name || visitor.name || '' },
  };
}

// ---- the offline form --------------------------------------------------------------------

/**
 * Starting a conversation was refused with QUEUE_FULL: the offline form takes over, prefilled with
 * everything the visitor wrote (the refused message, any queued behind it, then the draft), and the
 * refused messages leave the log instead of lingering as failed.
 */
export function refuseStart(state: WidgetState, channelId: string): WidgetState {
  const texts = [...state.pending.map((p) => p.text), state.draft.trim() ? state.draft : ''];
  return {
    ...state,
    pending: [],
    draft: texts.filter(Boolean).join('\n\n'),
    queueFull: channelId,
    leave: {
      ...state.leave,
      email: state.leave.email || state.prechat.email.trim(),
      name: state.leave.name || state.prechat.name.trim(),
      status: 'idle',
      invalid: null,
      error: null,
      sent: null,
    },
  };
}

/** name@domain.tld: close to the server's check but looser; the server has the last word. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[A-Za-z]{2,}$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/** Queues an own message for delivery, to the open conversation or else to start one. */
export function addPending(state: WidgetState, clientId: string, text: string): WidgetState {
  const { conversation } = state;
  const conversationId = isOpenConversation(conversation) ? conversation.id : null;
  const message: PendingMessage = { clientId, text, state: 'sending', error: null, conversationId, channelId: chosenChannel(state) };
  return { ...state, pending: [...state.pending, message] };
}

/**
 * Whether a failed send may simply be tried again later (no answer, or the server was busy or
 * unavailable): such messages stay in the outbox and go out again after a reconnect or reload.
 * A refusal for cause (validation, conversation over, blocked) waits for the visitor's Retry.
 */
export const isLost = (error: ErrorBody | null): boolean =>
  !error || /^(UNAVAILABLE|INTERNAL|RATE_LIMITED|UNAUTHORIZED)$/.test(error.code);

/** After a reconnect: messages whose send was lost go out again. */
export function resendLost(state: WidgetState): WidgetState {
  return state.pending.some((p) => p.state === 'failed' && isLost(p.error))
    ? { ...state, pending: state.pending.map((p) => (p.state === 'failed' && isLost(p.error) ? { ...p, state: 'sending', error: null } : p)) }
    : state;
}

/**
 * Marks a pending message failed (shown with its error and a retry button) or sending again. A
 * CONFLICT means its conversation has ended without storing it: a retry goes to the current or a
 * new conversation instead.
 */
export function setPendingState(
  state: WidgetState,
  clientId: string,
  next: 'sending' | 'failed',
  error: ErrorBody | null = null,
): WidgetState {
  return {
    ...state,
    pending: state.pending.map((p) =>
      p.clientId === clientId
        ? { ...p, state: next, error, conversationId: error?.code === 'CONFLICT' ? null : p.conversationId }
        : p,
    ),
  };
}

/** Forgets a pending message once its send is acknowledged. */
export function removePending(state: WidgetState, clientId: string): WidgetState {
  const pending = state.pending.filter((p) => p.clientId !== clientId);
  return pending.length === state.pending.length ? state : { ...state, pending };
}

/** Rows of the message list: the conversation's messages by seq, then the unacknowledged ones. */
export function visibleMessages(state: WidgetState): ViewMessage[] {
  const id = state.conversation?.id;
  const stored: ViewMessage[] = state.messages
    .filter((m) => m.conversationId === id)
    .map((m) => ({
      // Keyed by clientId when there is one, so an acknowledged row updates in place.
      key: m.clientId ?? m.id,
      // A bot (REST API) shows like an agent, under its own name.
      sender: m.sender == 'bot' ? 'agent' : m.sender,
      text: m.text,
      authorName: m.authorName,
      ...(m.sender === 'visitor' ? { state: 'sent' as const } : {}),
    }));
  const pending: ViewMessage[] = state.pending.map((p) => ({
    key: p.clientId,
    sender: 'visitor',
    text: p.text,
    authorName: null,
    state: p.state,
    error: p.error,
    clientId: p.clientId,
  }));
  return [...stored, ...pending];
}

/**
 * The key of the row that shows "Seen": the visitor's last message, once the agent side has read
 * up to its seq (`agentReadSeq`); none while a newer own message is still on its way.
 */
export function seenKey(state: WidgetState): string | null {
  const { conversation } = state;
  if (!conversation || state.pending.length) return null;
  let last: Message | undefined;
  for (const m of state.messages) if (m.conversationId === conversation.id && m.sender === 'visitor') last = m;
  return last && conversation.agentReadSeq >= last.seq ? (last.clientId ?? last.id) : null;
}

/**
 * The seq a read receipt carries now: the highest seq held, once an agent or system message is
 * newer than what the visitor has read (`visitorReadSeq`, or `sent`, the last receipt sent for this
 * conversation); null when there is nothing new to them (their own messages alone send none).
 */
export function readReceiptSeq(state: WidgetState, sent: number): number | null {
  const { conversation, messages } = state;
  if (!conversation) return null;
  const read = Math.max(conversation.visitorReadSeq, sent);
  const unread = messages.some((m) => m.conversationId === conversation.id && m.seq > read && m.sender !== 'visitor');
  return unread ? highestSeq(messages, conversation.id) : null;
}

/**
 * Whether the post-chat survey shows: the conversation is closed and not answered yet, or was just
 * answered here (`thanked`, its id: the thanks stay in place).
 */
export function showsSurvey(conversation: Conversation | null, thanked: string | null): conversation is Conversation {
  return conversation?.status === 'closed' && (!conversation.survey || conversation.id === thanked);
}

// ---- the pre-chat form -------------------------------------------------------------------

export interface PrechatFieldView {
  field: PrechatFieldName;
  required: boolean;
}

/**
 * The pre-chat fields asked before the first message of a conversation: those the site does not
 * hide, minus those the visitor already gave (known name or email).
 */
export function prechatFields(state: WidgetState): PrechatFieldView[] {
  const settings = state.site?.widget.prechat;
  if (!settings) return [];
  const fields: PrechatFieldView[] = [];
  for (const field of ['name', 'email'] as const) {
    const setting = settings[field];
    if (setting !== 'required' && setting !== 'optional') continue;
    if (state.visitor?.[field]) continue;
    fields.push({ field, required: setting === 'required' });
  }
  return fields;
}

/** Whether the pre-chat form shows: before the first message (no open conversation, nothing sending). */
export function showsPrechat(state: WidgetState): boolean {
  return !isOpenConversation(state.conversation) && state.pending.length === 0 && prechatFields(state).length > 0;
}

/** The first field that stops the conversation from starting: required and empty, or a bad email. */
export function validatePrechat(fields: PrechatFieldView[], values: Pick<PrechatForm, PrechatFieldName>): PrechatForm['invalid'] {
  for (const { field, required } of fields) {
    const value = values[field].trim();
    if (!value) {
      if (required) return { field, reason: 'required' };
    } else if (field === 'email' && !isEmail(value)) {
      return { field, reason: 'email' };
    }
  }
  return null;
}

/** What the pre-chat form adds to the conversation start (only fields shown and filled in). */
export function prechatValues(state: WidgetState): { name?: string; email?: string } {
  const values: { name?: string; email?: string } = {};
  for (const { field } of prechatFields(state)) {
    const value = state.prechat[field].trim();
    if (value) values[field] = value;
  }
  return values;
}

// ---- the bubble by the launcher (proactive greetings, messages while closed) ---------------

/** Whether a bubble may show at all: never over the open panel, without a launcher, or on the chat page. */
function bubbleAllowed(state: WidgetState): boolean {
  return !state.open && !state.launcherHidden && state.mode === 'widget';
}

/** A site trigger fired: greet, unless the visitor is chatting already or closed a greeting on this page. */
export function showGreeting(state: WidgetState, text: string): WidgetState {
  if (!bubbleAllowed(state) || state.greetingDismissed || state.bubble || isOpenConversation(state.conversation)) return state;
  return { ...state, bubble: { kind: 'greeting', text, name: null } };
}

/** An agent or a bot wrote while the panel was closed (e.g. started a chat): preview it by the launcher. Never given visitor messages. */
export function showMessageBubble(state: WidgetState, message: Message): WidgetState {
  if (!bubbleAllowed(state) || message.sender == 'system') return state;
  return { ...state, bubble: { kind: 'message', text: message.text, name: message.authorName } };
}

/** The visitor closed the bubble; a closed greeting stays closed on this page. */
export function dismissBubble(state: WidgetState): WidgetState {
  return { ...state, bubble: null, greetingDismissed: state.greetingDismissed || state.bubble?.kind === 'greeting' };
}

// ---- the "conversation in progress" flag ---------------------------------------------------

/**
 * What the per-site flag should become for a conversation snapshot: set while it waits or is
 * active, cleared once it is closed, missed or left as an offline message; null = unknown, keep it.
 */
export function flagFor(conversation: Conversation | null | undefined): boolean | null {
  return conversation ? isOpenConversation(conversation) : null;
}

// ---- server events -----------------------------------------------------------------------

type ServerHandlers = {
  [E in keyof VisitorServerToClient]?: (
    state: WidgetState,
    ...args: Parameters<VisitorServerToClient[E]>
  ) => WidgetState;
};

/** The one table from server event to state change; connection.ts binds every entry. */
export const serverHandlers = {
  [EVENTS.messageNew]: receiveMessage,
  [EVENTS.typing]: setTyping,
  [EVENTS.conversationUpdated]: updateConversation,
  [EVENTS.queuePosition]: setQueuePosition,
  [EVENTS.siteAvailability]: applyAvailability,
} satisfies ServerHandlers;
