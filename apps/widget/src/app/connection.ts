/**
 * The typed Socket.IO connection to the visitor namespace, with the server-event table bound to
 * the store. Lifecycle decisions (when to connect, resume, resend) are made in chat.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type VisitorClientToServer, type VisitorServerToClient } from '@parley/protocol';
import { serverHandlers, type Store, type WidgetState } from './store.ts';

export type VisitorSocket = Socket<VisitorServerToClient, VisitorClientToServer>;

/** How long to wait for an acknowledgement before treating a request as lost. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * Opens the socket. The token is read on every (re)connect, so a renewed session token is used
 * without rebuilding the socket.
 */
export function openSocket(baseUrl: string, getToken: () => string): VisitorSocket {
  return io(baseUrl + NAMESPACES.visitor, {
    auth: (send) => send({ token: getToken() }),
    transports: ['websocket', 'polling'],
  });
}

/** Client events that expect an acknowledgement (payload, ack). */
type RequestEvent = {
  [E in keyof VisitorClientToServer]: Parameters<VisitorClientToServer[E]> extends [unknown, (ack: never) => void]
    ? E
    : never;
}[keyof VisitorClientToServer];
type PayloadOf<E extends RequestEvent> = Parameters<VisitorClientToServer[E]>[0];
type AckOf<E extends RequestEvent> = Parameters<Parameters<VisitorClientToServer[E]>[1]>[0];

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
