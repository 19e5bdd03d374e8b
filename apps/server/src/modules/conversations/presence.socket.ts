/**
 * Connection-driven presence: an agent connecting comes online; an agent or visitor whose last
 * socket (on any node: the adapter answers) has been gone for the grace period is handed to the
 * domain (`agentGone`: offline and requeue; `visitorGone`: waiting becomes missed).
 */
import type { Database } from '@parley/db';
import { ROOMS } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Effects } from '../../shared/effects.ts';
import type { Realtime } from '../../socket/types.ts';
import type { Publisher } from './publish-effects.ts';
import { agentConnected, agentGone, visitorConnected, visitorGone } from './routing/presence.ts';

export interface PresenceOptions {
  agentGraceMs: number;
  visitorGraceMs: number;
}

export function trackPresence(realtime: Realtime, db: Database, publisher: Publisher, log: FastifyBaseLogger, options: PresenceOptions) {
  const timers = new Set<NodeJS.Timeout>();

  /**
   * Runs `then(disconnectedAt)` after the grace period unless the room has sockets again by then.
   * The domain also checks the database for a connection after `disconnectedAt`, which stays true
   * when a node that holds the new socket is restarting and cannot answer the adapter.
   */
  const afterGrace = (nsp: Realtime['agents'] | Realtime['visitors'], room: string, graceMs: number, then: (since: Date) => Promise<Effects>) => {
    const since = new Date();
    const timer = setTimeout(() => {
      timers.delete(timer);
      nsp
        .in(room)
        .fetchSockets()
        .then(async (sockets) => {
          if (sockets.length === 0) await publisher.publish(await then(since));
        })
        .catch((error: unknown) => log.warn({ err: error, room }, 'presence check failed'));
    }, graceMs);
    timer.unref();
    timers.add(timer);
  };

  realtime.agents.on('connection', (socket) => {
    const { agentId, observer } = socket.data.actor;
    if (observer) return; // watching is not being present
    agentConnected(db, agentId)
      .then((effects) => publisher.publish(effects))
      .catch((error: unknown) => log.warn({ err: error, agentId }, 'agent presence update failed'));
    socket.on('disconnect', () => afterGrace(realtime.agents, ROOMS.agent(agentId), options.agentGraceMs, (since) => agentGone(db, agentId, since)));
  });

  realtime.visitors.on('connection', (socket) => {
    const { visitorId } = socket.data.actor;
    visitorConnected(db, visitorId).catch((error: unknown) => log.warn({ err: error, visitorId }, 'visitor presence update failed'));
    socket.on('disconnect', () => afterGrace(realtime.visitors, ROOMS.visitor(visitorId), options.visitorGraceMs, (since) => visitorGone(db, visitorId, since)));
  });

  return {
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
