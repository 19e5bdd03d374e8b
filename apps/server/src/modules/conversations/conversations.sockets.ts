/** Wires the conversations module into the realtime gateway: one publisher, presence, handlers per connection. */
import type { Database } from '@parley/db';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Realtime } from '../../socket/types.ts';
import { registerAgentHandlers } from './agent.socket.ts';
import { trackPresence, type PresenceOptions } from './presence.socket.ts';
import type { Publisher } from './publish-effects.ts';
import { registerVisitorHandlers } from './visitor.socket.ts';

export function registerConversationSockets(realtime: Realtime, db: Database, publisher: Publisher, log: Logger, presence: PresenceOptions) {
  realtime.visitors.on('connection', (socket) => {
    const socketLog = log.child({ socketId: socket.id, visitorId: socket.data.actor.visitorId });
    registerVisitorHandlers(socket, db, publisher, { log: socketLog });
  });
  realtime.agents.on('connection', (socket) => {
    const socketLog = log.child({ socketId: socket.id, agentId: socket.data.actor.agentId });
    registerAgentHandlers(socket, db, publisher, { log: socketLog });
  });
  return trackPresence(realtime, db, publisher, log, presence);
}
