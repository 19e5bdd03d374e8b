/**
 * The webhook delivery worker, one per node. It claims due deliveries with
 * `SELECT … FOR UPDATE SKIP LOCKED` and, in the same short transaction, pushes their due time
 * past a lease (timeout + margin), so no other node picks them while the request runs; the row
 * lock is not held across the HTTP call (PGlite has one connection). A node that dies mid-attempt
 * leaves the delivery to be retried when the lease ends. Results are written only by the claimer
 * (`attempts` must still match), so a late answer never overwrites a newer attempt.
 */
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints, webhookEvents, type Database } from '@parley/db';
import { WEBHOOK_HEADERS, WEBHOOK_TEST_EVENT } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import { retryDelayMs } from './backoff.ts';
import { sendWebhook, type SendResult } from './send-webhook.ts';
import { signatureHeader } from './sign.ts';

const BATCH = 10;
const LEASE_MARGIN_MS = 30_000;
/** The delivery log is kept this long (retries end within about two days). */
const RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 3600_000;

export interface DeliveryWorker {
  /** Looks for due deliveries now (after a commit that wrote some). */
  kick(): void;
  /** Stops polling, cancels requests in flight (they are retried later) and waits for them. */
  stop(): Promise<void>;
}

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

async function claimDue(db: Database, leaseMs: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: sql`now()`,
        nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      })
      .where(inArray(webhookDeliveries.id, ids));
    return tx
      .select({
        id: webhookDeliveries.id,
        attempts: webhookDeliveries.attempts,
        endpointId: webhookEndpoints.id,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        enabled: webhookEndpoints.enabled,
        eventId: webhookEvents.id,
        type: webhookEvents.type,
        body: webhookEvents.body,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(inArray(webhookDeliveries.id, ids));
  });
}

export function startDeliveryWorker(db: Database, config: Config['webhooks'], log: FastifyBaseLogger): DeliveryWorker {
  const leaseMs = config.timeoutMs + LEASE_MARGIN_MS;
  const inFlight = new Set<AbortController>();
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let prunedAt = 0;

  function schedule() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(kick, config.pollMs).unref();
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = drain()
      .catch((error: unknown) => log.warn({ err: error }, 'webhook worker: claiming deliveries failed'))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          kick();
        } else schedule();
      });
  }

  async function drain() {
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = Date.now();
      // Deliveries go with their event (ON DELETE CASCADE).
      await db.delete(webhookEvents).where(lt(webhookEvents.createdAt, sql`now() - ${RETENTION_DAYS} * interval '1 day'`));
    }
    while (!stopped) {
      const claimed = await claimDue(db, leaseMs);
      await Promise.all(claimed.map(deliver));
      if (claimed.length < BATCH) return;
    }
  }

  async function deliver(d: Claimed) {
    if (!d.enabled && d.type !== WEBHOOK_TEST_EVENT) {
      await record(d, { ok: false, statusCode: null, durationMs: 0, error: 'Endpoint disabled', responseSnippet: null, refused: true });
      return;
    }
    const controller = new AbortController();
    inFlight.add(controller);
    try {
      const result = await sendWebhook({
        url: d.url,
        body: d.body,
        timeoutMs: config.timeoutMs,
        allowedHosts: config.allowedHosts,
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          [WEBHOOK_HEADERS.event]: d.type,
          [WEBHOOK_HEADERS.delivery]: d.id,
          [WEBHOOK_HEADERS.signature]: signatureHeader(d.secret, d.body),
        },
      });
      if (controller.signal.aborted) await release(d);
      else await record(d, result);
    } catch (error) {
      log.error({ err: error, deliveryId: d.id }, 'webhook worker: recording a delivery failed');
    } finally {
      inFlight.delete(controller);
    }
  }

  /** Shutdown cancelled the attempt: it does not count, and is due again at once (on any node). */
  async function release(d: Claimed) {
    await db
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} - 1`, nextAttemptAt: sql`now()` })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.attempts, d.attempts), eq(webhookDeliveries.status, 'pending')));
  }

  async function record(d: Claimed, result: SendResult) {
    const giveUp = !result.ok && (result.refused || d.attempts >= config.maxAttempts);
    const retryMs = retryDelayMs(d.attempts, config.retryBaseMs);
    await db
      .update(webhookDeliveries)
      .set({
        status: result.ok ? 'delivered' : giveUp ? 'failed' : 'pending',
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        responseSnippet: result.responseSnippet,
        deliveredAt: result.ok ? sql`now()` : null,
        nextAttemptAt: result.ok || giveUp ? sql`now()` : sql`now() + ${retryMs} * interval '1 millisecond'`,
      })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.attempts, d.attempts), eq(webhookDeliveries.status, 'pending')));
    // The URL's host only: paths and queries may hold the receiver's own tokens.
    const facts = { deliveryId: d.id, endpointId: d.endpointId, eventType: d.type, attempt: d.attempts, host: hostOf(d.url), statusCode: result.statusCode, durationMs: result.durationMs };
    if (result.ok) log.info(facts, 'webhook delivered');
    else log.warn({ ...facts, reason: result.error, willRetry: !giveUp }, giveUp ? 'webhook delivery failed' : 'webhook attempt failed');
  }

  schedule();
  return {
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const controller of inFlight) controller.abort();
      await running;
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}
