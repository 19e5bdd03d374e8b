/**
 * The typed Socket.IO connection to the visitor namespace, with the server-event table bound to
 * the store. Lifecycle decisions (when to connect, resume, resend) are made in chat.ts.
 */
import { io, WebSocket, type Socket } from 'socket.io-client';
import { NAMESPACES, type VisitorClientToServer, type VisitorServerToClient } from '@parley/protocol';
import { serverHandlers, type Store, type WidgetState } from './store.ts';

export type VisitorSocket = Socket<VisitorServerToClient, VisitorClientToServer>;

/** How long to wait for an acknowledgement before treating a request as lost. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * Opens the socket, over WebSocket. The token is read on every (re)connect, so a renewed session
 * token is used without rebuilding the socket.
 *
 * Transports are passed as classes, not names: scripts/build.mjs empties engine.io-client's table
 * of transports by name, so HTTP long-polling (and WebTransport) stay out of the core bundle.
 * Polling is the fallback for networks that block WebSockets: `usePolling` loads it on demand.
 */
export function openSocket(baseUrl: string, getToken: () => string): VisitorSocket {
  return io(baseUrl + NAMESPACES.visitor, {
    auth: (send) => send({ token: getToken() }),
    transports: [WebSocket],
    // reset() drops this socket and opens another for the next visitor: never reuse a cached manager.
    forceNew: true,
  });
}

/**
 * After a transport-level failure: from the next attempt on, try WebSocket and then fall back to
 * HTTP long-polling (its chunk is loaded once; each socket is switched over by its own call).
 */
let polling: Promise<typeof import('./polling.ts')> | undefined;
export function usePolling(socket: VisitorSocket): Promise<void> {
  polling ??= import('./polling.ts');
  return polling.then(
    ({ XHR }) => void Object.assign(socket.io.opts, { transports: [WebSocket, XHR], tryAllTransports: true }),
    () => void (polling = undefined), // offline: the next failure tries again
  );
}

/** Client events that expect an acknowledgement (payload, ack). */
export type RequestEvent = {
  [E in keyof VisitorClientToServer]: Parameters<VisitorClientToServer[E]> extends [unknown, (ack: never) => void]
    ? E
    : never;
}[keyof VisitorClientToServer];
export type PayloadOf<E extends RequestEvent> = Parameters<VisitorClientToServer[E]>[0];
export type AckOf<E extends RequestEvent> = Parameters<Parameters<VisitorClientToServer[E]>[1]>[0];

/**
 * Emits a request and resolves with its ack (`{ ok, data } | { ok: false, error }`). Rejects when
 * no ack comes within ACK_TIMEOUT_MS or the connection drops first.
 */
export function request<E extends RequestEvent>(
  socket: VisitorSocket,
  event: E,
  payload: PayloadOf<E>,
): Promise<AckOf<E>> {
  // socket.io-client types the ack of a `timeout()` emit as `any`; the event map above restores it.
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emitWithAck(event: E, payload: PayloadOf<E>): Promise<AckOf<E>>;
  };
  return timed.emitWithAck(event, payload);
}

type AnyHandler = (state: WidgetState, ...args: unknown[]) => WidgetState;

/** Routes every server event of the table into a store update. */
export function bindServerEvents(socket: VisitorSocket, store: Store): void {
  for (const [event, handler] of Object.entries(serverHandlers)) {
    // The table is typed per event in store.ts; here the pairing is generic, hence the casts.
    socket.on(event as keyof VisitorServerToClient, (...args: unknown[]) =>
      store.update((state) => (handler as AnyHandler)(state, ...args)),
    );
  }
}
