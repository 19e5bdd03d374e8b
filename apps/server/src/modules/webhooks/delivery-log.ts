/** An endpoint's delivery log, "redeliver" and "send test event" (admin API). */
import { and, desc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEvents, type Database, type WebhookDeliveryRow } from '@parley/db';
import { WEBHOOK_TEST_EVENT, type AnyWebhookEventType, type WebhookDelivery, type WebhookEventData } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { loadEndpoint } from './manage-endpoints.ts';
import { storeEvent } from './outbox.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDelivery(row: WebhookDeliveryRow, eventType: string): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: eventType as AnyWebhookEventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    statusCode: row.statusCode,
    durationMs: row.durationMs,
    error: row.error,
    responseSnippet: row.responseSnippet,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listDeliveries(db: Database, siteId: string, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  await loadEndpoint(db, siteId, endpointId);
  const rows = await db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookEvents.createdAt))
    .limit(limit);
  return rows.map((r) => toDelivery(r.delivery, r.type));
}

async function loadDelivery(db: Database, endpointId: string, id: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)));
  if (!row) throw new AppError('NOT_FOUND', 'Delivery not found.');
  return row;
}

/** Sends the same event (same id and body) again, as a new delivery due now; the old one stays in the log. */
export async function redeliver(db: Database, siteId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  await loadEndpoint(db, siteId, endpointId);
  const original = await loadDelivery(db, endpointId, deliveryId);
  const [row] = await db.insert(webhookDeliveries).values({ eventId: original.delivery.eventId, endpointId }).returning();
  return toDelivery(row!, original.type);
}

/** A `webhook.test` event for this endpoint only (sent even while it is disabled, to try it first). */
export async function sendTestEvent(db: Database, siteId: string, endpointId: string): Promise<WebhookDelivery> {
  await loadEndpoint(db, siteId, endpointId);
  const data: WebhookEventData['webhook.test'] = { message: 'A test event from Parley: your endpoint is reachable.', endpointId };
  const [id] = await db.transaction((tx) => storeEvent(tx, siteId, WEBHOOK_TEST_EVENT, data, [endpointId]));
  const row = await loadDelivery(db, endpointId, id!);
  return toDelivery(row.delivery, row.type);
}
