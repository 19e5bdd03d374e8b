/**
 * The visitor's chat: session, socket lifecycle and delivery of own messages. This is where the
 * side effects live; every state change goes through the pure functions of store.ts.
 *
 * Delivery: each message gets a clientId once and keeps it. It is shown at once as 'sending',
 * emitted only on a connection that has resumed, and removed from `pending` when acknowledged.
 * A send lost with the connection is resent after the next resume; the server stores a clientId
 * once, so a resend never duplicates.
 */
import type { Socket } from 'socket.io-client';
import { ERRORS, EVENTS, LIMITS, type ErrorBody } from '@parley/protocol';
import { newClientId } from './client-id.ts';
import { bindServerEvents, openSocket, request, type VisitorSocket } from './connection.ts';
import { chooseLanguage } from './i18n.ts';
import { requestSession, toErrorBody } from './session.ts';
import { readToken, saveToken } from './storage.ts';
import {
  addPending,
  applyConversation,
  applySession,
  canSend,
  chosenChannel,
  dismissLeave,
  highestSeq,
  isOpenConversation,
  leaveFailed,
  leaveSucceeded,
  receiveMessage,
  refuseStart,
  removePending,
  setPendingState,
  submitLeave,
  type LeaveForm,
  type PendingMessage,
  type Store,
  type WidgetState,
} from './store.ts';

/** Actions the UI and host-page commands call. */
export interface Chat {
  /** Picks up a conversation in progress (a token is stored) without opening the panel. */
  init(): void;
  open(): void;
  close(): void;
  toggle(): void;
  /** Queues a message; false when it cannot be sent now (empty, too long, nothing to send to). */
  send(text: string): boolean;
  /** Sends a failed message again, with the same clientId. */
  retry(clientId: string): void;
  /** Tries the session and the connection again after an error. */
  retrySession(): void;
  chooseChannel(channelId: string): void;
  /** The text being written, in the composer or the offline form. */
  setDraft(text: string): void;
  setLeaveField(field: 'email' | 'name', value: string): void;
  /** Sends the offline form; returns the field that needs fixing first, if any. */
  leaveMessage(): LeaveForm['invalid'];
  /** Closes the offline form's confirmation. */
  dismissLeave(): void;
}

export interface ChatOptions {
  store: Store;
  siteKey: string;
  baseUrl: string;
  /** `data-lang` of the script tag. */
  lang: string | null;
}

/** Sync pages fetched after one reconnect at most (LIMITS.historyPage each). */
const MAX_SYNC_PAGES = 20;
/** A refused socket renews the session at most this often, so a bad token cannot loop. */
const RENEW_INTERVAL_MS = 30_000;
const UNDELIVERED: ErrorBody = { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message };

/** Editing the field the offline form flagged clears the flag. */
const fixed = (leave: LeaveForm, field: string): LeaveForm => (leave.invalid === field ? { ...leave, invalid: null } : leave);

/** Creates the chat controller for one mounted widget. */
export function createChat({ store, siteKey, baseUrl, lang }: ChatOptions): Chat {
  let token = readToken(siteKey);
  let session: Promise<boolean> | null = null;
  let socket: VisitorSocket | null = null;
  /** Sends wait until the current connection has resumed the conversation. */
  let resumed = false;
  /** Bumped on every connect and disconnect; async work of an older connection is dropped. */
  let epoch = 0;
  /** clientId → attempt number of its request in flight on the current connection. */
  const inflight = new Map<string, number>();
  let attempts = 0;
  let lastRenewal = 0;

  function ensureSession(): Promise<boolean> {
    session ??= (async () => {
      store.update((s) => ({ ...s, session: 'loading', error: null }));
      const result = await requestSession(baseUrl, siteKey, token);
      if (!result.ok) {
        session = null; // the next open or "Try again" asks again
        store.update((s) => ({ ...s, session: 'error', error: result.error }));
        return false;
      }
      token = result.data.token;
      saveToken(siteKey, token);
      const { site, visitor } = result.data;
      const language = chooseLanguage(lang, site.widget.language, navigator.language);
      store.update((s) => applySession(s, site, visitor, language));
      return true;
    })();
    return session;
  }

  /** Opens the socket once a session exists; reopens it if the server refused it earlier. */
  async function connect(): Promise<void> {
    if (!(await ensureSession())) return;
    if (socket) {
      if (!socket.active) socket.connect();
      return;
    }
    socket = openSocket(baseUrl, () => token ?? '');
    bindServerEvents(socket, store);
    socket.on('connect', () => void onConnect());
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    store.update((s) => ({ ...s, connection: 'connecting' }));
  }

  async function onConnect(): Promise<void> {
    const current = ++epoch;
    const known = store.get().conversation?.id ?? null;
    store.update((s) => ({ ...s, connection: 'connected', error: null }));
    try {
      const ack = await request(socket!, EVENTS.conversationResume, {});
      if (current !== epoch) return;
      if (ack.ok) store.update((s) => applyConversation(s, ack.data.conversation, ack.data.messages));
      await catchUp(current, known);
    } catch {
      // Timed out or dropped: a dropped connection resumes again on the next connect.
    }
    if (current !== epoch) return;
    resumed = true;
    flush();
  }

  /**
   * Fetches what was missed: always once for a conversation we knew before this connection, then
   * while the conversation's lastSeq is ahead of what we hold.
   */
  async function catchUp(current: number, known: string | null): Promise<void> {
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const { conversation, messages } = store.get();
      if (!conversation) return;
      const afterSeq = highestSeq(messages, conversation.id);
      const behind = conversation.lastSeq > afterSeq;
      if (!behind && !(page === 0 && conversation.id === known)) return;
      const ack = await request(socket!, EVENTS.conversationSync, { conversationId: conversation.id, afterSeq });
      if (current !== epoch || !ack.ok) return;
      store.update((s) => applyConversation(s, ack.data.conversation, ack.data.messages));
      // No progress: lastSeq can count internal notes, which never reach the visitor.
      if (ack.data.messages.length === 0) return;
    }
  }

  function onDisconnect(reason: Socket.DisconnectReason): void {
    epoch++;
    resumed = false;
    inflight.clear(); // their acks will never come; the messages stay 'sending' and are resent
    store.update((s) => ({ ...s, connection: 'reconnecting' }));
    // A server-side disconnect is final for Socket.IO (e.g. token revoked): renew and reconnect.
    if (reason === 'io server disconnect') void renewAndReconnect(null);
  }

  function onConnectError(error: Error): void {
    store.update((s) => (s.connection === 'connected' ? { ...s, connection: 'reconnecting' } : s));
    // `active` is false when the server's middleware refused us (bad or expired token): Socket.IO
    // stops retrying then, so renew the session. Transport errors are retried by Socket.IO itself.
    if (!socket?.active) void renewAndReconnect(error);
  }

  async function renewAndReconnect(error: Error | null): Promise<void> {
    if (Date.now() - lastRenewal < RENEW_INTERVAL_MS) {
      const data = (error as { data?: unknown } | null)?.data;
      store.update((s) => ({ ...s, error: toErrorBody({ error: data }, ERRORS.UNAUTHORIZED.status) }));
      return;
    }
    lastRenewal = Date.now();
    session = null;
    await connect();
  }

  /** Emits every 'sending' message not already in flight, in order. */
  function flush(): void {
    if (!socket?.connected || !resumed) return;
    const { conversation, pending } = store.get();
    for (const message of pending) {
      if (message.state !== 'sending' || inflight.has(message.clientId)) continue;
      if (isOpenConversation(conversation)) {
        sendMessage(message, conversation.id);
      } else {
        // The first message starts the conversation; the others wait until it exists.
        if (inflight.size === 0) startConversation(message);
        return;
      }
    }
  }

  function startConversation(message: PendingMessage): void {
    const channelId = chosenChannel(store.get());
    if (!channelId) {
      const error: ErrorBody = { code: 'VALIDATION', message: ERRORS.VALIDATION.message };
      store.update((s) => setPendingState(s, message.clientId, 'failed', error));
      return;
    }
    const { clientId, text } = message;
    void deliver(
      clientId,
      (s) => request(s, EVENTS.conversationStart, { channelId, text, clientId }),
      // If the ack lacks our message, it stays pending and flush() sends it to the new conversation.
      (s, data) => applyConversation(s, data.conversation, data.messages),
      // Queue full: the offline form takes over, prefilled with what the visitor wrote.
      (s, error) => (error.code === 'QUEUE_FULL' ? refuseStart(s, channelId) : setPendingState(s, clientId, 'failed', error)),
    );
  }

  function sendMessage(message: PendingMessage, conversationId: string): void {
    const { clientId, text } = message;
    void deliver(
      clientId,
      (s) => request(s, EVENTS.messageSend, { conversationId, clientId, text }),
      (s, data) => removePending(receiveMessage(s, data.message), clientId),
    );
  }

  /** Runs one send attempt and records its outcome, unless a reconnect superseded it. */
  async function deliver<T>(
    clientId: string,
    send: (socket: VisitorSocket) => Promise<{ ok: true; data: T } | { ok: false; error: ErrorBody }>,
    onOk: (state: WidgetState, data: T) => WidgetState,
    onError = (state: WidgetState, error: ErrorBody) => setPendingState(state, clientId, 'failed', error),
  ): Promise<void> {
    const attempt = ++attempts;
    inflight.set(clientId, attempt);
    const isCurrent = () => inflight.get(clientId) === attempt;
    try {
      const ack = await send(socket!);
      if (!isCurrent()) return;
      store.update((s) => (ack.ok ? onOk(s, ack.data) : onError(s, ack.error)));
    } catch {
      // Dropped with the connection: resent after the reconnect. Timed out while connected: show it.
      if (isCurrent() && socket?.connected) {
        store.update((s) => setPendingState(s, clientId, 'failed', UNDELIVERED));
      }
    } finally {
      if (isCurrent()) {
        inflight.delete(clientId);
        flush();
      }
    }
  }

  function open(): void {
    store.update((s) => (s.open ? s : { ...s, open: true, unread: 0 }));
    void connect();
  }

  /** Sends the offline form once; the clientId of a failed attempt is reused by the next. */
  async function leaveMessage(channelId: string, leave: LeaveForm): Promise<void> {
    const name = leave.name.trim();
    try {
      await connect();
      if (!socket) throw new Error('no connection');
      const ack = await request(socket, EVENTS.conversationLeaveMessage, {
        channelId,
        text: leave.sent!.text,
        email: leave.sent!.email,
        clientId: leave.clientId!,
        ...(name ? { name } : {}),
      });
      store.update((s) => (ack.ok ? leaveSucceeded(s, ack.data.conversation) : leaveFailed(s, ack.error)));
    } catch {
      store.update((s) => leaveFailed(s, s.error ?? UNDELIVERED));
    }
  }

  function close(): void {
    store.update((s) => (s.open ? { ...s, open: false } : s));
  }

  return {
    init() {
      if (token) void connect();
    },
    open,
    close,
    toggle() {
      if (store.get().open) close();
      else open();
    },
    send(text) {
      const body = text.trim();
      if (!body || body.length > LIMITS.messageLength || !canSend(store.get())) return false;
      store.update((s) => ({ ...addPending(s, newClientId(), body), draft: '' }));
      flush();
      return true;
    },
    retry(clientId) {
      store.update((s) => setPendingState(s, clientId, 'sending'));
      flush();
      void connect();
    },
    retrySession() {
      session = null;
      lastRenewal = 0;
      void connect();
    },
    chooseChannel(channelId) {
      store.update((s) => ({ ...s, channelId }));
    },
    setDraft(draft) {
      store.update((s) => (s.draft === draft ? s : { ...s, draft, leave: fixed(s.leave, 'message') }));
    },
    setLeaveField(field, value) {
      store.update((s) => ({ ...s, leave: { ...fixed(s.leave, field), [field]: value } }));
    },
    leaveMessage() {
      const before = store.get();
      const channelId = chosenChannel(before);
      if (before.leave.status === 'sending' || !channelId) return null;
      store.update((s) => submitLeave(s, newClientId()));
      const { leave } = store.get();
      if (leave.status === 'sending') void leaveMessage(channelId, leave);
      return leave.invalid;
    },
    dismissLeave() {
      store.update(dismissLeave);
    },
  };
}
