/**
 * Prometheus metrics (prom-client), one registry per app so several apps in one process (tests)
 * never share counters. What is counted, and where:
 * - messages stored and assignment latency: from the publisher, which sees every committed
 *   `Effects` of this node once (each node counts what it stored; sum over nodes);
 * - socket connections: this node's local sockets, read at scrape time;
 * - message batches (how many, their messages, the time to each one's answer): this node's
 *   message writer, read at scrape time — messages over batches is the mean batch size, and the
 *   seconds' rate how much of each second a batch was in flight;
 * - queue length: read from the database at scrape time (the same on every node: use max, not sum);
 * - HTTP request durations: a Fastify onResponse hook, labelled by route pattern, never raw URL.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@parley/db';
import { SYSTEM_MESSAGES, type Conversation } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Effects } from '../../shared/effects.ts';
import type { Realtime } from '../../socket/types.ts';
import { messageWriterStats, type MessageWriterStats } from '../conversations/index.ts';

export interface Prometheus {
  registry: Registry;
  /** Called by the publisher after a commit, with the conversation views it loaded. */
  observeEffects(effects: Effects, views: ReadonlyMap<string, Conversation>): void;
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void;
  /** The scheduler whose lease this node may hold (set once it exists). */
  watchScheduler(scheduler: { isLeader(): boolean }): void;
  /** A scheduled job ran on this node. */
  observeJobRun(job: string): void;
}

export function createPrometheus(realtime: Realtime, db: Database, log: FastifyBaseLogger): Prometheus {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'parley_socket_connections',
    help: 'Socket.IO connections open on this node, by namespace (visitor, agent)',
    labelNames: ['namespace'] as const,
    registers: [registry],
    collect() {
      this.set({ namespace: 'visitor' }, realtime.visitors.sockets.size);
      this.set({ namespace: 'agent' }, realtime.agents.sockets.size);
    },
  });

  new Gauge({
    name: 'parley_queue_waiting',
    help: 'Conversations waiting in each channel (from the database at scrape time; identical on every node)',
    labelNames: ['site_id', 'channel_id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        // One row per channel, zero included; each count is an index range on (channel_id, status).
        const result = await db.execute(sql`
          select ch.site_id, ch.id as channel_id,
            (select count(*)::int from conversations c where c.channel_id = ch.id and c.status = 'waiting') as waiting
          from channels ch`);
        // Both drivers return `{ rows }`; the shared drizzle type does not say so.
        const rows = (result as unknown as { rows: { site_id: string; channel_id: string; waiting: number }[] }).rows;
        for (const row of rows) this.set({ site_id: row.site_id, channel_id: row.channel_id }, Number(row.waiting));
      } catch (error) {
        // A scrape during a database outage reports the other metrics rather than failing whole.
        log.warn({ err: error }, 'metrics: queue lengths unavailable');
      }
    },
  });

  const messagesStored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages stored by this node, by sender (visitor, agent, system; internal notes as note)',
    labelNames: ['sender'] as const,
    registers: [registry],
  });
  for (const sender of ['visitor', 'agent', 'system', 'note']) messagesStored.inc({ sender }, 0);

  const assignmentLatency = new Histogram({
    name: 'parley_assignment_latency_seconds',
    help: 'From a conversation starting to its first agent assignment (auto, claim, transfer or agent-initiated)',
    buckets: [0.05, 0.25, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });

  const httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request durations, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // Cumulative figures of the writer, taken as they are at scrape time.
  const writerCounter = (name: string, help: string, read: (s: MessageWriterStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(messageWriterStats(db)));
      },
    });
  writerCounter('parley_message_batches_total', 'Batch statements that stored chat messages on this node', (s) => s.batches);
  writerCounter('parley_message_batch_messages_total', 'Messages in those batches (rate over parley_message_batches_total: the mean batch size)', (s) => s.messages);
  writerCounter('parley_message_batch_seconds_total', 'Seconds from sending each message batch to its answer, summed (the database and the wait for it)', (s) => s.seconds);

  let scheduler: { isLeader(): boolean } | undefined;
  new Gauge({
    name: 'parley_scheduler_leader',
    help: 'Whether this node holds the scheduler lease and runs the scheduled jobs (1) or not (0); the sum over nodes is 1',
    registers: [registry],
    collect() {
      this.set(scheduler?.isLeader() ? 1 : 0);
    },
  });
  const jobRuns = new Counter({
    name: 'parley_scheduled_job_runs_total',
    help: 'Scheduled jobs run on this node (presence timeouts, queue refreshes), by job',
    labelNames: ['job'] as const,
    registers: [registry],
  });

  return {
    registry,
    watchScheduler(s) {
      scheduler = s;
    },
    observeJobRun(job) {
      jobRuns.inc({ job });
    },
    observeEffects(effects, views) {
      for (const message of effects.messages) {
        messagesStored.inc({ sender: message.internal ? 'note' : message.sender });
        if (message.sender !== 'system' || message.text !== SYSTEM_MESSAGES.agentJoined) continue;
        // Every assignment writes an "agent joined" line in the same transaction that sets
        // assigned_at (once, on the first assignment): equal timestamps mean this is the first.
        // Transfers and reopenings write the line again, with a later time, and are not counted.
        const view = views.get(message.conversationId);
        if (!view?.assignedAt || view.assignedAt !== message.createdAt) continue;
        const seconds = (Date.parse(view.assignedAt) - Date.parse(view.createdAt)) / 1000;
        assignmentLatency.observe(Math.max(0, seconds));
      }
    },
    observeHttp(method, route, statusCode, seconds) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
  };
}
