/** Wires the conversations module into the realtime gateway: one notifier, handlers per connection. */
import type { Database } from '@parley/db';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Realtime } from '../../socket/types.ts';
import { registerAgentHandlers } from './agent.socket.ts';
import { createConversationNotifier } from './conversations.notifier.ts';
import { registerVisitorHandlers } from './visitor.socket.ts';

export function registerConversationSockets(realtime: Realtime, db: Database, log: Logger): void {
  const notify = createConversationNotifier(realtime);
  realtime.visitors.on('connection', (socket) => {
    const socketLog = log.child({ socketId: socket.id, visitorId: socket.data.actor.visitorId });
    socketLog.debug('visitor connected');
    registerVisitorHandlers(socket, db, notify, { log: socketLog });
  });
  realtime.agents.on('connection', (socket) => {
    const socketLog = log.child({ socketId: socket.id, agentId: socket.data.actor.agentId });
    socketLog.debug('agent connected');
    registerAgentHandlers(socket, db, notify, { log: socketLog });
  });
}
