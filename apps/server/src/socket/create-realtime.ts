/**
 * Socket.IO on the Fastify server: one namespace per kind of client, each with an auth
 * middleware that turns the handshake token into an actor. Modules add their handlers on connect.
 */
import type { Server as HttpServer } from 'node:http';
import { LIMITS, NAMESPACES } from '@parley/protocol';
import { Server } from 'socket.io';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { toAppError } from '../errors.ts';
import type { AgentActor, VisitorActor } from '../shared/actor.ts';
import type { AdapterFactory } from './cluster-adapter.ts';
import { LocalAdapter } from './skip-empty-broadcasts.ts';
import type { AgentNamespace, Realtime, VisitorNamespace } from './types.ts';

export interface RealtimeAuth {
  /**
   * Resolves a visitor handshake to an actor, or throws an AppError. `self` is how the client
   * reached this server (for the own-origin exception of the origin check).
   */
  visitor(token: unknown, origin: string | undefined, self: { protocol: string; host: string }): Promise<VisitorActor>;
  agent(token: unknown): Promise<AgentActor>;
}

/**
 * `adapter` carries events to sockets on other nodes (see cluster-adapter.ts); without one (the
 * embedded database) there is one node.
 */
export function createRealtime(server: HttpServer, adapter: AdapterFactory | undefined, auth: RealtimeAuth, log: Logger): Realtime {
  const io = new Server(server, {
    maxHttpBufferSize: LIMITS.socketFrameBytes,
    perMessageDeflate: false,
    // The widget runs on site owners' origins; which origins a site allows is checked per site
    // in the visitor middleware, and agent sockets authenticate with a bearer token, not cookies.
    cors: { origin: true, credentials: false },
    serveClient: false,
  });
  io.adapter((adapter ?? LocalAdapter) as never);
  const visitors = io.of(NAMESPACES.visitor) as VisitorNamespace;
  const agents = io.of(NAMESPACES.agent) as AgentNamespace;

  const reject = (next: (err?: Error) => void, error: unknown) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') log.error({ err: error }, 'socket auth failed');
    // Socket.IO sends `message` and `data` to the client's connect_error.
    next(Object.assign(new Error(appError.message), { data: appError.toBody() }));
  };

  visitors.use((socket, next) => {
    auth
      .visitor(socket.handshake.auth?.token, socket.handshake.headers.origin, {
        protocol: socket.handshake.secure ? 'https' : 'http',
        host: socket.handshake.headers.host ?? '',
      })
      .then((actor) => {
        socket.data.actor = actor;
        next();
      })
      .catch((error) => reject(next, error));
  });
  agents.use((socket, next) => {
    auth
      .agent(socket.handshake.auth?.token)
      .then((actor) => {
        socket.data.actor = socket.handshake.auth?.observe === true ? { ...actor, observer: true } : actor;
        next();
      })
      .catch((error) => reject(next, error));
  });
  return { io, visitors, agents };
}
