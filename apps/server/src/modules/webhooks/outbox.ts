/**
 * The webhook outbox. A service records a domain event inside its own transaction: the event
 * joins `effects.events` (for after-commit readers) and, when an enabled endpoint of the site
 * subscribes to it, its body and one pending delivery per endpoint are written in that same
 * transaction — so an event is stored if and only if the change committed, and a crash right
 * after the commit loses nothing. Sites without a subscription to the event pay no query (a cache
 * of subscriptions, subscriptions.ts); the others one indexed SELECT per event.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints, webhookEvents, type Executor } from '@parley/db';
import type { AnyWebhookEventType, WebhookConversation, WebhookEvent } from '@parley/protocol';
import type { DomainEvent } from '../../shared/domain-events.ts';
import type { Effects } from '../../shared/effects.ts';
import { eventData } from './event-payload.ts';
import { sitesSubscribedTo } from './subscriptions.ts';

/** `asOf`: see eventData. */
export async function recordEvent(tx: Executor, effects: Effects, event: DomainEvent, asOf?: Partial<WebhookConversation>): Promise<void> {
  // Notes and system messages are not domain events for the outside world; guard anyway.
  if ((event.type === 'message.created' || event.type === 'offline_message.left') && (event.message.internal || event.message.sender === 'system')) return;
  effects.events.push(event);
  if (!(await sitesSubscribedTo(tx, [event.siteId], event.type)).size) return;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.siteId, event.siteId), eq(webhookEndpoints.enabled, true), sql`${webhookEndpoints.events} ? ${event.type}`));
  if (endpoints.length === 0) return;
  const data = await eventData(tx, event, asOf);
  await storeEvent(tx, event.siteId, event.type, data, endpoints.map((e) => e.id));
  effects.outbox = true;
}

/** Writes one event body and a pending delivery to each endpoint; returns the delivery ids. */
export async function storeEvent(
  tx: Executor,
  siteId: string,
  type: AnyWebhookEventType,
  data: unknown,
  endpointIds: string[],
): Promise<string[]> {
  const id = randomUUID();
  // Wall-clock time, not now(): events of one transaction would otherwise share one timestamp.
  const body = JSON.stringify({ id, type, createdAt: new Date().toISOString(), siteId, data } as WebhookEvent);
  await tx.insert(webhookEvents).values({ id, siteId, type, body });
  const rows = await tx
    .insert(webhookDeliveries)
    .values(endpointIds.map((endpointId) => ({ eventId: id, endpointId })))
    .returning({ id: webhookDeliveries.id });
  return rows.map((r) => r.id);
}
