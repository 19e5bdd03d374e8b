/**
 * Connection-driven presence: an agent connecting comes online; an agent's last socket closing
 * (on any node: the adapter answers) starts their grace period in the database.
 * What happens when it runs out is scheduled work (`presenceJob` in conversation-jobs.ts), run by one node at a time, so
 * it happens once — and also for sockets whose node died without saying so.
 */
import type { Database } from '@parley/db';
import { ROOMS } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Realtime } from '../../socket/types.ts';
import type { Publisher } from './publish-effects.ts';
import { agentConnected, agentDisconnected, visitorConnected } from './routing/presence.ts';

export function trackPresence(realtime: Realtime, db: Database, publisher: Publisher, log: FastifyBaseLogger): void {
  /** Runs `then` when the room has no socket left on any node. */
  const whenLast = (nsp: Realtime['agents'] | Realtime['visitors'], room: string, then: () => Promise<void>) => {
    nsp
      .in(room)
      .fetchSockets()
      .then((sockets) => (sockets.length === 0 ? then() : undefined))
      .catch((error: unknown) => log.warn({ err: error, room }, 'presence check failed'));
  };

  realtime.agents.on('connection', (socket) => {
    const { agentId, observer } = socket.data.actor;
    if (observer) return; // watching is not being present
    agentConnected(db, agentId)
      .then((effects) => publisher.publish(effects))
      .catch((error: unknown) => log.warn({ err: error, agentId }, 'agent presence update failed'));
    socket.on('disconnect', () => whenLast(realtime.agents, ROOMS.agent(agentId), () => agentDisconnected(db, agentId)));
  });

  // A visitor's departure matters only while they wait, and the presence job finds those with no
  // socket on any node by itself (their grace period starts then, at most one tick late). So a
  // disconnect costs nothing here: thousands of visitors closing tabs must not queue database work
  // in front of chat messages.
  realtime.visitors.on('connection', (socket) => {
    const { visitorId } = socket.data.actor;
    visitorConnected(db, visitorId).catch((error: unknown) => log.warn({ err: error, visitorId }, 'visitor presence update failed'));
  });
}
