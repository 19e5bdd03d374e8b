/**
 * Domain events: what happened, in business terms, as a service records it inside its
 * transaction. They travel in `Effects.events` to whoever reacts after the commit (metrics
 * counters), and the webhook outbox stores them in the same transaction (see
 * modules/webhooks/outbox.ts). Ids only, plus the message itself: readers load what they need.
 * Internal notes and system messages are never `message.created`.
 */
import type { Message } from '@parley/protocol';

export type DomainEvent =
  | { type: 'conversation.started'; siteId: string; conversationId: string }
  | { type: 'conversation.assigned'; siteId: string; conversationId: string; agentId: string }
  | { type: 'conversation.closed'; siteId: string; conversationId: string; closedBy: 'visitor' | 'agent' }
  | { type: 'message.created'; siteId: string; conversationId: string; message: Message }
  | { type: 'survey.answered'; siteId: string; conversationId: string }
  | { type: 'offline_message.left'; siteId: string; conversationId: string; message: Message };

export type DomainEventType = DomainEvent['type'];
