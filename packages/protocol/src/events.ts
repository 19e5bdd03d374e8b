/**
 * Socket.IO namespaces, event names and typed event maps. Server, widget and console use these
 * maps with `Server<...>` / `Socket<...>` generics; no event name is written as a loose string
 * anywhere else.
 */
import type { AckCallback } from './ack.ts';
import type {
  AnswerSurvey,
  Conversation,
  ConversationRef,
  ListConversations,
  AgentState,
  BlockVisitor,
  Channel,
  InitiateConversation,
  MarkRead,
  SearchConversations,
  VisitorContext,
  VisitorRef,
  LeaveMessage,
  OnlineVisitor,
  Message,
  QueuePosition,
  SendAgentMessage,
  SetAgentStatus,
  SiteQueue,
  SiteRef,
  TransferConversation,
  SendMessage,
  StartConversation,
  SyncConversation,
  Typing,
  Visitor,
} from './schemas.ts';

export const NAMESPACES = { visitor: '/visitor', agent: '/agent' } as const;

export const EVENTS = {
  conversationStart: 'conversation:start',
  conversationResume: 'conversation:resume',
  conversationSync: 'conversation:sync',
  conversationList: 'conversation:list',
  conversationOpen: 'conversation:open',
  conversationClose: 'conversation:close',
  conversationCreated: 'conversation:created',
  conversationUpdated: 'conversation:updated',
  conversationsActivity: 'conversations:activity',
  conversationsCreated: 'conversations:created',
  messageSend: 'message:send',
  messageNew: 'message:new',
  typing: 'typing',
  conversationClaim: 'conversation:claim',
  conversationTransfer: 'conversation:transfer',
  conversationLeaveMessage: 'conversation:leave-message',
  queuePosition: 'queue:position',
  queueUpdated: 'queue:updated',
  queueOverview: 'queue:overview',
  agentSetStatus: 'agent:set-status',
  agentState: 'agent:state',
  agentsState: 'agents:state',
  agentList: 'agent:list',
  siteAvailability: 'site:availability',
  conversationInitiate: 'conversation:initiate',
  visitorListOnline: 'visitor:list-online',
  conversationRead: 'conversation:read',
  conversationSearch: 'conversation:search',
  conversationReopen: 'conversation:reopen',
  visitorContext: 'visitor:context',
  visitorBlock: 'visitor:block',
  conversationSurvey: 'conversation:survey',
  conversationsRemoved: 'conversations:removed',
} as const;

/** A conversation with its messages, as returned by start / resume / sync / open. */
export interface ConversationWithMessages {
  conversation: Conversation;
  messages: Message[];
}
export interface ResumeResult {
  conversation: Conversation | null;
  messages: Message[];
}
export interface OpenConversationResult extends ConversationWithMessages {
  visitor: Visitor;
}

export interface VisitorClientToServer {
  'conversation:start': (payload: StartConversation, ack: AckCallback<ConversationWithMessages>) => void;
  /** The visitor's latest conversation and its history, after a reload or on another page. */
  'conversation:resume': (payload: Record<string, never>, ack: AckCallback<ResumeResult>) => void;
  'conversation:sync': (payload: SyncConversation, ack: AckCallback<ConversationWithMessages>) => void;
  'conversation:close': (payload: ConversationRef, ack: AckCallback<{ conversation: Conversation }>) => void;
  'message:send': (payload: SendMessage, ack: AckCallback<{ message: Message }>) => void;
  /** The offline form: stored as an `offline` conversation for agents to follow up. */
  'conversation:leave-message': (payload: LeaveMessage, ack: AckCallback<{ conversation: Conversation }>) => void;
  typing: (payload: Typing) => void;
  /** Read receipt: the visitor has seen everything up to `seq`. */
  'conversation:read': (payload: MarkRead) => void;
  /** Post-chat survey of a closed conversation; answerable once (CONFLICT after). */
  'conversation:survey': (payload: AnswerSurvey, ack: AckCallback<{ conversation: Conversation }>) => void;
}

export interface VisitorServerToClient {
  'message:new': (message: Message) => void;
  'conversation:updated': (conversation: Conversation) => void;
  typing: (payload: { conversationId: string; typing: boolean; name: string | null }) => void;
  /** The visitor's place in line while their conversation waits. */
  'queue:position': (payload: QueuePosition) => void;
  /** Which channels have an agent online, whenever that changes. */
  'site:availability': (payload: { channels: Channel[] }) => void;
}

export interface AgentClientToServer {
  'conversation:list': (payload: ListConversations, ack: AckCallback<{ conversations: Conversation[] }>) => void;
  /** Opens a conversation: returns its history and subscribes this socket to its messages. */
  'conversation:open': (payload: ConversationRef, ack: AckCallback<OpenConversationResult>) => void;
  'conversation:sync': (payload: SyncConversation, ack: AckCallback<ConversationWithMessages>) => void;
  'conversation:close': (payload: ConversationRef, ack: AckCallback<{ conversation: Conversation }>) => void;
  'message:send': (payload: SendAgentMessage, ack: AckCallback<{ message: Message }>) => void;
  typing: (payload: Typing) => void;
  /** Takes a waiting conversation (manual channels; also allowed in auto ones). Exactly one claim wins. */
  'conversation:claim': (payload: ConversationRef, ack: AckCallback<{ conversation: Conversation }>) => void;
  /** Hands a conversation to another agent or channel; queues when the receiver has no capacity. */
  'conversation:transfer': (payload: TransferConversation, ack: AckCallback<{ conversation: Conversation }>) => void;
  'agent:set-status': (payload: SetAgentStatus, ack: AckCallback<{ agent: AgentState }>) => void;
  /** The agents of a site with their status and load (for transfers and the team view). */
  'agent:list': (payload: SiteRef, ack: AckCallback<{ agents: AgentState[] }>) => void;
  /** Every queue of the agent's sites against their caps, and the agent's own state. */
  'queue:overview': (payload: Record<string, never>, ack: AckCallback<{ sites: SiteQueue[]; me: AgentState }>) => void;
  /** Starts a conversation with a visitor who is connected now; it is assigned to this agent. */
  'conversation:initiate': (payload: InitiateConversation, ack: AckCallback<{ conversation: Conversation }>) => void;
  /** Visitors of a site with the widget connected now. */
  'visitor:list-online': (payload: SiteRef, ack: AckCallback<{ visitors: OnlineVisitor[] }>) => void;
  /** Read receipt: the agent has seen everything up to `seq`. */
  'conversation:read': (payload: MarkRead) => void;
  /** Search the agent's sites by visitor name, email and message text (diacritics optional), with filters. */
  'conversation:search': (payload: SearchConversations, ack: AckCallback<{ conversations: Conversation[] }>) => void;
  /** Takes a closed, missed or offline conversation back up: active again, with this agent. */
  'conversation:reopen': (payload: ConversationRef, ack: AckCallback<{ conversation: Conversation }>) => void;
  /** The visitor's details, pages and earlier conversations. */
  'visitor:context': (payload: VisitorRef, ack: AckCallback<{ visitor: VisitorContext; conversations: Conversation[] }>) => void;
  /** Blocks (spam) or unblocks a visitor: a blocked visitor is disconnected and cannot come back. */
  'visitor:block': (payload: BlockVisitor, ack: AckCallback<{ visitor: VisitorContext }>) => void;
}

/**
 * What new messages changed in a conversation, for an inbox row. `lastMessage` is absent when
 * only system messages were added (they are not previews).
 */
export interface ConversationActivity {
  id: string;
  lastSeq: number;
  lastMessage?: NonNullable<Conversation['lastMessage']>;
}

export interface AgentServerToClient {
  'conversation:created': (conversation: Conversation) => void;
  'conversation:updated': (conversation: Conversation) => void;
  /**
   * New messages' effect on the inbox (last sequence number and preview), gathered per site and
   * sent at most every 250 ms, so a busy site costs each agent a few frames a second, not a full
   * conversation per message. The larger a batch, the longer the pause before the next (up to
   * 1 s): under heavy load one batch a second carries the newest state of every busy chat.
   */
  'conversations:activity': (activity: ConversationActivity[]) => void;
  /**
   * Conversations assigned the moment they started, for the site's other agents, gathered like
   * `conversations:activity` (their agent got `conversation:created` at once). Sent before the
   * activity that follows them.
   */
  'conversations:created': (conversations: Conversation[]) => void;
  'message:new': (message: Message) => void;
  /** The visitor typing; `preview` is their draft when the site allows the sneak peek. */
  typing: (payload: { conversationId: string; typing: boolean; preview?: string }) => void;
  /** A site's queues changed (a conversation started waiting, was assigned, missed, ...). */
  'queue:updated': (payload: SiteQueue) => void;
  /**
   * The agent's own status or load changed: sent to that agent's sockets that are in none of their
   * sites' rooms (the others have it in that site's `agents:state` list).
   */
  'agent:state': (payload: AgentState) => void;
  /**
   * Agents of the site whose status or load changed, gathered (at most every 100 ms under a
   * steady stream): one frame per site agent for a burst of assignments, not one per change.
   */
  'agents:state': (agents: AgentState[]) => void;
  /** Conversations deleted for good (a visitor's erasure, transcript retention): drop them from view. */
  'conversations:removed': (payload: ConversationsRemoved) => void;
}

export interface ConversationsRemoved {
  siteId: string;
  conversationIds: string[];
  /** Set when the visitor was erased: their details are gone too. */
  erasedVisitorId?: string;
}

/** Room names: fan-out goes only through these (and the adapter). */
export const ROOMS = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  /** Sockets that watch (the dashboard) without counting as the agent being present. */
  agentObservers: (agentId: string) => `agent:${agentId}:observers`,
  siteAgents: (siteId: string) => `site:${siteId}:agents`,
  siteVisitors: (siteId: string) => `site:${siteId}:visitors`,
} as const;

/**
 * System messages are stored with one of these codes as their text (and the actor's name as
 * `authorName`), so each client shows them in its own language.
 */
export const SYSTEM_MESSAGES = {
  agentJoined: 'agent.joined',
  conversationClosedByAgent: 'conversation.closed.agent',
  conversationClosedByVisitor: 'conversation.closed.visitor',
  /** authorName: the agent who transferred; the note follows as an internal message. */
  transferredToAgent: 'conversation.transferred.agent',
  /** authorName: the new channel's name. */
  transferredToChannel: 'conversation.transferred.channel',
  /** The agent left (disconnected past the grace period); the conversation waits again. */
  requeued: 'conversation.requeued',
  /** authorName: the agent who reopened it. */
  reopened: 'conversation.reopened',
  /** The visitor left while waiting. */
  missed: 'conversation.missed',
} as const;
export type SystemMessageCode = (typeof SYSTEM_MESSAGES)[keyof typeof SYSTEM_MESSAGES];
