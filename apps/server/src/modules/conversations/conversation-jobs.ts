/**
 * The conversations module's scheduled work, run by one node at a time (jobs/scheduler.ts):
 * departures past the grace period, and fresh queue positions and wait estimates for waiting
 * visitors (the estimate changes with time even when the queue does not).
 */
import { eq } from 'drizzle-orm';
import { conversations, type Database } from '@parley/db';
import { ROOMS } from '@parley/protocol';
import type { Job } from '../../jobs/scheduler.ts';
import { newEffects } from '../../shared/effects.ts';
import type { Realtime } from '../../socket/types.ts';
import type { Publisher } from './publish-effects.ts';
import { sweepPresence } from './routing/presence-sweep.ts';

export interface PresenceOptions {
  agentGraceMs: number;
  visitorGraceMs: number;
}

/** How often waiting visitors get their position and estimate again without a queue change. */
const QUEUE_REFRESH_MS = 15_000;

/** Departures past the grace period, judged against every node's sockets. */
export function presenceJob(realtime: Realtime, db: Database, publisher: Publisher, options: PresenceOptions): Job {
  const connected = async (nsp: Realtime['agents'] | Realtime['visitors'], rooms: string[], idOf: (data: unknown) => string) => {
    if (!rooms.length) return new Set<string>();
    const sockets = await nsp.in(rooms).fetchSockets();
    return new Set(sockets.map((s) => idOf(s.data)));
  };
  return {
    name: 'presence',
    async run() {
      const effects = await sweepPresence(db, {
        ...options,
        // Observers (the dashboard) are in their own room, so they never count as present.
        connectedAgents: (ids) =>
          connected(realtime.agents, ids.map(ROOMS.agent), (d) => (d as { actor: { agentId: string; observer?: boolean } }).actor.agentId),
        connectedVisitors: (ids) => connected(realtime.visitors, ids.map(ROOMS.visitor), (d) => (d as { actor: { visitorId: string } }).actor.visitorId),
      });
      await publisher.publish(effects);
    },
  };
}

export function queueRefreshJob(db: Database, publisher: Publisher): Job {
  return {
    name: 'queue-refresh',
    everyMs: QUEUE_REFRESH_MS,
    async run() {
      const sites = await db.selectDistinct({ id: conversations.siteId }).from(conversations).where(eq(conversations.status, 'waiting'));
      const effects = newEffects();
      for (const site of sites) effects.queues.add(site.id);
      await publisher.publish(effects);
    },
  };
}
