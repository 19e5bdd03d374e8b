/**
 * Socket.IO namespaces, event names and typed event maps. Server, widget and console use these
 * maps with `Server<...>` / `Socket<...>` generics; no event name is written as a loose string
 * anywhere else.
 */
import type { AckCallback } from './ack.ts';
import type {
  Conversation,
  ConversationRef,
  ListConversations,
  Message,
  SendAgentMessage,
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
  messageSend: 'message:send',
  messageNew: 'message:new',
  typing: 'typing',
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
  typing: (payload: Typing) => void;
}

export interface VisitorServerToClient {
  'message:new': (message: Message) => void;
  'conversation:updated': (conversation: Conversation) => void;
  typing: (payload: { conversationId: string; typing: boolean; name: string | null }) => void;
}

export interface AgentClientToServer {
  'conversation:list': (payload: ListConversations, ack: AckCallback<{ conversations: Conversation[] }>) => void;
  /** Opens a conversation: returns its history and subscribes this socket to its messages. */
  'conversation:open': (payload: ConversationRef, ack: AckCallback<OpenConversationResult>) => void;
  'conversation:sync': (payload: SyncConversation, ack: AckCallback<ConversationWithMessages>) => void;
  'conversation:close': (payload: ConversationRef, ack: AckCallback<{ conversation: Conversation }>) => void;
  'message:send': (payload: SendAgentMessage, ack: AckCallback<{ message: Message }>) => void;
  typing: (payload: Typing) => void;
}

export interface AgentServerToClient {
  'conversation:created': (conversation: Conversation) => void;
  'conversation:updated': (conversation: Conversation) => void;
  'message:new': (message: Message) => void;
  typing: (payload: { conversationId: string; typing: boolean }) => void;
}

/** Room names: fan-out goes only through these (and the adapter). */
export const ROOMS = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  siteAgents: (siteId: string) => `site:${siteId}:agents`,
} as const;

/**
 * System messages are stored with one of these codes as their text (and the actor's name as
 * `authorName`), so each client shows them in its own language.
 */
export const SYSTEM_MESSAGES = {
  agentJoined: 'agent.joined',
  conversationClosedByAgent: 'conversation.closed.agent',
  conversationClosedByVisitor: 'conversation.closed.visitor',
} as const;
export type SystemMessageCode = (typeof SYSTEM_MESSAGES)[keyof typeof SYSTEM_MESSAGES];
