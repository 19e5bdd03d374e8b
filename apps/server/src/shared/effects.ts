/**
 * What a domain operation changed, for the publisher to announce. Services fill it in; they never
 * emit themselves. Sets hold ids; the publisher loads fresh views after the commit.
 */
import type { Message } from '@parley/protocol';
import type { DomainEvent } from './domain-events.ts';

export interface Effects {
  /** New messages (system messages included), in the order they were stored. */
  messages: Message[];
  /** Conversations that now exist and agents should add to their inbox. */
  createdConversations: Set<string>;
  /** Conversations whose state changed (status, agent, channel, last message). */
  conversations: Set<string>;
  /** Sites whose queues changed: agents get the counts, waiting visitors their positions. */
  queues: Set<string>;
  /** Agents whose status or load changed. */
  agents: Set<string>;
  /** Sites whose channels' online flags may have changed (told to their visitors). */
  availability: Set<string>;
  /** Agents whose sessions were revoked (logout, deactivation): their open sockets are closed. */
  revokedAgents: Set<string>;
  /** Visitors who were blocked: their open sockets are closed. */
  blockedVisitors: Set<string>;
  /** What happened, in business terms, in commit order (webhooks, counters). See domain-events.ts. */
  events: DomainEvent[];
  /** The transaction wrote outbox rows (webhook deliveries): the worker should look now. */
  outbox: boolean;
  /** Visitors erased (GDPR): their open sockets are closed, their tokens no longer authenticate. */
  erasedVisitors: Set<string>;
  /** Conversations deleted (erasure, retention), id → site id: agents drop them from view. */
  removedConversations: Map<string, string>;
}

export function newEffects(): Effects {
  return {
    messages: [],
    createdConversations: new Set(),
    conversations: new Set(),
    queues: new Set(),
    agents: new Set(),
    availability: new Set(),
    revokedAgents: new Set(),
    blockedVisitors: new Set(),
    events: [],
    outbox: false,
    erasedVisitors: new Set(),
    removedConversations: new Map(),
  };
}

/** Adds everything in `from` to `into` and returns `into`. */
export function mergeEffects(into: Effects, from: Effects): Effects {
  into.messages.push(...from.messages);
  into.events.push(...from.events);
  into.outbox ||= from.outbox;
  for (const key of ['createdConversations', 'conversations', 'queues', 'agents', 'availability', 'revokedAgents', 'blockedVisitors', 'erasedVisitors'] as const) {
    for (const id of from[key]) into[key].add(id);
  }
  for (const [id, siteId] of from.removedConversations) into.removedConversations.set(id, siteId);
  return into;
}
