/**
 * Transcript retention: closed (and missed) conversations older than their site's
 * `transcriptRetentionDays` are deleted with their messages. Conversations still waiting, active
 * or left as offline messages are never touched, whatever their age; visitors stay (they may
 * come back).
 *
 * One node at a time: a run is one transaction that first takes
 * `pg_try_advisory_xact_lock(RETENTION_LOCK_KEY)`; a node that does not get it skips the run
 * (another node is doing the same work). The lock ends with the transaction. A run is idempotent
 * (it deletes what is old *now*) and bounded (`batchLimit` rows): a backlog is worked off over
 * the next runs. Ages are computed by the database clock, never the node's.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@parley/db';
import type { FastifyBaseLogger } from 'fastify';
import { newEffects, type Effects } from '../../shared/effects.ts';

/** Any constant distinct from the migration lock (7_402_113); shared by every node. */
export const RETENTION_LOCK_KEY = 7_402_114;
const DEFAULT_BATCH_LIMIT = 5000;

export interface RetentionRun {
  /** false when another node held the lock: nothing was done. */
  ran: boolean;
  /** Deleted conversations, id → site id. */
  removed: Map<string, string>;
  messages: number;
}

export async function runRetention(db: Database, options: { batchLimit?: number } = {}): Promise<RetentionRun> {
  const limit = options.batchLimit ?? DEFAULT_BATCH_LIMIT;
  return db.transaction(async (tx) => {
    const locked = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) as locked`));
    if (!locked[0]?.locked) return { ran: false, removed: new Map(), messages: 0 };
    // Messages first, counted (the conversations' delete trigger would delete them unseen), then
    // their conversations.
    const expired = sql`
      select c.id from conversations c join sites s on s.id = c.site_id
      where s.transcript_retention_days is not null
        and c.status in ('closed', 'missed')
        and coalesce(c.closed_at, c.created_at) < now() - make_interval(days => s.transcript_retention_days)
      order by coalesce(c.closed_at, c.created_at)
      limit ${limit}
      for update of c skip locked`;
    const ids = rowsOf<{ id: string }>(await tx.execute(expired)).map((r) => r.id);
    if (ids.length === 0) return { ran: true, removed: new Map(), messages: 0 };
    const idList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
    const deletedMessages = rowsOf<{ n: number }>(
      await tx.execute(sql`with d as (delete from messages where conversation_id in (${idList}) returning 1) select count(*)::int as n from d`),
    );
    const deleted = rowsOf<{ id: string; site_id: string }>(await tx.execute(sql`delete from conversations where id in (${idList}) returning id, site_id`));
    return { ran: true, removed: new Map(deleted.map((r) => [r.id, r.site_id])), messages: Number(deletedMessages[0]?.n ?? 0) };
  });
}

/** Both drivers return `{ rows }` from execute; the shared drizzle type does not say so. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface RetentionJob {
  /** Stops the timer and waits for a run in progress (so the database can close after). */
  stop(): Promise<void>;
}

/**
 * Runs retention every `intervalMs` on this node (the advisory lock keeps nodes from doing it
 * twice). A plain interval timer: easy to move onto a shared scheduler later.
 */
export function startRetentionJob(db: Database, intervalMs: number, log: FastifyBaseLogger, publish: (effects: Effects) => Promise<void>): RetentionJob {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return; // a slow run is not overlapped by the next tick
    running = runRetention(db)
      .then(async (run) => {
        if (run.removed.size === 0) return;
        log.info({ conversations: run.removed.size, messages: run.messages }, 'retention: deleted expired conversations');
        const effects = newEffects();
        for (const [id, siteId] of run.removed) effects.removedConversations.set(id, siteId);
        await publish(effects);
      })
      .catch((error: unknown) => log.warn({ err: error }, 'retention run failed; retrying at the next interval'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
