/**
 * Scheduled work that must happen once across all nodes (presence timeouts, queue refreshes,
 * retention, ...). Every node ticks; only the holder of the `scheduler` lease runs the jobs, so a
 * job runs on one node at a time, and when that node dies another takes over once the lease
 * expires (three ticks).
 */
import type { Database } from '@parley/db';
import type { FastifyBaseLogger } from 'fastify';
import { holdLease, releaseLease } from './lease.ts';

export interface Job {
  name: string;
  /** How often it runs at most; every tick when absent. */
  everyMs?: number;
  run(): Promise<void>;
}

export interface Scheduler {
  /** True while this node holds the lease (for tests and /metrics). */
  isLeader(): boolean;
  stop(): Promise<void>;
}

const LEASE = 'scheduler';

export function startScheduler(options: {
  db: Database;
  nodeId: string;
  tickMs: number;
  jobs: Job[];
  log: FastifyBaseLogger;
  /** Told of every job run here (for /metrics). */
  onRun?: (job: string) => void;
}): Scheduler {
  const { db, nodeId, tickMs, jobs, log, onRun } = options;
  const lastRun = new Map<string, number>();
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    try {
      const held = await holdLease(db, LEASE, nodeId, tickMs * 3);
      if (held !== leader) log.info({ nodeId, leader: held }, held ? 'scheduler lease taken' : 'scheduler lease lost');
      leader = held;
    } catch (error) {
      // Cannot tell whether the lease is still ours: stand down until the database answers.
      leader = false;
      log.warn({ err: error }, 'scheduler lease check failed');
      return;
    }
    if (!leader) return;
    for (const job of jobs) {
      if (stopped) return;
      const now = Date.now();
      if (job.everyMs && now - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
      lastRun.set(job.name, now);
      onRun?.(job.name);
      try {
        await job.run();
      } catch (error) {
        log.warn({ err: error, job: job.name }, 'scheduled job failed');
      }
    }
  }

  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, tickMs).unref();
    });
  };
  loop();

  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (leader) await releaseLease(db, LEASE, nodeId).catch(() => {});
      leader = false;
    },
  };
}
