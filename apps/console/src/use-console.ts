/**
 * The signed-in console's live session: owns the socket, feeds the reducer, and offers the
 * actions the views call. Side effects (requests, retries, resyncs) live here; state changes
 * live in store.ts.
 */
import { useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import {
  EVENTS,
  HTTP,
  LIMITS,
  type AgentStatus,
  type VisitorErasure,
  type InitiateConversation,
  type TransferConversation,
} from '@parley/protocol';
import { ApiError, fetchCannedResponses, fetchTranscript, type TranscriptFormat } from './api.ts';
import { newClientId } from './client-id.ts';
import { apiRequest, downloadFile } from './admin/http.ts';
import { saveBlob } from './download.ts';
import type { UiError } from './errors.ts';
import {
  bindServerEvents,
  connectAgentSocket,
  isUnauthorizedConnectError,
  request,
  type AgentSocket,
} from './socket.ts';
import {
  createState,
  reducer,
  syncPoint,
  TYPING_TTL_MS,
  type Action,
  type ConsoleState,
  type Draft,
  type OutgoingMessage,
  type SearchRequest,
} from './store.ts';

export interface ConsoleActions {
  /** Shows a conversation and subscribes to its messages. */
  open(conversationId: string): void;
  /** Leaves the conversation view (the back button on narrow screens). */
  closeView(): void;
  setDraft(conversationId: string, draft: Draft): void;
  /** Queues a message; it shows as sending until the server acknowledges it. */
  send(conversationId: string, text: string, internal: boolean): void;
  /** Sends a failed message again, with the same client id. */
  retry(clientId: string): void;
  /** Closes a conversation; resolves with the error, if any, for the caller to show. */
  closeConversation(conversationId: string): Promise<UiError | null>;
  /** Reconnects after the server refused the connection for a reason other than the token. */
  reconnect(): void;
  /** Sets the agent's availability; resolves with the error, if any. */
  setStatus(status: AgentStatus): Promise<UiError | null>;
  /** Takes a waiting conversation and opens it; a refusal is kept in `state.claims`. */
  claim(conversationId: string): void;
  /** Hands a conversation to another agent or channel; resolves with the error, if any. */
  transfer(payload: TransferConversation): Promise<UiError | null>;
  /** Loads a site's agents with their status and load (for the transfer dialog). */
  loadAgents(siteId: string): Promise<UiError | null>;
  /**
   * Fetches (or refreshes) a site's visitors online into `state.onlineVisitors`. Skipped while
   * one is in flight for that site or while disconnected (the view asks again on reconnect).
   */
  loadOnlineVisitors(siteId: string): void;
  /**
   * Starts a proactive chat with a visitor of `siteId` and opens it. Progress and refusals are
   * kept in `state.initiations`; resolves with the error, if any. The caller passes the clientId
   * of this attempt and reuses it when sending the same message again.
   */
  initiate(siteId: string, payload: InitiateConversation): Promise<UiError | null>;
  /** Forgets a finished attempt's error (the form was closed). */
  dismissInitiate(visitorId: string): void;
  /** Searches the agent's sites; the latest answer lands in `state.search` (older ones are dropped). */
  search(request: SearchRequest): void;
  /** Leaves search: the inbox list shows again. */
  clearSearch(): void;
  /** Loads (or refreshes) a visitor's side panel into `state.contexts`. */
  loadVisitorContext(visitorId: string): void;
  /** Blocks or unblocks a visitor; resolves with the error, if any. */
  blockVisitor(visitorId: string, blocked: boolean): Promise<UiError | null>;
  /** Takes a closed, missed or offline conversation back up, assigned to the agent. */
  reopen(conversationId: string): Promise<UiError | null>;
  /** Read receipt: the agent has seen the conversation up to `seq`. */
  markRead(conversationId: string, seq: number): void;
  /** Tells the visitor the agent is (or stopped) typing. */
  sendTyping(conversationId: string, typing: boolean): void;
  /** Loads a site's canned responses once (again after a failure). */
  loadCanned(siteId: string): void;
  /** Downloads a conversation's transcript as a file; resolves with the error, if any. */
  downloadTranscript(conversationId: string, format: TranscriptFormat): Promise<UiError | null>;
  /** Admins: downloads everything about a visitor (GDPR access request) as JSON. */
  exportVisitor(siteId: string, visitorId: string): Promise<UiError | null>;
  /** Admins: erases a visitor and all their conversations; resolves with the error, if any. */
  eraseVisitor(siteId: string, visitorId: string): Promise<UiError | null>;
}

/** Called for every server event, with the state before it is applied (for sounds and notifications). */
export type ServerActionListener = (action: Action, before: ConsoleState) => void;

/** Messages a resync fetches at most, in pages, before leaving the rest to the next reconnect. */
const MAX_SYNC_PAGES = 20;

/**
 * Connects the agent socket for `token` and keeps the console state in step with the server.
 * `onUnauthorized` is called when the server no longer accepts the token.
 */
export function useConsole(
  token: string,
  agentId: string,
  onUnauthorized: () => void,
  onServerAction?: ServerActionListener,
): { state: ConsoleState; actions: ConsoleActions } {
  const [state, dispatch] = useReducer(reducer, agentId, createState);
  // Socket callbacks outlive renders; they read the latest state through this ref.
  const stateRef = useRef(state);
  stateRef.current = state;
  const socketRef = useRef<AgentSocket | null>(null);
  const inFlight = useRef(new Set<string>());
  /** Sites whose online-visitor list is being fetched. */
  const visitorsInFlight = useRef(new Set<string>());
  const onUnauthorizedRef = useRef(onUnauthorized);
  onUnauthorizedRef.current = onUnauthorized;
  const onServerActionRef = useRef(onServerAction);
  onServerActionRef.current = onServerAction;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  /** Numbers search requests (see SearchState.seq). */
  const searchSeq = useRef(0);
  /** Visitors whose side panel is being fetched, and sites whose canned responses are. */
  const contextsInFlight = useRef(new Set<string>());
  const cannedInFlight = useRef(new Set<string>());

  // Built once: every step reads the socket and state through refs, never through a closure.
  const { actions, onConnect } = useMemo(() => {
    const socket = () => socketRef.current;

    async function loadList(s: AgentSocket) {
      const result = await request(s, EVENTS.conversationList, {});
      if (result.ok) dispatch({ type: 'listLoaded', conversations: result.data.conversations });
      else if (result.error.code === 'UNAUTHORIZED') onUnauthorizedRef.current();
      else dispatch({ type: 'listFailed', error: result.error });
    }

    /** The queues of the agent's sites and the agent's own status and load. */
    async function loadQueues(s: AgentSocket) {
      const result = await request(s, EVENTS.queueOverview, {});
      if (result.ok) dispatch({ type: 'queueOverview', sites: result.data.sites, me: result.data.me });
      else if (result.error.code === 'UNAUTHORIZED') onUnauthorizedRef.current();
      // Otherwise the strip stays as it was; live `queue:updated` events still refresh it.
    }

    async function openConversation(s: AgentSocket, conversationId: string) {
      dispatch({ type: 'openRequested', conversationId });
      const result = await request(s, EVENTS.conversationOpen, { conversationId });
      if (result.ok) dispatch({ type: 'opened', result: result.data });
      else dispatch({ type: 'openFailed', conversationId, error: result.error });
    }

    /** Fetches what the open conversation missed while disconnected, a page at a time. */
    async function resync(s: AgentSocket, conversationId: string, afterSeq: number) {
      for (let page = 0; page < MAX_SYNC_PAGES; page++) {
        const result = await request(s, EVENTS.conversationSync, { conversationId, afterSeq });
        if (!result.ok) return;
        const { conversation, messages } = result.data;
        dispatch({ type: 'synced', conversation, messages });
        const last = messages.at(-1);
        if (!last || messages.length < LIMITS.historyPage) return;
        afterSeq = last.seq;
      }
    }

    async function deliver(s: AgentSocket, message: OutgoingMessage) {
      if (inFlight.current.has(message.clientId)) return;
      inFlight.current.add(message.clientId);
      const result = await request(s, EVENTS.messageSend, {
        conversationId: message.conversationId,
        clientId: message.clientId,
        text: message.text,
        ...(message.internal ? { internal: true } : {}),
      });
      inFlight.current.delete(message.clientId);
      if (result.ok) dispatch({ type: 'sendAcked', clientId: message.clientId, message: result.data.message });
      // Unanswered while offline: it stays "sending" and goes again on reconnect.
      else if (result.error.code === 'NO_RESPONSE' && !s.connected) return;
      else dispatch({ type: 'sendFailed', clientId: message.clientId, error: result.error });
    }

    /**
     * After every (re)connect: reload the list and the queues, catch the open conversation up,
     * resend the outbox.
     */
    function onConnect(s: AgentSocket) {
      void loadList(s);
      void loadQueues(s);
      const open = stateRef.current.open;
      if (open && (open.loading || open.error)) void openConversation(s, open.conversationId);
      else if (open) void resync(s, open.conversationId, syncPoint(open.messages));
      for (const message of stateRef.current.outbox) {
        if (message.status === 'sending') void deliver(s, message);
      }
    }

    /** An HTTP action's failure as the UI shows it; an expired session signs the agent out. */
    const failure = (err: unknown): UiError => {
      if (err instanceof ApiError && err.unauthorized) onUnauthorizedRef.current();
      return err instanceof ApiError ? err.error : { code: 'INTERNAL', message: String(err) };
    };
    const actions: ConsoleActions = {
      open(conversationId) {
        const s = socket();
        const current = stateRef.current.open;
        if (!s || (current?.conversationId === conversationId && !current.error)) return;
        void openConversation(s, conversationId);
      },
      closeView() {
        dispatch({ type: 'viewClosed' });
      },
      setDraft(conversationId, draft) {
        dispatch({ type: 'draftChanged', conversationId, draft });
      },
      send(conversationId, text, internal) {
        const s = socket();
        if (!s || !text.trim()) return;
        const message: OutgoingMessage = {
          clientId: newClientId(),
          conversationId,
          text,
          internal,
          createdAt: new Date().toISOString(),
          status: 'sending',
          error: null,
        };
        dispatch({ type: 'sendQueued', message });
        void deliver(s, message);
      },
      retry(clientId) {
        const s = socket();
        const message = stateRef.current.outbox.find((m) => m.clientId === clientId);
        if (!s || !message) return;
        dispatch({ type: 'sendRetried', clientId });
        void deliver(s, message);
      },
      async closeConversation(conversationId) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.conversationClose, { conversationId });
        if (!result.ok) return result.error;
        dispatch({ type: 'conversationUpdated', conversation: result.data.conversation });
        return null;
      },
      reconnect() {
        const s = socket();
        if (s && !s.connected) {
          dispatch({ type: 'connection', status: 'connecting' });
          s.connect();
        }
      },
      async setStatus(status) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.agentSetStatus, { status });
        if (!result.ok) return result.error;
        dispatch({ type: 'agentState', agent: result.data.agent });
        return null;
      },
      claim(conversationId) {
        const s = socket();
        if (!s || stateRef.current.claims[conversationId]?.pending) return;
        dispatch({ type: 'claimStarted', conversationId });
        void request(s, EVENTS.conversationClaim, { conversationId }).then((result) => {
          if (!result.ok) {
            dispatch({ type: 'claimFailed', conversationId, error: result.error });
            return;
          }
          dispatch({ type: 'claimSucceeded', conversation: result.data.conversation });
          actions.open(conversationId);
        });
      },
      async transfer(payload) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.conversationTransfer, payload);
        if (!result.ok) return result.error;
        dispatch({ type: 'transferred', conversation: result.data.conversation });
        return null;
      },
      async loadAgents(siteId) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.agentList, { siteId });
        if (!result.ok) return result.error;
        dispatch({ type: 'agentsListed', siteId, agents: result.data.agents });
        return null;
      },
      loadOnlineVisitors(siteId) {
        const s = socket();
        if (!s || !s.connected || visitorsInFlight.current.has(siteId)) return;
        visitorsInFlight.current.add(siteId);
        dispatch({ type: 'onlineVisitorsRequested', siteId });
        void request(s, EVENTS.visitorListOnline, { siteId }).then((result) => {
          visitorsInFlight.current.delete(siteId);
          if (result.ok) dispatch({ type: 'onlineVisitorsLoaded', siteId, visitors: result.data.visitors });
          else if (result.error.code === 'UNAUTHORIZED') onUnauthorizedRef.current();
          else dispatch({ type: 'onlineVisitorsFailed', siteId, error: result.error });
        });
      },
      async initiate(siteId, payload) {
        const s = socket();
        if (!s) return null;
        const { visitorId } = payload;
        if (stateRef.current.initiations[visitorId]?.pending) return null;
        dispatch({ type: 'initiateStarted', visitorId });
        const result = await request(s, EVENTS.conversationInitiate, payload);
        if (!result.ok) {
          dispatch({ type: 'initiateFailed', visitorId, error: result.error });
          // Most often the visitor already has an open conversation (perhaps this very one, when
          // an earlier answer was lost): a fresh list turns their row into "Open conversation".
          if (result.error.code === 'CONFLICT') actions.loadOnlineVisitors(siteId);
          return result.error;
        }
        dispatch({ type: 'initiateSucceeded', visitorId, conversation: result.data.conversation });
        actions.open(result.data.conversation.id);
        return null;
      },
      dismissInitiate(visitorId) {
        dispatch({ type: 'initiateDismissed', visitorId });
      },
      search(searchRequest) {
        const s = socket();
        if (!s) return;
        const seq = ++searchSeq.current;
        dispatch({ type: 'searchStarted', seq, request: searchRequest });
        void request(s, EVENTS.conversationSearch, {
          query: searchRequest.query.trim(),
          ...(searchRequest.channelId ? { channelId: searchRequest.channelId } : {}),
          ...(searchRequest.agentId ? { agentId: searchRequest.agentId } : {}),
        }).then((result) => {
          if (result.ok) dispatch({ type: 'searchLoaded', seq, conversations: result.data.conversations });
          else if (result.error.code === 'UNAUTHORIZED') onUnauthorizedRef.current();
          else dispatch({ type: 'searchFailed', seq, error: result.error });
        });
      },
      clearSearch() {
        searchSeq.current++;
        dispatch({ type: 'searchCleared' });
      },
      loadVisitorContext(visitorId) {
        const s = socket();
        if (!s || contextsInFlight.current.has(visitorId)) return;
        contextsInFlight.current.add(visitorId);
        dispatch({ type: 'contextRequested', visitorId });
        void request(s, EVENTS.visitorContext, { visitorId }).then((result) => {
          contextsInFlight.current.delete(visitorId);
          if (result.ok) dispatch({ type: 'contextLoaded', visitor: result.data.visitor, conversations: result.data.conversations });
          else dispatch({ type: 'contextFailed', visitorId, error: result.error });
        });
      },
      async blockVisitor(visitorId, blocked) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.visitorBlock, { visitorId, blocked });
        if (!result.ok) return result.error;
        dispatch({ type: 'visitorBlocked', visitor: result.data.visitor });
        // Blocking closed their open conversations: the panel's history shows it.
        actions.loadVisitorContext(visitorId);
        return null;
      },
      async reopen(conversationId) {
        const s = socket();
        if (!s) return null;
        const result = await request(s, EVENTS.conversationReopen, { conversationId });
        if (!result.ok) return result.error;
        dispatch({ type: 'conversationUpdated', conversation: result.data.conversation });
        return null;
      },
      markRead(conversationId, seq) {
        const s = socket();
        if (s?.connected) s.emit(EVENTS.conversationRead, { conversationId, seq });
      },
      sendTyping(conversationId, typing) {
        const s = socket();
        if (s?.connected) s.emit(EVENTS.typing, { conversationId, typing });
      },
      loadCanned(siteId) {
        const known = stateRef.current.canned[siteId];
        if (known?.loaded || cannedInFlight.current.has(siteId)) return;
        cannedInFlight.current.add(siteId);
        dispatch({ type: 'cannedRequested', siteId });
        fetchCannedResponses(tokenRef.current, siteId).then(
          (responses) => {
            cannedInFlight.current.delete(siteId);
            dispatch({ type: 'cannedLoaded', siteId, responses });
          },
          (err: unknown) => {
            cannedInFlight.current.delete(siteId);
            if (err instanceof ApiError && err.unauthorized) onUnauthorizedRef.current();
            else dispatch({ type: 'cannedFailed', siteId, error: err instanceof ApiError ? err.error : { code: 'INTERNAL', message: String(err) } });
          },
        );
      },
      async downloadTranscript(conversationId, format) {
        try {
          const { blob, filename } = await fetchTranscript(tokenRef.current, conversationId, format);
          saveBlob(blob, filename);
          return null;
        } catch (err) {
          return failure(err);
        }
      },
      async exportVisitor(siteId, visitorId) {
        try {
          await downloadFile(tokenRef.current, HTTP.adminVisitorExport(siteId, visitorId), `visitor-${visitorId.slice(0, 8)}-export.json`);
          return null;
        } catch (err) {
          return failure(err);
        }
      },
      async eraseVisitor(siteId, visitorId) {
        try {
          await apiRequest<VisitorErasure>(tokenRef.current, HTTP.adminVisitor(siteId, visitorId), 'DELETE');
        } catch (err) {
          return failure(err);
        }
        // The server tells every console too; this one need not wait for it.
        const ids = Object.values(stateRef.current.conversations).filter((c) => c.visitorId === visitorId).map((c) => c.id);
        dispatch({ type: 'conversationsRemoved', conversationIds: ids, erasedVisitorId: visitorId });
        return null;
      },
    };
    return { actions, onConnect };
  }, []);

  useEffect(() => {
    const s = connectAgentSocket(token);
    socketRef.current = s;
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
    const unbind = bindServerEvents(s, (action) => {
      onServerActionRef.current?.(action, stateRef.current);
      dispatch(action);
      if (action.type === 'typing') {
        // A "stopped typing" can get lost (the visitor's tab closed): the signal expires by itself.
        const { conversationId, at } = action;
        clearTimeout(typingTimers.get(conversationId));
        if (action.typing) {
          typingTimers.set(
            conversationId,
            setTimeout(() => dispatch({ type: 'typingExpired', conversationId, at }), TYPING_TTL_MS),
          );
        }
      }
    });
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    s.on('connect', () => {
      dispatch({ type: 'connection', status: 'connected' });
      onConnect(s);
    });
    s.on('disconnect', (reason) => {
      dispatch({ type: 'connection', status: 'reconnecting' });
      // Socket.IO reconnects by itself except when the server ended the session (for example a
      // node shutting down); then reconnect after a short random pause so nodes are not stampeded.
      if (reason === 'io server disconnect') retryTimer = setTimeout(() => s.connect(), 1000 + Math.random() * 2000);
    });
    s.on('connect_error', (err) => {
      if (s.active) return; // a transient failure: Socket.IO keeps retrying on its own
      if (isUnauthorizedConnectError(err)) onUnauthorizedRef.current();
      else dispatch({ type: 'connection', status: 'failed' });
    });

    return () => {
      clearTimeout(retryTimer);
      for (const timer of typingTimers.values()) clearTimeout(timer);
      unbind();
      s.removeAllListeners();
      s.disconnect();
      socketRef.current = null;
      inFlight.current.clear();
      visitorsInFlight.current.clear();
      contextsInFlight.current.clear();
    };
  }, [token, onConnect]);

  return { state, actions };
}
