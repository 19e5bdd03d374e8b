/**
 * Widget state, the pure functions that change it, and the one table from server event name to
 * handler. Handlers only compute the next state; side effects (emits, retries) live in chat.ts.
 * No DOM, Preact or socket imports here, so this file is unit-tested in Node.
 */
import {
  EVENTS,
  type Conversation,
  type ErrorBody,
  type Message,
  type MessageSender,
  type PublicSite,
  type VisitorServerToClient,
} from '@parley/protocol';
import type { Lang } from './i18n.ts';

/** Socket state as the visitor sees it: `reconnecting` only after a connection was lost. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** An own message the server has not acknowledged yet (kept and resent with the same clientId). */
export interface PendingMessage {
  clientId: string;
  text: string;
  state: 'sending' | 'failed';
  error: ErrorBody | null;
}

export interface WidgetState {
  open: boolean;
  lang: Lang;
  session: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the session failed (shown in the panel). */
  error: ErrorBody | null;
  site: PublicSite | null;
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
export function initialState(lang: Lang): WidgetState {
  return {
    open: false,
    lang,
    session: 'idle',
    error: null,
    site: null,
    connection: 'idle',
    conversation: null,
    messages: [],
    pending: [],
    channelId: null,
    unread: 0,
  };
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

/** Whether a new message can be sent now (the UI disables sending otherwise). */
export function canSend(state: WidgetState): boolean {
  return state.session === 'ready' && (isOpenConversation(state.conversation) || chosenChannel(state) !== null);
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
  return {
    ...state,
    conversation: same && current.lastSeq > conversation.lastSeq ? current : conversation,
    messages: merged,
    pending: settlePending(state.pending, merged),
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
  };
}

/** Live conversation changes are applied as they come: the socket delivers them in order. */
export function updateConversation(state: WidgetState, conversation: Conversation): WidgetState {
  const current = state.conversation;
  // Another conversation only replaces ours when ours is over (e.g. started in another tab).
  if (current && current.id !== conversation.id && isOpenConversation(current)) return state;
  return current?.id === conversation.id
    ? { ...state, conversation }
    : applyConversation(state, conversation, []);
}

/** Queues an own message for delivery. */
export function addPending(state: WidgetState, clientId: string, text: string): WidgetState {
  return { ...state, pending: [...state.pending, { clientId, text, state: 'sending', error: null }] };
}

/** Marks a pending message failed (shown with its error and a retry button) or sending again. */
export function setPendingState(
  state: WidgetState,
  clientId: string,
  next: 'sending' | 'failed',
  error: ErrorBody | null = null,
): WidgetState {
  return {
    ...state,
    pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, state: next, error } : p)),
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
      sender: m.sender,
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
  [EVENTS.conversationUpdated]: updateConversation,
} satisfies ServerHandlers;
