/**
 * The console's state and the one pure reducer that changes it. Socket handlers, acks and UI
 * events all turn into actions here, so every state change can be unit-tested without a browser
 * or a server.
 */
import { previewText } from '@parley/protocol';
import type {
  AgentState,
  CannedResponse,
  Conversation,
  ConversationActivity,
  ConversationStatus,
  Message,
  OnlineVisitor,
  OpenConversationResult,
  SiteQueue,
  Visitor,
  VisitorContext,
} from '@parley/protocol';
import type { UiError } from './errors.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/**
 * The inbox's groups: waiting ones to pick up, the agent's own active chats, colleagues' active
 * chats, messages left through the offline form, and ended ones (closed or missed).
 */
export type Section = 'waiting' | 'mine' | 'active' | 'offline' | 'closed';
/** Section order in the list. */
export const SECTIONS: readonly Section[] = ['waiting', 'mine', 'active', 'offline', 'closed'];

/** A claim of a waiting conversation in flight, or the reason the last one failed. */
export interface ClaimState {
  pending: boolean;
  error: UiError | null;
}

/** What the agent has typed but not sent, kept per conversation while switching. */
export interface Draft {
  text: string;
  internal: boolean;
}

/** A message the agent sent that the server has not acknowledged yet (or refused). */
export interface OutgoingMessage {
  /** Generated once per message and reused on every retry, so the server stores it once. */
  clientId: string;
  conversationId: string;
  text: string;
  internal: boolean;
  createdAt: string;
  status: 'sending' | 'failed';
  error: UiError | null;
}

/** One site's visitors with the widget connected now, as the last `visitor:list-online` said. */
export interface OnlineVisitorList {
  /** Most recently seen first. */
  visitors: OnlineVisitor[];
  /** Set after the first answer, to tell "loading" from "nobody online". */
  loaded: boolean;
  /** A request is in flight (the first load or a refresh). */
  loading: boolean;
  /** Why the last request failed; cleared by the next answer. */
  error: UiError | null;
}

/** A proactive chat being started with a visitor, or the reason the last attempt failed. */
export interface InitiateState {
  pending: boolean;
  error: UiError | null;
}

/** The visitor typing in a conversation, as the last `typing` event said. */
export interface VisitorTyping {
  /** Their draft, when the site allows the sneak peek. */
  preview: string | null;
  /** When the event arrived (ms since the epoch): a lost "stopped typing" must not leave it shown. */
  at: number;
}

/** How long a "typing" signal holds without being renewed (the widget renews it every 2 s). */
export const TYPING_TTL_MS = 6_000;

/** What the agent searched for; null filters mean "any". */
export interface SearchRequest {
  query: string;
  channelId: string | null;
  agentId: string | null;
}

/** The inbox search: while set, its results replace the inbox list. */
export interface SearchState {
  request: SearchRequest;
  /** Numbers requests, so a slow answer to an older search never replaces a newer one. */
  seq: number;
  pending: boolean;
  /** Null until the first answer. */
  results: Conversation[] | null;
  error: UiError | null;
}

/** A visitor's details, pages and conversations, for the side panel. */
export interface VisitorContextState {
  visitor: VisitorContext | null;
  /** Their conversations, most recent first (the open one included). */
  conversations: Conversation[];
  loading: boolean;
  error: UiError | null;
}

/** A site's canned responses, loaded once per session (and again after a failure). */
export interface CannedState {
  responses: CannedResponse[];
  loaded: boolean;
  loading: boolean;
  error: UiError | null;
}

/** The conversation shown on the right; its `Conversation` record lives in `conversations`. */
export interface OpenConversation {
  conversationId: string;
  visitor: Visitor | null;
  /** Ordered by seq, unique by id. */
  messages: Message[];
  loading: boolean;
  error: UiError | null;
}

export interface ConsoleState {
  /** The signed-in agent's id: tells their own chats and their own `agent:state` apart. */
  agentId: string | null;
  connection: ConnectionStatus;
  /** Set after the first list answer, to tell "loading" from "empty". */
  listLoaded: boolean;
  /** Why the last list request failed, shown in place of the list until one succeeds. */
  listError: UiError | null;
  conversations: Record<string, Conversation>;
  /** Conversations with visitor messages that arrived while they were not open. */
  unread: Record<string, true>;
  open: OpenConversation | null;
  outbox: OutgoingMessage[];
  drafts: Record<string, Draft>;
  /** The signed-in agent's status and load; null until the first queue overview answers. */
  me: AgentState | null;
  /** Every queue of the agent's sites, in the order the server listed the sites. */
  queues: SiteQueue[];
  /** Set after the first queue overview answer. */
  queuesLoaded: boolean;
  /** Agents of the agent's sites by id, kept live by `agents:state`. */
  agents: Record<string, AgentState>;
  /** Which agents belong to a site, by site id, from `agent:list` (for transfers). */
  siteAgents: Record<string, string[]>;
  /** Claims in flight or failed, by conversation id. */
  claims: Record<string, ClaimState>;
  /** Visitors online, by site id; a site appears once its list was first requested. */
  onlineVisitors: Record<string, OnlineVisitorList>;
  /** Proactive chats in flight or failed, by visitor id. */
  initiations: Record<string, InitiateState>;
  /**
   * Whether a visitor's identity was signed by the site's backend, by visitor id, as last seen
   * (opening a conversation, or the online list). Absent when not known yet.
   */
  verified: Record<string, boolean>;
  /** Visitors typing, by conversation id (only conversations this console opened hear it). */
  typing: Record<string, VisitorTyping>;
  /** The inbox search; null when the agent is not searching. */
  search: SearchState | null;
  /** Visitor side panels, by visitor id. */
  contexts: Record<string, VisitorContextState>;
  /** Canned responses, by site id. */
  canned: Record<string, CannedState>;
}

export type Action =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'listLoaded'; conversations: Conversation[] }
  | { type: 'listFailed'; error: UiError }
  | { type: 'conversationCreated'; conversation: Conversation }
  | { type: 'conversationUpdated'; conversation: Conversation }
  /** New messages in a conversation (sequence, preview), batched by the server. */
  | { type: 'conversationActivity'; activity: ConversationActivity }
  | { type: 'messageNew'; message: Message }
  | { type: 'openRequested'; conversationId: string }
  | { type: 'opened'; result: OpenConversationResult }
  | { type: 'openFailed'; conversationId: string; error: UiError }
  | { type: 'synced'; conversation: Conversation; messages: Message[] }
  | { type: 'viewClosed' }
  | { type: 'draftChanged'; conversationId: string; draft: Draft }
  | { type: 'sendQueued'; message: OutgoingMessage }
  | { type: 'sendAcked'; clientId: string; message: Message }
  | { type: 'sendFailed'; clientId: string; error: UiError }
  | { type: 'sendRetried'; clientId: string }
  | { type: 'queueOverview'; sites: SiteQueue[]; me: AgentState }
  | { type: 'queueUpdated'; queue: SiteQueue }
  | { type: 'agentState'; agent: AgentState }
  | { type: 'agentsListed'; siteId: string; agents: AgentState[] }
  | { type: 'claimStarted'; conversationId: string }
  | { type: 'claimSucceeded'; conversation: Conversation }
  | { type: 'claimFailed'; conversationId: string; error: UiError }
  | { type: 'transferred'; conversation: Conversation }
  | { type: 'onlineVisitorsRequested'; siteId: string }
  | { type: 'onlineVisitorsLoaded'; siteId: string; visitors: OnlineVisitor[] }
  | { type: 'onlineVisitorsFailed'; siteId: string; error: UiError }
  | { type: 'initiateStarted'; visitorId: string }
  | { type: 'initiateSucceeded'; visitorId: string; conversation: Conversation }
  | { type: 'initiateFailed'; visitorId: string; error: UiError }
  | { type: 'initiateDismissed'; visitorId: string }
  | { type: 'typing'; conversationId: string; typing: boolean; preview?: string; at: number }
  /** A typing signal `at` was not renewed in time: the visitor counts as stopped. */
  | { type: 'typingExpired'; conversationId: string; at: number }
  | { type: 'searchStarted'; seq: number; request: SearchRequest }
  | { type: 'searchLoaded'; seq: number; conversations: Conversation[] }
  | { type: 'searchFailed'; seq: number; error: UiError }
  | { type: 'searchCleared' }
  | { type: 'contextRequested'; visitorId: string }
  | { type: 'contextLoaded'; visitor: VisitorContext; conversations: Conversation[] }
  | { type: 'contextFailed'; visitorId: string; error: UiError }
  | { type: 'visitorBlocked'; visitor: VisitorContext }
  /** Conversations deleted on the server (a visitor's erasure, transcript retention). */
  | { type: 'conversationsRemoved'; conversationIds: string[]; erasedVisitorId?: string }
  | { type: 'cannedRequested'; siteId: string }
  | { type: 'cannedLoaded'; siteId: string; responses: CannedResponse[] }
  | { type: 'cannedFailed'; siteId: string; error: UiError };

/** Before the socket connects: nothing loaded, nothing open. */
export const initialState: ConsoleState = {
  agentId: null,
  connection: 'connecting',
  listLoaded: false,
  listError: null,
  conversations: {},
  unread: {},
  open: null,
  outbox: [],
  drafts: {},
  me: null,
  queues: [],
  queuesLoaded: false,
  agents: {},
  siteAgents: {},
  claims: {},
  onlineVisitors: {},
  initiations: {},
  verified: {},
  typing: {},
  search: null,
  contexts: {},
  canned: {},
};

/** A site's online visitors before its first request. */
export const EMPTY_ONLINE_VISITORS: OnlineVisitorList = { visitors: [], loaded: false, loading: false, error: null };

/** The state of a freshly signed-in console for `agentId`. */
export function createState(agentId: string): ConsoleState {
  return { ...initialState, agentId };
}

/** A visitor's side panel before its first request. */
export const EMPTY_CONTEXT: VisitorContextState = { visitor: null, conversations: [], loading: false, error: null };
/** A site's canned responses before the first request. */
export const EMPTY_CANNED: CannedState = { responses: [], loaded: false, loading: false, error: null };

/** The draft of a conversation the agent has not typed in. */
export const EMPTY_DRAFT: Draft = { text: '', internal: false };

/** Applies one action; never mutates `state`. */
export function reducer(state: ConsoleState, action: Action): ConsoleState {
  switch (action.type) {
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
    case 'listLoaded':
      return applyList(state, action.conversations);
    case 'listFailed':
      return { ...state, listError: action.error };
    case 'conversationCreated':
    case 'conversationUpdated':
      return applyConversation(state, action.conversation);
    case 'conversationActivity': {
      const merged = withActivity(state.conversations[action.activity.id], action.activity);
      return merged ? applyConversation(state, merged) : state;
    }
    case 'messageNew': {
      const next = applyMessages(state, action.message.conversationId, [action.message]);
      // The message the visitor was typing has arrived.
      return action.message.sender === 'visitor' ? { ...next, typing: without(next.typing, action.message.conversationId) } : next;
    }
    case 'openRequested': {
      // A failed claim's message has been seen once the agent opens the conversation.
      const claim = state.claims[action.conversationId];
      // One opened from search results or the visitor's history may not be in the inbox yet:
      // its known copy shows at once, until the server's answer replaces it.
      const known = state.conversations[action.conversationId] ? undefined : knownConversation(state, action.conversationId);
      return {
        ...state,
        conversations: known ? { ...state.conversations, [known.id]: known } : state.conversations,
        open: { conversationId: action.conversationId, visitor: null, messages: [], loading: true, error: null },
        unread: without(state.unread, action.conversationId),
        claims: claim && !claim.pending ? without(state.claims, action.conversationId) : state.claims,
      };
    }
    case 'opened': {
      const { conversation, messages, visitor } = action.result;
      if (state.open?.conversationId !== conversation.id) return state; // the agent moved on meanwhile
      const next = applyMessages(applyConversation(state, conversation), conversation.id, messages);
      const open = next.open ?? state.open;
      return {
        ...next,
        open: { ...open, visitor, loading: false, error: null },
        unread: without(next.unread, conversation.id),
        verified: withVerified(next.verified, [[visitor.id, visitor.verified]]),
      };
    }
    case 'openFailed':
      if (state.open?.conversationId !== action.conversationId) return state;
      return { ...state, open: { ...state.open, loading: false, error: action.error } };
    case 'synced':
      return applyMessages(applyConversation(state, action.conversation), action.conversation.id, action.messages);
    case 'viewClosed':
      return { ...state, open: null };
    case 'draftChanged':
      return { ...state, drafts: { ...state.drafts, [action.conversationId]: action.draft } };
    case 'sendQueued': {
      const { conversationId } = action.message;
      const draft = state.drafts[conversationId] ?? EMPTY_DRAFT;
      return {
        ...state,
        outbox: [...state.outbox, action.message],
        drafts: { ...state.drafts, [conversationId]: { ...draft, text: '' } },
      };
    }
    case 'sendAcked': {
      const next = applyMessages(state, action.message.conversationId, [action.message]);
      return { ...next, outbox: next.outbox.filter((m) => m.clientId !== action.clientId) };
    }
    case 'sendFailed':
      return updateOutgoing(state, action.clientId, { status: 'failed', error: action.error });
    case 'sendRetried':
      return updateOutgoing(state, action.clientId, { status: 'sending', error: null });
    case 'queueOverview':
      return applyAgent({ ...state, queues: action.sites, queuesLoaded: true }, action.me, true);
    case 'queueUpdated': {
      const { queue } = action;
      const known = state.queues.some((q) => q.siteId === queue.siteId);
      const queues = known ? state.queues.map((q) => (q.siteId === queue.siteId ? queue : q)) : [...state.queues, queue];
      return { ...state, queues };
    }
    case 'agentState':
      return applyAgent(state, action.agent, false);
    case 'agentsListed': {
      let next: ConsoleState = {
        ...state,
        siteAgents: { ...state.siteAgents, [action.siteId]: action.agents.map((a) => a.agentId) },
      };
      for (const agent of action.agents) next = applyAgent(next, agent, false);
      return next;
    }
    case 'claimStarted':
      return { ...state, claims: { ...state.claims, [action.conversationId]: { pending: true, error: null } } };
    case 'claimSucceeded': {
      const next = applyConversation(state, action.conversation);
      return { ...next, claims: without(next.claims, action.conversation.id) };
    }
    case 'claimFailed':
      return { ...state, claims: { ...state.claims, [action.conversationId]: { pending: false, error: action.error } } };
    case 'transferred':
      return applyConversation(state, action.conversation);
    case 'onlineVisitorsRequested': {
      const list = state.onlineVisitors[action.siteId] ?? EMPTY_ONLINE_VISITORS;
      if (list.loading) return state;
      return { ...state, onlineVisitors: { ...state.onlineVisitors, [action.siteId]: { ...list, loading: true } } };
    }
    case 'onlineVisitorsLoaded': {
      const visitors = sortOnlineVisitors(action.visitors);
      return {
        ...state,
        onlineVisitors: {
          ...state.onlineVisitors,
          [action.siteId]: { visitors, loaded: true, loading: false, error: null },
        },
        verified: withVerified(state.verified, visitors.map((v) => [v.visitorId, v.verified])),
      };
    }
    case 'onlineVisitorsFailed': {
      const list = state.onlineVisitors[action.siteId] ?? EMPTY_ONLINE_VISITORS;
      return {
        ...state,
        onlineVisitors: { ...state.onlineVisitors, [action.siteId]: { ...list, loading: false, error: action.error } },
      };
    }
    case 'initiateStarted':
      return { ...state, initiations: { ...state.initiations, [action.visitorId]: { pending: true, error: null } } };
    case 'initiateSucceeded': {
      const next = applyConversation(state, action.conversation);
      return { ...next, initiations: without(next.initiations, action.visitorId) };
    }
    case 'initiateFailed':
      return {
        ...state,
        initiations: { ...state.initiations, [action.visitorId]: { pending: false, error: action.error } },
      };
    case 'initiateDismissed': {
      // A request in flight still settles; only a finished attempt's error is let go.
      const initiation = state.initiations[action.visitorId];
      if (!initiation || initiation.pending) return state;
      return { ...state, initiations: without(state.initiations, action.visitorId) };
    }
    case 'typing': {
      if (!action.typing) return { ...state, typing: without(state.typing, action.conversationId) };
      const preview = typeof action.preview === 'string' && action.preview.trim() ? action.preview : null;
      return { ...state, typing: { ...state.typing, [action.conversationId]: { preview, at: action.at } } };
    }
    case 'typingExpired':
      if (state.typing[action.conversationId]?.at !== action.at) return state; // renewed since
      return { ...state, typing: without(state.typing, action.conversationId) };
    case 'searchStarted': {
      const previous = state.search;
      return {
        ...state,
        search: {
          request: action.request,
          seq: action.seq,
          pending: true,
          // The last results stay on screen until the new ones arrive, so the list does not flicker.
          results: previous?.results ?? null,
          error: null,
        },
      };
    }
    case 'searchLoaded':
      if (state.search?.seq !== action.seq) return state;
      return { ...state, search: { ...state.search, pending: false, results: action.conversations, error: null } };
    case 'searchFailed':
      if (state.search?.seq !== action.seq) return state;
      return { ...state, search: { ...state.search, pending: false, error: action.error } };
    case 'searchCleared':
      return state.search === null ? state : { ...state, search: null };
    case 'contextRequested': {
      const context = state.contexts[action.visitorId] ?? EMPTY_CONTEXT;
      return { ...state, contexts: { ...state.contexts, [action.visitorId]: { ...context, loading: true } } };
    }
    case 'contextLoaded': {
      const { visitor, conversations } = action;
      return {
        ...state,
        contexts: { ...state.contexts, [visitor.id]: { visitor, conversations, loading: false, error: null } },
        verified: withVerified(state.verified, [[visitor.id, visitor.verified]]),
      };
    }
    case 'contextFailed': {
      const context = state.contexts[action.visitorId] ?? EMPTY_CONTEXT;
      return {
        ...state,
        contexts: { ...state.contexts, [action.visitorId]: { ...context, loading: false, error: action.error } },
      };
    }
    case 'visitorBlocked': {
      const context = state.contexts[action.visitor.id] ?? EMPTY_CONTEXT;
      return { ...state, contexts: { ...state.contexts, [action.visitor.id]: { ...context, visitor: action.visitor } } };
    }
    case 'conversationsRemoved':
      return removeConversations(state, new Set(action.conversationIds), action.erasedVisitorId);
    case 'cannedRequested': {
      const canned = state.canned[action.siteId] ?? EMPTY_CANNED;
      return { ...state, canned: { ...state.canned, [action.siteId]: { ...canned, loading: true, error: null } } };
    }
    case 'cannedLoaded':
      return {
        ...state,
        canned: { ...state.canned, [action.siteId]: { responses: action.responses, loaded: true, loading: false, error: null } },
      };
    case 'cannedFailed': {
      const canned = state.canned[action.siteId] ?? EMPTY_CANNED;
      return { ...state, canned: { ...state.canned, [action.siteId]: { ...canned, loading: false, error: action.error } } };
    }
  }
}

// ---- pure helpers (exported for the views and for tests) ----------------------------------

/** Merges messages by id (newer copy wins) and orders them by seq. */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const byId = new Map(existing.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The seq to resume from after a reconnect: the end of the gap-free run starting at the first
 * message held. Normally that is simply the highest seq; if a live message slipped in past a
 * gap, resuming from it would skip the gap for good.
 */
export function syncPoint(messages: readonly Message[]): number {
  const first = messages[0];
  if (!first) return 0;
  let seq = first.seq;
  for (const message of messages.slice(1)) {
    if (message.seq !== seq + 1) break;
    seq = message.seq;
  }
  return seq;
}

/**
 * Takes a newer copy of a conversation, except that its last-message fields never go backwards:
 * an update event can be built before a message we already hold was counted.
 */
export function mergeConversation(previous: Conversation | undefined, next: Conversation): Conversation {
  if (!previous || next.lastSeq >= previous.lastSeq) return next;
  return { ...next, lastSeq: previous.lastSeq, lastMessage: previous.lastMessage };
}

/** The inbox section of a conversation, as seen by agent `agentId`. */
export function sectionOf(conversation: Pick<Conversation, 'status' | 'agentId'>, agentId: string | null): Section {
  switch (conversation.status) {
    case 'waiting':
      return 'waiting';
    case 'active':
      return agentId !== null && conversation.agentId === agentId ? 'mine' : 'active';
    case 'offline':
      return 'offline';
    case 'closed':
    case 'missed':
      return 'closed';
  }
}

/** True when the conversation is over: closed by someone, or missed while the visitor waited. */
export function isEnded(status: ConversationStatus): boolean {
  return status === 'closed' || status === 'missed';
}

/** True while a visitor is connected and can be answered live (waiting or active). */
export function isLive(status: ConversationStatus): boolean {
  return status === 'waiting' || status === 'active';
}

/** True when the agent is at (or over) their capacity of simultaneous chats. */
export function atCapacity(agent: Pick<AgentState, 'activeChats' | 'maxChats'>): boolean {
  return agent.activeChats >= agent.maxChats;
}

/** A site's agents other than the signed-in one (transfer targets): online first, then away, then offline, by name. */
export function transferCandidates(state: ConsoleState, siteId: string): AgentState[] {
  const rank = { online: 0, away: 1, offline: 2 } as const;
  return (state.siteAgents[siteId] ?? [])
    .filter((id) => id !== state.agentId)
    .map((id) => state.agents[id])
    .filter((agent): agent is AgentState => agent !== undefined)
    .sort((a, b) => rank[a.status] - rank[b.status] || a.name.localeCompare(b.name));
}

/** When the conversation last changed, for ordering and relative times. */
export function lastActivity(conversation: Conversation): string {
  return conversation.lastMessage?.createdAt ?? conversation.createdAt;
}

/**
 * Groups conversations by section for agent `agentId`, optionally only those of one channel and
 * of one assigned agent (`assigneeId`).
 * Waiting ones come oldest first (first come, first served); the others most recent first.
 */
export function groupConversations(
  conversations: Record<string, Conversation>,
  agentId: string | null = null,
  channelId: string | null = null,
  assigneeId: string | null = null,
): Record<Section, Conversation[]> {
  const groups: Record<Section, Conversation[]> = { waiting: [], mine: [], active: [], offline: [], closed: [] };
  for (const conversation of Object.values(conversations)) {
    if (channelId !== null && conversation.channelId !== channelId) continue;
    if (assigneeId !== null && conversation.agentId !== assigneeId) continue;
    groups[sectionOf(conversation, agentId)].push(conversation);
  }
  const time = (iso: string | null) => (iso ? Date.parse(iso) || 0 : 0);
  const recentFirst = (a: Conversation, b: Conversation) => time(lastActivity(b)) - time(lastActivity(a));
  groups.waiting.sort((a, b) => time(a.createdAt) - time(b.createdAt));
  groups.mine.sort(recentFirst);
  groups.active.sort(recentFirst);
  groups.offline.sort(recentFirst);
  groups.closed.sort((a, b) => time(b.closedAt ?? lastActivity(b)) - time(a.closedAt ?? lastActivity(a)));
  return groups;
}

/** Online visitors, most recently seen first; ties by id so the order is stable between refreshes. */
export function sortOnlineVisitors(visitors: readonly OnlineVisitor[]): OnlineVisitor[] {
  const time = (iso: string) => Date.parse(iso) || 0;
  return [...visitors].sort(
    (a, b) => time(b.lastSeenAt) - time(a.lastSeenAt) || (a.visitorId < b.visitorId ? -1 : a.visitorId > b.visitorId ? 1 : 0),
  );
}

/** A site's online visitors as last loaded (empty and not loaded before the first request). */
export function onlineVisitorsOf(state: ConsoleState, siteId: string): OnlineVisitorList {
  return state.onlineVisitors[siteId] ?? EMPTY_ONLINE_VISITORS;
}

/** The visitor typing in a conversation at `now`, if a signal is fresh; stale ones count as stopped. */
export function typingOf(state: Pick<ConsoleState, 'typing'>, conversationId: string, now: number): VisitorTyping | null {
  const typing = state.typing[conversationId];
  return typing && now - typing.at < TYPING_TTL_MS ? typing : null;
}

/** A visitor's side panel as last loaded (empty before the first request). */
export function contextOf(state: ConsoleState, visitorId: string): VisitorContextState {
  return state.contexts[visitorId] ?? EMPTY_CONTEXT;
}

/** A site's canned responses as last loaded (empty before the first request). */
export function cannedOf(state: ConsoleState, siteId: string): CannedState {
  return state.canned[siteId] ?? EMPTY_CANNED;
}

/**
 * The search results as the list shows them: each in its freshest known copy (live updates reach
 * `conversations`, results are a snapshot).
 */
export function searchResults(state: ConsoleState): Conversation[] | null {
  return state.search?.results?.map((c) => state.conversations[c.id] ?? c) ?? null;
}

/** How many conversations have unread visitor messages (shown in the page title). */
export function unreadCount(state: ConsoleState): number {
  return Object.keys(state.unread).length;
}

/** The unacknowledged messages of one conversation, in the order they were sent. */
export function outgoingFor(state: ConsoleState, conversationId: string): OutgoingMessage[] {
  return state.outbox.filter((m) => m.conversationId === conversationId);
}

// ---- internal -----------------------------------------------------------------------------

/** A conversation the console has seen outside the inbox: in search results or a visitor's history. */
function knownConversation(state: ConsoleState, conversationId: string): Conversation | undefined {
  const fromSearch = state.search?.results?.find((c) => c.id === conversationId);
  if (fromSearch) return fromSearch;
  for (const context of Object.values(state.contexts)) {
    const found = context.conversations.find((c) => c.id === conversationId);
    if (found) return found;
  }
  return undefined;
}

/**
 * Records an agent's state; the signed-in agent's also becomes `me`. `isMe` forces that (the
 * overview's `me`), for a state built before the agent id was known.
 */
function applyAgent(state: ConsoleState, agent: AgentState, isMe: boolean): ConsoleState {
  const mine = isMe || agent.agentId === state.agentId;
  return {
    ...state,
    agents: { ...state.agents, [agent.agentId]: agent },
    me: mine ? agent : state.me,
    agentId: mine ? agent.agentId : state.agentId,
  };
}

/**
 * True when a conversation assigned to `agentId` ends with a visitor message and the agent side
 * has never reported reading it (`agentReadSeq` 0): unread even across a reload. (The list does
 * not say which seq the last message has, so a receipt short of `lastSeq` proves nothing: system
 * lines count in `lastSeq` too.)
 */
function unreadByReceipt(conversation: Conversation, agentId: string | null): boolean {
  return (
    agentId !== null &&
    conversation.status === 'active' &&
    conversation.agentId === agentId &&
    conversation.lastMessage?.sender === 'visitor' &&
    conversation.agentReadSeq === 0
  );
}

/**
 * True when `next` carries a visitor message the agent has not seen in `previous`: the seq moved
 * on and the last message is a visitor's that was not the last one before. (A system line, such
 * as "joined" or "requeued", moves the seq on but leaves the last message as it was.)
 */
export function hasNewVisitorMessage(previous: Conversation | undefined, next: Conversation): boolean {
  const last = next.lastMessage;
  if (last?.sender !== 'visitor' || next.lastSeq <= (previous?.lastSeq ?? 0)) return false;
  const before = previous?.lastMessage;
  return !before || before.sender !== 'visitor' || before.createdAt !== last.createdAt || before.text !== last.text;
}

function applyList(state: ConsoleState, list: readonly Conversation[]): ConsoleState {
  const conversations: Record<string, Conversation> = {};
  const unread: Record<string, true> = {};
  const openId = state.open?.conversationId;
  for (const next of list) {
    const previous = state.conversations[next.id];
    conversations[next.id] = mergeConversation(previous, next);
    // On the first load only the agent's own chats with unread visitor messages count; on a
    // reload (after a reconnect) whatever arrived while we were away does too.
    const missed =
      next.id !== openId &&
      ((state.listLoaded && hasNewVisitorMessage(previous, next)) || unreadByReceipt(next, state.agentId));
    if (state.unread[next.id] || missed) unread[next.id] = true;
  }
  // The list may be paged or filtered; the open conversation stays whatever the list says.
  if (openId && !conversations[openId] && state.conversations[openId]) {
    conversations[openId] = state.conversations[openId];
  }
  return { ...state, conversations, unread, listLoaded: true, listError: null };
}

/**
 * The known conversation with new activity applied, or undefined when there is nothing to apply:
 * not in this inbox (the list or conversation:created brings it), or not newer than what we hold.
 */
export function withActivity(known: Conversation | undefined, activity: ConversationActivity): Conversation | undefined {
  if (!known || activity.lastSeq <= known.lastSeq) return undefined;
  return { ...known, lastSeq: activity.lastSeq, lastMessage: activity.lastMessage ?? known.lastMessage };
}

function applyConversation(state: ConsoleState, conversation: Conversation): ConsoleState {
  const previous = state.conversations[conversation.id];
  const merged = mergeConversation(previous, conversation);
  const isOpen = state.open?.conversationId === conversation.id;
  let unread = state.unread;
  // Before the first list answer, updates (such as chats assigned on sign-in) are not news: the
  // list decides what is unread then.
  if (!isOpen && state.listLoaded && hasNewVisitorMessage(previous, conversation)) {
    unread = { ...unread, [conversation.id]: true };
  }
  // Read elsewhere (another tab of the same agent): no longer unread here either.
  else if (unread[conversation.id] && merged.agentId === state.agentId && merged.agentReadSeq >= merged.lastSeq) {
    unread = without(unread, conversation.id);
  }
  // A visitor cannot type in an ended conversation.
  const typing = isLive(conversation.status) ? state.typing : without(state.typing, conversation.id);
  return {
    ...state,
    conversations: { ...state.conversations, [conversation.id]: merged },
    unread,
    typing,
    onlineVisitors: linkOnlineVisitor(state.onlineVisitors, conversation),
  };
}

/**
 * Keeps the online list's "open conversation" link in step between refreshes: a visitor's live
 * conversation becomes their link, and an ended one stops being it.
 */
function linkOnlineVisitor(
  lists: Record<string, OnlineVisitorList>,
  conversation: Conversation,
): Record<string, OnlineVisitorList> {
  const list = lists[conversation.siteId];
  const row = list?.visitors.find((v) => v.visitorId === conversation.visitorId);
  if (!list || !row) return lists;
  const link = isLive(conversation.status) ? conversation.id : row.conversationId === conversation.id ? null : row.conversationId;
  if (link === row.conversationId) return lists;
  const visitors = list.visitors.map((v) => (v === row ? { ...v, conversationId: link } : v));
  return { ...lists, [conversation.siteId]: { ...list, visitors } };
}

/** Records what is known about visitors' verification; the same record when nothing changed. */
function withVerified(
  verified: Record<string, boolean>,
  entries: readonly (readonly [string, boolean])[],
): Record<string, boolean> {
  // Checked, not trusted: an older server sends no flag, and "unknown" must not read as either.
  const changed = entries.filter(([id, value]) => typeof value === 'boolean' && verified[id] !== value);
  return changed.length === 0 ? verified : { ...verified, ...Object.fromEntries(changed) };
}

/**
 * Adds messages of one conversation: to the open view if it is that one, to the list item's
 * preview, to the unread marks, and settles outgoing messages they confirm.
 */
function applyMessages(state: ConsoleState, conversationId: string, messages: readonly Message[]): ConsoleState {
  if (messages.length === 0) return state;
  let next = state;

  const open = state.open;
  if (open?.conversationId === conversationId) {
    next = { ...next, open: { ...open, messages: mergeMessages(open.messages, messages) } };
  }

  const previous = state.conversations[conversationId];
  const latest = messages.reduce((a, b) => (b.seq > a.seq ? b : a));
  if (previous && latest.seq > previous.lastSeq) {
    // As the server counts it: `lastSeq` is the newest message of any kind, `lastMessage` the
    // newest one a person wrote (system lines such as "joined" never replace it).
    const spoken = messages.filter((m) => m.sender !== 'system' && m.seq > previous.lastSeq);
    const lastSpoken = spoken.length > 0 ? spoken.reduce((a, b) => (b.seq > a.seq ? b : a)) : null;
    const conversation: Conversation = {
      ...previous,
      lastSeq: latest.seq,
      lastMessage: lastSpoken
        ? { text: previewText(lastSpoken.text), sender: lastSpoken.sender, createdAt: lastSpoken.createdAt }
        : previous.lastMessage,
    };
    next = { ...next, conversations: { ...next.conversations, [conversationId]: conversation } };
    if (open?.conversationId !== conversationId && hasNewVisitorMessage(previous, conversation)) {
      next = { ...next, unread: { ...next.unread, [conversationId]: true } };
    }
  }

  const confirmed = new Set(messages.map((m) => m.clientId).filter((id): id is string => id !== null));
  if (confirmed.size > 0 && next.outbox.some((m) => confirmed.has(m.clientId))) {
    next = { ...next, outbox: next.outbox.filter((m) => !confirmed.has(m.clientId)) };
  }
  return next;
}

function updateOutgoing(state: ConsoleState, clientId: string, patch: Partial<OutgoingMessage>): ConsoleState {
  if (!state.outbox.some((m) => m.clientId === clientId)) return state; // already confirmed
  return { ...state, outbox: state.outbox.map((m) => (m.clientId === clientId ? { ...m, ...patch } : m)) };
}

/** Forgets deleted conversations everywhere they may show, and an erased visitor's panel. */
function removeConversations(state: ConsoleState, ids: Set<string>, erasedVisitorId: string | undefined): ConsoleState {
  const drop = <T,>(record: Record<string, T>): Record<string, T> =>
    Object.keys(record).some((k) => ids.has(k)) ? Object.fromEntries(Object.entries(record).filter(([k]) => !ids.has(k))) : record;
  const contexts = Object.fromEntries(
    Object.entries(state.contexts)
      .filter(([visitorId]) => visitorId !== erasedVisitorId)
      .map(([visitorId, c]) => [visitorId, c.conversations.some((x) => ids.has(x.id)) ? { ...c, conversations: c.conversations.filter((x) => !ids.has(x.id)) } : c]),
  );
  return {
    ...state,
    conversations: drop(state.conversations),
    unread: drop(state.unread),
    drafts: drop(state.drafts),
    claims: drop(state.claims),
    typing: drop(state.typing),
    outbox: state.outbox.filter((m) => !ids.has(m.conversationId)),
    open: state.open && ids.has(state.open.conversationId) ? null : state.open,
    search: state.search?.results ? { ...state.search, results: state.search.results.filter((c) => !ids.has(c.id)) } : state.search,
    contexts,
  };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}
