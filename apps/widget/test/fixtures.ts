import type { Conversation, Message, PublicSite, Visitor } from '@parley/protocol';

const CONVERSATION_ID = '00000000-0000-4000-8000-000000000001';

/** A message of the default conversation; override any field. */
export function message(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `10000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    conversationId: CONVERSATION_ID,
    seq,
    clientId: null,
    sender: 'agent',
    agentId: null,
    authorName: 'Mai',
    text: `message ${seq}`,
    internal: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A conversation, waiting by default; override any field. */
export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: CONVERSATION_ID,
    siteId: '20000000-0000-4000-8000-000000000001',
    channelId: '30000000-0000-4000-8000-000000000001',
    channelName: 'Support',
    visitorId: '40000000-0000-4000-8000-000000000001',
    visitorName: null,
    agentId: null,
    agentName: null,
    status: 'waiting',
    lastSeq: 0,
    lastMessage: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    assignedAt: null,
    firstAgentReplyAt: null,
    closedAt: null,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    survey: null,
    ...overrides,
  };
}

/** A public site with the given channel names, all online unless listed in `offline`. */
export function site(channelNames: string[] = ['Support'], offline: string[] = []): PublicSite {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    name: 'Acme',
    siteKey: 'acme',
    channels: channelNames.map((name, i) => ({
      id: `30000000-0000-4000-8000-00000000000${i + 1}`,
      name,
      online: !offline.includes(name),
    })),
    widget: {
      color: '#2563eb',
      position: 'right',
      language: 'auto',
      greeting: 'Hi!',
      prechat: { name: 'hidden', email: 'hidden' },
      triggers: [],
      typingPreview: false,
      survey: { nps: false, ces: false },
    },
  };
}

/** A visitor, anonymous by default; override any field. */
export function visitor(overrides: Partial<Visitor> = {}): Visitor {
  return { id: '40000000-0000-4000-8000-000000000001', name: null, email: null, verified: false, ...overrides };
}
