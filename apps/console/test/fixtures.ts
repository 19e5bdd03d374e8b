/** Small factories for protocol entities, so each test states only what it is about. */
import type { Conversation, Message } from '@parley/protocol';

let counter = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A conversation with sensible defaults; `overrides` win. */
export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  const n = ++counter;
  return {
    id: uuid(n),
    siteId: uuid(9000),
    channelId: uuid(9001),
    channelName: 'Support',
    visitorId: uuid(5000 + n),
    visitorName: null,
    agentId: null,
    agentName: null,
    status: 'waiting',
    lastSeq: 0,
    lastMessage: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    assignedAt: null,
    firstAgentReplyAt: null,
    closedAt: null,
    ...overrides,
  };
}

/** A message of `conversationId` with the given seq; id derives from both, so it is stable. */
export function message(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `${conversationId.slice(0, 24)}${seq.toString(16).padStart(12, '0')}`,
    conversationId,
    seq,
    clientId: null,
    sender: 'visitor',
    agentId: null,
    authorName: null,
    text: `message ${seq}`,
    internal: false,
    createdAt: new Date(Date.UTC(2025, 0, 1, 10, seq)).toISOString(),
    ...overrides,
  };
}
