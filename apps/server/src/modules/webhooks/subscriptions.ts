/**
 * Which event types each site's enabled endpoints subscribe to, cached for a second (keyed by site
 * id alone: ids are random UUIDs, and a transaction must find what its database found): hot paths (every batch of messages, every conversation start) ask "might this site want
 * this event?" without a query. Changes made on this node apply at once (`forgetSubscriptions`);
 * changes made on another node apply within SUBSCRIPTION_TTL_MS. A "yes" is only a hint — the
 * outbox reads the endpoints again inside the change's transaction.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { webhookEndpoints, type Executor } from '@parley/db';
import type { AnyWebhookEventType } from '@parley/protocol';

export const SUBSCRIPTION_TTL_MS = 1000;

interface Entry {
  expires: number;
  types: Set<string>;
}

const cache = new Map<string, Entry>();

/** The sites among `siteIds` with an enabled endpoint subscribed to `type`. */
export async function sitesSubscribedTo(db: Executor, siteIds: string[], type: AnyWebhookEventType): Promise<Set<string>> {
  const now = Date.now();
  const stale = siteIds.filter((id) => !((cache.get(id)?.expires ?? 0) > now));
  if (stale.length) {
    const rows = await db
      .select({ siteId: webhookEndpoints.siteId, events: webhookEndpoints.events })
      .from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.siteId, stale), eq(webhookEndpoints.enabled, true)));
    for (const id of stale) cache.set(id, { expires: now + SUBSCRIPTION_TTL_MS, types: new Set() });
    for (const row of rows) for (const t of row.events as string[]) cache.get(row.siteId)!.types.add(t);
    // Bounded like any cache of per-site facts: drop what has expired once it grows.
    if (cache.size > 10_000) for (const [id, entry] of cache) if (entry.expires <= now) cache.delete(id);
  }
  return new Set(siteIds.filter((id) => cache.get(id)!.types.has(type)));
}

/** After this node changes a site's endpoints: the next question reads them again. */
export function forgetSubscriptions(siteId: string): void {
  cache.delete(siteId);
}
