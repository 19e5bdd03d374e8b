/** Wires the conversations module into the realtime gateway: one publisher, presence, handlers per connection. */
import type { Database } from '@parley/db';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { createRateLimiter } from '../../socket/rate-limit.ts';
import type { Realtime } from '../../socket/types.ts';
import { registerAgentHandlers } from './agent.socket.ts';
import { trackPresence } from './presence.socket.ts';
import type { Publisher } from './publish-effects.ts';
import { registerVisitorHandlers } from './visitor.socket.ts';

export interface SocketOptions {
  visitorEvents: { burst: number; perSecond: number };
  agentEvents: { burst: number; perSecond: number };
}

export function registerConversationSockets(realtime: Realtime, db: Database, publisher: Publisher, log: Logger, options: SocketOptions) {
  // Visitors write slowly; agents work several chats at once.
  const visitorLimit = createRateLimiter(options.visitorEvents);
  const agentLimit = createRateLimiter(options.agentEvents);
  realtime.visitors.on('connection', (socket) => {
    const { visitorId } = socket.data.actor;
    const socketLog = log.child({ socketId: socket.id, visitorId });
    registerVisitorHandlers(socket, db, publisher, { log: socketLog, allow: () => visitorLimit.take(visitorId) });
  });
  realtime.agents.on('connection', (socket) => {
    const { agentId } = socket.data.actor;
    const socketLog = log.child({ socketId: socket.id, agentId });
    registerAgentHandlers(socket, db, publisher, { log: socketLog, allow: () => agentLimit.take(agentId) });
  });
  trackPresence(realtime, db, publisher, log);
}
