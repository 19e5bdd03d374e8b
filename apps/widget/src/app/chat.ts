/**
 * The visitor's chat: config, session, identity, socket lifecycle, delivery of own messages, and
 * what the host page hears about it. This is where the side effects live; every state change goes
 * through the pure functions of store.ts.
 *
 * Lazy by design: before the visitor shows interest only the public widget config is fetched (no
 * visitor is created); the session is created when the panel opens (or `identify` is called), and
 * the socket opens with the panel, or at once when the per-site flag says a conversation is in
 * progress.
 *
 * Delivery: each message gets a clientId once and keeps it. It is shown at once as 'sending',
 * kept in the outbox (localStorage, outbox.ts), emitted only on a connection that has resumed, and
 * removed from `pending` and the outbox when acknowledged. A send lost with the connection or the
 * page is resent after the next resume, with the same clientId; the server stores a clientId once,
 * so a resend never duplicates.
 *
 * Read receipts: while the panel is open and the page visible, the highest seq shown is sent as
 * `conversation:read` (at most once a second); the agent side's `agentReadSeq` shows as "Seen".
 */
import type { Socket } from 'socket.io-client';
import {
  ERRORS,
  EVENTS,
  LIMITS,
  type Conversation,
  type ErrorBody,
  type Message,
  type PublicSite,
  type VisitorSessionResponse,
} from '@parley/protocol';
import { chatFlagKey, outboxKey } from '../shared/keys.ts';
import { newClientId } from './client-id.ts';
import {
  bindServerEvents,
  openSocket,
  request,
  usePolling,
  type AckOf,
  type PayloadOf,
  type RequestEvent,
  type VisitorSocket,
} from './connection.ts';
import type { HostEvents } from './host.ts';
import { chooseLanguage } from './i18n.ts';
import { readOutbox, restorePending, saveOutbox } from './outbox.ts';
import { fetchConfig, requestIdentify, requestSession, toErrorBody } from './session.ts';
import { claimBeep, readFlag, readToken, saveToken, write, writeFlag, writeMuted } from './storage.ts';
import {
  addPending,
  applyConversation,
  applySession,
  canSend,
  chosenChannel,
  dismissBubble,
  flagFor,
  highestSeq,
  isOpenConversation,
  prechatFields,
  prechatValues,
  readReceiptSeq,
  receiveMessage,
  refuseStart,
  removePending,
  resendLost,
  resetVisitor,
  setPendingState,
  showGreeting,
  showMessageBubble,
  validatePrechat,
  type PendingMessage,
  type PrechatFieldName,
  type Store,
  type WidgetState,
} from './store.ts';
import { createTypingSignal } from './typing.ts';

/** Actions the UI and host-page commands call. */
export interface Chat {
  readonly siteKey: string;
  readonly baseUrl: string;
  /** For the parts loaded on demand, which bring their own pure state changes. */
  readonly store: Store;
  /** Loads the widget config, or picks up a conversation in progress, without opening the panel. */
  init(): void;
  open(): void;
  close(): void;
  toggle(): void;
  /** Shows / hides the launcher (hiding also closes the panel). */
  show(): void;
  hide(): void;
  /**
   * Sends claims about the visitor, `{ name?, email?, userId?, attributes?, identityToken? }`
   * (after creating the session if there is none yet); calls run in order.
   */
  identify(data: unknown): Promise<void>;
  /** Logout: forgets the visitor and the conversation; the next interaction is a new visitor. */
  reset(): void;
  /** Queues a message; false when it cannot be sent now (empty, too long, nothing to send to, pre-chat form incomplete). */
  send(text: string): boolean;
  /** Sends a failed message again, with the same clientId. */
  retry(clientId: string): void;
  /** Tries the session and the connection again after an error. */
  retrySession(): void;
  chooseChannel(channelId: string): void;
  /** The text being written, in the composer or the offline form. */
  setDraft(text: string): void;
  /** The composer's text changed: drives the typing signal to the agent. */
  noteTyping(text: string): void;
  setPrechatField(field: PrechatFieldName, value: string): void;
  /**
   * A request with an ack over the socket, connecting first if needed (the offline form, the
   * survey). Rejects when there is no connection or no ack comes.
   */
  request<E extends RequestEvent>(event: E, payload: PayloadOf<E>): Promise<AckOf<E>>;
  toggleMute(): void;
  /** Closes the bubble by the launcher. */
  dismissBubble(): void;
}

export interface ChatOptions {
  store: Store;
  siteKey: string;
  baseUrl: string;
  /** `data-lang` of the script tag. */
  lang: string | null;
  events: HostEvents;
}

/** Sync pages fetched after one reconnect at most (LIMITS.historyPage each). */
const MAX_SYNC_PAGES = 20;
/** A refused socket renews the session at most this often, so a bad token cannot loop. */
const RENEW_INTERVAL_MS = 30_000;
/** "… is typing" goes away on its own when the agent's client stops saying so. */
const TYPING_SHOWN_MS = 5000;
/** Read receipts go out at most this often. */
const READ_INTERVAL_MS = 1000;
const UNDELIVERED: ErrorBody = { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message };

/** Creates the chat controller for one mounted widget. */
export function createChat({ store, siteKey, baseUrl, lang, events }: ChatOptions): Chat {
  let token = readToken(siteKey);
  let session: Promise<boolean> | null = null;
  let socket: VisitorSocket | null = null;
  /** Sends wait until the current connection has resumed the conversation. */
  let resumed = false;
  /** Bumped on every connect and disconnect; async work of an older connection is dropped. */
  let epoch = 0;
  /** Bumped by reset: async work begun for the forgotten visitor is dropped. */
  let generation = 0;
  /** clientId → attempt number of its request in flight on the current connection. */
  const inflight = new Map<string, number>();
  let attempts = 0;
  let lastRenewal = 0;
  /** Identify calls run one after another, in the order the host page made them. */
  let identities: Promise<void> = Promise.resolve();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let greeted = false;
  let flag = readFlag(siteKey);
  /** The last read receipt sent: conversation id and seq; when; the one waiting for the interval. */
  let readId = '';
  let readSeq = 0;
  let readAt = 0;
  let readTimer: ReturnType<typeof setTimeout> | undefined;

  // Messages a reload (or a crash) interrupted come back, to be resent once connected.
  store.update((s) => restorePending(s, readOutbox(siteKey)));

  /** Agents see the draft as it is typed (sneak peek) only when the site says so; the panel tells the visitor. */
  const peek = () => store.get().site?.widget.typingPreview === true;
  const typingSignal = createTypingSignal(
    (typing) => {
      const { conversation, draft } = store.get();
      if (socket?.connected && isOpenConversation(conversation)) {
        socket.emit(EVENTS.typing, { conversationId: conversation.id, typing, ...(typing && peek() ? { preview: draft } : {}) });
      }
    },
    Date.now,
    peek,
  );

  function setFlag(next: boolean): void {
    flag = next;
    writeFlag(siteKey, next);
  }

  // What the host page hears, and the "conversation in progress" flag, follow the state.
  let last = store.get();
  store.subscribe((state) => {
    const before = last;
    last = state;
    const next = flagFor(state.conversation);
    if (next !== null && next !== flag) setFlag(next);
    if (state.open !== before.open) events.emit(state.open ? 'opened' : 'closed');
    if (state.unread !== before.unread) events.emit('unread', state.unread);
    if (state.pending !== before.pending) saveOutbox(siteKey, before.pending, state.pending);
    markRead();
  });
  addEventListener('visibilitychange', () => markRead());

  /**
   * Sends the read receipt (`readReceiptSeq`) when the visitor can see the messages (panel open,
   * page visible); at most once per READ_INTERVAL_MS (the last one waits).
   */
  function markRead(): void {
    const state = store.get();
    const id = state.conversation?.id;
    if (!state.open || document.visibilityState === 'hidden' || !id || !resumed || !socket?.connected) return;
    const seq = readReceiptSeq(state, id === readId ? readSeq : 0);
    if (seq === null) return;
    const wait = readAt + READ_INTERVAL_MS - Date.now();
    if (wait > 0) {
      readTimer ??= setTimeout(() => {
        readTimer = undefined;
        markRead();
      }, wait);
      return;
    }
    readId = id;
    readSeq = seq;
    readAt = Date.now();
    socket.emit(EVENTS.conversationRead, { conversationId: id, seq });
  }

  /** The language: data-lang, else the site's, else the browser's. */
  const languageOf = (site: PublicSite) => chooseLanguage(lang, site.widget.language, navigator.language);

  /** Shows the first matching proactive greeting once its delay (time on the page) has passed. */
  function greet(site: PublicSite): void {
    const triggers = site.widget.triggers;
    if (greeted || !triggers?.length || store.get().mode === 'page') return;
    greeted = true;
    void import('./greeting.ts').then(
      (m) => m.scheduleGreeting(triggers, (text) => store.update((s) => showGreeting(s, text))),
      () => {}, // no greeting, then
    );
  }

  async function loadConfig(): Promise<void> {
    const current = generation;
    const result = await fetchConfig(baseUrl, siteKey);
    // Quietly: without it the session brings the same settings when the visitor opens the chat.
    if (!result.ok || current !== generation) return;
    const site = result.data;
    store.update((s) => (s.site ? s : { ...s, site, lang: languageOf(site) }));
    greet(site);
  }

  /** Takes a session answer (session or identify); true when it carried another token. */
  function adopt({ token: next, site, visitor }: VisitorSessionResponse): boolean {
    const changed = next !== token;
    token = next;
    saveToken(siteKey, next);
    store.update((s) => applySession(s, site, visitor, languageOf(site)));
    greet(site);
    return changed;
  }

  function ensureSession(): Promise<boolean> {
    session ??= (async () => {
      const current = generation;
      store.update((s) => ({ ...s, session: 'loading', error: null }));
      const result = await requestSession(baseUrl, siteKey, token);
      if (current !== generation) return false;
      if (!result.ok) {
        session = null; // the next open or "Try again" asks again
        store.update((s) => ({ ...s, session: 'error', error: result.error }));
        events.emit('error', result.error);
        return false;
      }
      adopt(result.data);
      return true;
    })();
    return session;
  }

  /** Opens the socket once a session exists; reopens it if the server refused it earlier. */
  async function connect(): Promise<void> {
    const current = generation;
    if (!(await ensureSession()) || current !== generation) return;
    if (socket) {
      if (!socket.active) socket.connect();
      return;
    }
    const next = openSocket(baseUrl, () => token ?? '');
    socket = next;
    // Registered before the store's handlers, so they still see the state before the event.
    next.on(EVENTS.messageNew, noticeMessage);
    next.on(EVENTS.conversationUpdated, noticeConversation);
    bindServerEvents(next, store);
    next.on(EVENTS.typing, ({ typing }) => {
      clearTimeout(typingTimer);
      if (typing) typingTimer = setTimeout(() => store.update((s) => (s.typing ? { ...s, typing: null } : s)), TYPING_SHOWN_MS);
    });
    next.on('connect', () => void onConnect());
    next.on('disconnect', onDisconnect);
    next.on('connect_error', onConnectError);
    store.update((s) => ({ ...s, connection: 'connecting' }));
  }

  /** A new message from the agent side: tell the host page; preview and beep when the visitor may not see it. */
  function noticeMessage(message: Message): void {
    if (message.internal || message.sender === 'visitor') return;
    const state = store.get();
    if (state.messages.some((m) => m.id === message.id)) return;
    events.emit('message', message);
    if (message.sender == 'system') return; // agent or bot from here
    if (!state.open) store.update((s) => showMessageBubble(s, message));
    const unseen = !state.open || document.visibilityState === 'hidden';
    if (unseen && !state.muted && claimBeep(siteKey, message.id)) void import('./sound.ts').then((m) => m.beep(), () => {});
  }

  /**
   * A conversation we did not know replaced ours (an agent started a chat with the visitor, or it
   * was started in another tab): fetch its history once the store has taken it.
   */
  function noticeConversation(conversation: Conversation): void {
    if (store.get().conversation?.id === conversation.id) return;
    const current = epoch;
    queueMicrotask(() => {
      if (resumed && current === epoch && store.get().conversation?.id === conversation.id) void catchUp(current, null);
    });
  }

  async function onConnect(): Promise<void> {
    const current = ++epoch;
    const known = store.get().conversation?.id ?? null;
    store.update((s) => ({ ...s, connection: 'connected', error: null }));
    try {
      const ack = await request(socket!, EVENTS.conversationResume, {});
      if (current !== epoch) return;
      if (ack.ok) {
        store.update((s) => applyConversation(s, ack.data.conversation, ack.data.messages));
        if (!ack.data.conversation && flag) setFlag(false);
      }
      await catchUp(current, known);
    } catch {
      // Timed out or dropped: a dropped connection resumes again on the next connect.
    }
    if (current !== epoch) return;
    resumed = true;
    // Sends lost with the last connection (no ack, server busy) go out again, same clientId.
    store.update(resendLost);
    flush();
    markRead();
  }

  /**
   * Fetches what was missed: always once for a conversation we knew before this connection, then
   * while the conversation's lastSeq is ahead of what we hold.
   */
  async function catchUp(current: number, known: string | null): Promise<void> {
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const { conversation, messages } = store.get();
      if (!conversation || !socket) return;
      const afterSeq = highestSeq(messages, conversation.id);
      const behind = conversation.lastSeq > afterSeq;
      if (!behind && !(page === 0 && conversation.id === known)) return;
      const ack = await request(socket, EVENTS.conversationSync, { conversationId: conversation.id, afterSeq });
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
    store.update((s) => ({ ...s, connection: 'reconnecting', typing: null }));
    // A server-side disconnect is final for Socket.IO (e.g. token revoked): renew and reconnect.
    if (reason === 'io server disconnect') void renewAndReconnect(null);
  }

  function onConnectError(error: Error): void {
    store.update((s) => (s.connection === 'connected' ? { ...s, connection: 'reconnecting' } : s));
    // `active` is false when the server's middleware refused us (bad or expired token): Socket.IO
    // stops retrying then, so renew the session. Transport errors are retried by Socket.IO itself,
    // from then on with long-polling as the fallback should WebSockets be blocked.
    if (!socket?.active) void renewAndReconnect(error);
    else void usePolling(socket);
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

  /**
   * Emits every 'sending' message not already in flight, in order: to the conversation it was
   * written in (should that one have ended meanwhile, the server answers CONFLICT unless it holds
   * the message already), else to the open one, else it starts one.
   */
  function flush(): void {
    if (!socket?.connected || !resumed) return;
    const { conversation, pending } = store.get();
    for (const message of pending) {
      if (message.state !== 'sending' || inflight.has(message.clientId)) continue;
      const to = message.conversationId ?? (isOpenConversation(conversation) ? conversation.id : null);
      if (to) {
        sendMessage(message, to);
      } else {
        // The first message starts the conversation; the others wait until it exists.
        if (inflight.size === 0) startConversation(message);
        return;
      }
    }
  }

  function startConversation(message: PendingMessage): void {
    const state = store.get();
    const channelId = message.channelId ?? chosenChannel(state);
    if (!channelId) {
      const error: ErrorBody = { code: 'VALIDATION', message: ERRORS.VALIDATION.message };
      store.update((s) => setPendingState(s, message.clientId, 'failed', error));
      return;
    }
    const { clientId, text } = message;
    // The pre-chat form: the email goes through identify (unverified) first, the name with the start.
    const { name, email } = prechatValues(state);
    void deliver(
      clientId,
      async (s) => {
        if (email) await identify({ email });
        return request(s, EVENTS.conversationStart, { channelId, text, clientId, ...(name ? { name } : {}) });
      },
      // If the ack lacks our message, it stays pending and flush() sends it to the new conversation.
      (s, data) => {
        const next = applyConversation(s, data.conversation, data.messages);
        // The name is known now: the pre-chat form does not ask for it again.
        return name && next.visitor && !next.visitor.name ? { ...next, visitor: { ...next.visitor, name } } : next;
      },
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

  function identify(data: unknown): Promise<void> {
    const current = generation;
    identities = identities.then(() => (current === generation ? runIdentify(data) : undefined)).catch(() => {});
    return identities;
  }

  async function runIdentify(data: unknown): Promise<void> {
    const { toIdentity } = await import('./identity.ts');
    const identity = toIdentity(data);
    if (!identity) {
      console.warn("[parley] 'identify' needs { name?, email?, userId?, attributes?, identityToken? }");
      return;
    }
    const current = generation;
    if (!(await ensureSession()) || current !== generation || !token) return;
    const result = await requestIdentify(baseUrl, { siteKey, token, ...identity });
    if (current !== generation) return;
    if (!result.ok) {
      // A forged or expired identity token is refused (UNAUTHORIZED) and its claims not applied.
      console.warn(`[parley] identify was refused: ${result.error.code} ${result.error.message}`);
      events.emit('error', result.error);
      return;
    }
    // Another token (a verified user known from another device): reconnect as them and resume.
    if (adopt(result.data) && socket) {
      socket.disconnect();
      socket.connect();
    }
  }

  function open(): void {
    store.update((s) => (s.open ? s : { ...s, open: true, unread: 0, bubble: null }));
    void connect();
  }

  function close(): void {
    typingSignal.stop();
    store.update((s) => (s.open && s.mode === 'widget' ? { ...s, open: false } : s));
  }

  // A conversation started in another tab: connect here too, so this tab follows it.
  addEventListener('storage', (event) => {
    if (event.key !== chatFlagKey(siteKey) || !event.newValue || socket) return;
    token ??= readToken(siteKey);
    if (token) void connect();
  });

  return {
    siteKey,
    baseUrl,
    store,
    init() {
      if (store.get().mode === 'page') return open();
      if (session) return; // a command (open, identify) already started the session
      // A conversation in progress, or messages a reload interrupted: connect at once.
      if ((flag || store.get().pending.length) && token) void connect();
      else void loadConfig();
    },
    open,
    close,
    toggle() {
      if (store.get().open) close();
      else open();
    },
    show() {
      store.update((s) => (s.launcherHidden ? { ...s, launcherHidden: false } : s));
    },
    hide() {
      close();
      store.update((s) => (s.mode === 'widget' ? { ...s, launcherHidden: true, bubble: null } : s));
    },
    identify,
    reset() {
      generation++;
      epoch++;
      if (socket) {
        socket.removeAllListeners(); // no 'disconnect' handling for a socket we drop
        socket.disconnect();
        socket = null;
      }
      session = null;
      token = null;
      resumed = false;
      inflight.clear();
      identities = Promise.resolve();
      clearTimeout(typingTimer);
      typingSignal.stop();
      saveToken(siteKey, null);
      setFlag(false);
      store.update(resetVisitor);
      write(outboxKey(siteKey), null);
    },
    send(text) {
      const body = text.trim().normalize('NFC');
      const state = store.get();
      if (!body || body.length > LIMITS.messageLength || !canSend(state)) return false;
      if (!isOpenConversation(state.conversation) && state.pending.length === 0) {
        const invalid = validatePrechat(prechatFields(state), state.prechat);
        if (invalid) {
          store.update((s) => ({ ...s, prechat: { ...s.prechat, invalid } }));
          return false;
        }
      }
      typingSignal.stop();
      store.update((s) => ({ ...addPending(s, newClientId(), body), draft: '', prechat: { ...s.prechat, invalid: null } }));
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
      // Editing the message clears the offline form's "write your message" flag.
      store.update((s) =>
        s.draft === draft ? s : { ...s, draft, leave: s.leave.invalid === 'message' ? { ...s.leave, invalid: null } : s.leave },
      );
    },
    noteTyping(text) {
      if (text.trim()) typingSignal.input();
      else typingSignal.stop();
    },
    setPrechatField(field, value) {
      store.update((s) => ({
        ...s,
        prechat: { ...s.prechat, [field]: value, invalid: s.prechat.invalid?.field === field ? null : s.prechat.invalid },
      }));
    },
    async request(event, payload) {
      await connect();
      if (!socket) throw new Error('no connection');
      return request(socket, event, payload);
    },
    toggleMute() {
      store.update((s) => ({ ...s, muted: !s.muted }));
      writeMuted(siteKey, store.get().muted);
    },
    dismissBubble() {
      store.update(dismissBubble);
    },
  };
}
