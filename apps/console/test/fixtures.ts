/** Small factories for protocol entities, so each test states only what it is about. */
import type { AgentState, ChannelQueue, Conversation, Message, OnlineVisitor, SiteQueue } from '@parley/protocol';

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
    visitorReadSeq: 0,
    agentReadSeq: 0,
    survey: null,
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

/** An agent's state; `overrides` win. */
export function agentState(overrides: Partial<AgentState> = {}): AgentState {
  const n = ++counter;
  return {
    agentId: uuid(7000 + n),
    name: `Agent ${n}`,
    status: 'online',
    activeChats: 0,
    maxChats: 3,
    channelIds: [uuid(9001)],
    ...overrides,
  };
}

/** A site's queues with one channel per entry of `channels`; `overrides` win. */
export function siteQueue(overrides: Partial<SiteQueue> = {}, channels: Partial<ChannelQueue>[] = [{}]): SiteQueue {
  const queues: ChannelQueue[] = channels.map((channel, i) => ({
    channelId: uuid(9001 + i),
    name: `Channel ${i + 1}`,
    routingMode: 'auto',
    waiting: 0,
    maxWaiting: 2,
    agentsOnline: 1,
    ...channel,
  }));
  return {
    siteId: uuid(9000),
    waiting: queues.reduce((sum, q) => sum + q.waiting, 0),
    maxWaitingTotal: 15,
    channels: queues,
    ...overrides,
  };
}

/** A visitor online now, anonymous and unverified unless `overrides` say otherwise. */
export function onlineVisitor(overrides: Partial<OnlineVisitor> = {}): OnlineVisitor {
  const n = ++counter;
  return {
    visitorId: uuid(6000 + n),
    name: null,
    email: null,
    verified: false,
    currentUrl: 'https://shop.example/',
    lastSeenAt: '2025-01-01T10:00:00.000Z',
    conversationId: null,
    ...overrides,
  };
}
