/**
 * The agent socket: how it connects, which server events change state (one table), and a typed
 * request helper that turns an acknowledgement, a refusal or silence into one result type.
 */
import { io, type Socket } from 'socket.io-client';
import {
  ERRORS,
  EVENTS,
  NAMESPACES,
  type Ack,
  type AckCallback,
  type AgentClientToServer,
  type AgentServerToClient,
  type ErrorCode,
} from '@parley/protocol';
import { clientError, toUiError, type UiError } from './errors.ts';
import type { Action } from './store.ts';

export type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

/** How long to wait for an acknowledgement before treating the request as unanswered. */
export const ACK_TIMEOUT_MS = 10_000;

/** Opens the agent namespace on the page's own origin, authenticated by the session token. */
export function connectAgentSocket(token: string): AgentSocket {
  return io(NAMESPACES.agent, { auth: { token }, transports: ['websocket', 'polling'] });
}

/** Server events that carry a list: bindServerEvents turns each item into its own action. */
type BatchEvent = typeof EVENTS.conversationsActivity | typeof EVENTS.conversationsCreated | typeof EVENTS.agentsState;
type BatchEventTable = {
  [E in BatchEvent]: (item: Parameters<AgentServerToClient[E]>[0][number]) => Action;
};
type ServerEventTable = {
  [E in Exclude<keyof AgentServerToClient, BatchEvent>]?: (...args: Parameters<AgentServerToClient[E]>) => Action;
};

/**
 * Every server event the console reacts to, and the state change it causes. Handlers only build
 * an action: no requests, no DOM, so a new event is one line here and one case in the reducer.
 */
export const serverEvents: ServerEventTable = {
  [EVENTS.conversationCreated]: (conversation) => ({ type: 'conversationCreated', conversation }),
  [EVENTS.conversationUpdated]: (conversation) => ({ type: 'conversationUpdated', conversation }),
  [EVENTS.messageNew]: (message) => ({ type: 'messageNew', message }),
  [EVENTS.queueUpdated]: (queue) => ({ type: 'queueUpdated', queue }),
  [EVENTS.agentState]: (agent) => ({ type: 'agentState', agent }),
  [EVENTS.conversationsRemoved]: ({ conversationIds, erasedVisitorId }) => ({
    type: 'conversationsRemoved',
    conversationIds,
    ...(erasedVisitorId ? { erasedVisitorId } : {}),
  }),
  // Stamped on arrival, so a signal whose "stopped typing" got lost still expires.
  [EVENTS.typing]: ({ conversationId, typing, preview }) => ({
    type: 'typing',
    conversationId,
    typing,
    ...(preview !== undefined ? { preview } : {}),
    at: Date.now(),
  }),
};

/** The action of one item of a list event, as if the item had come on its own. */
export const batchEvents: BatchEventTable = {
  [EVENTS.conversationsActivity]: (activity) => ({ type: 'conversationActivity', activity }),
  [EVENTS.conversationsCreated]: (conversation) => ({ type: 'conversationCreated', conversation }),
  [EVENTS.agentsState]: (agent) => ({ type: 'agentState', agent }),
};

/** Subscribes `dispatch` to every event of both tables; returns the unsubscribe function. */
export function bindServerEvents(socket: AgentSocket, dispatch: (action: Action) => void): () => void {
  // Socket.IO's listener types cannot follow a key of a mapped type through Object.entries,
  // so the table's (already type-checked) handlers are registered through an untyped view.
  const untyped = socket as unknown as {
    on(event: string, listener: (...args: unknown[]) => void): void;
    off(event: string, listener: (...args: unknown[]) => void): void;
  };
  const single = Object.entries(serverEvents).map(([event, toAction]) => {
    const listener = (...args: unknown[]) => dispatch((toAction as (...a: unknown[]) => Action)(...args));
    return [event, listener] as const;
  });
  const lists = Object.entries(batchEvents).map(([event, toAction]) => {
    const listener = (list: unknown) => {
      for (const item of list as unknown[]) dispatch((toAction as (item: unknown) => Action)(item));
    };
    return [event, listener as (...args: unknown[]) => void] as const;
  });
  const listeners = [...single, ...lists];
  for (const [event, listener] of listeners) untyped.on(event, listener);
  return () => {
    for (const [event, listener] of listeners) untyped.off(event, listener);
  };
}

/** Client events that take a payload and an acknowledgement. */
export type RequestEvent = {
  [E in keyof AgentClientToServer]: Parameters<AgentClientToServer[E]> extends [unknown, (ack: never) => void] ? E : never;
}[keyof AgentClientToServer];
export type RequestPayload<E extends RequestEvent> = Parameters<AgentClientToServer[E]>[0];
export type RequestData<E extends RequestEvent> =
  Parameters<AgentClientToServer[E]>[1] extends AckCallback<infer T> ? T : never;

export type Result<T> = { ok: true; data: T } | { ok: false; error: UiError };

/**
 * Emits a request and resolves with its acknowledgement. Never rejects: a refusal becomes the
 * server's error and silence past the timeout becomes `NO_RESPONSE`, so callers handle one shape.
 */
export function request<E extends RequestEvent>(
  socket: AgentSocket,
  event: E,
  payload: RequestPayload<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Result<RequestData<E>>> {
  // `timeout()` changes the ack signature to (err, ack); the event map cannot express that for
  // a generic event, hence the narrow cast here and typed arguments at every call site.
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emit(event: E, payload: unknown, ack: (err: Error | null, ack: Ack<RequestData<E>>) => void): void;
  };
  return new Promise((resolve) => {
    emitter.emit(event, payload, (err, ack) => {
      if (err) resolve({ ok: false, error: clientError('NO_RESPONSE') });
      else if (ack && typeof ack === 'object' && ack.ok === true) resolve({ ok: true, data: ack.data });
      else resolve({ ok: false, error: toUiError(ack && typeof ack === 'object' ? ack.error : null) });
    });
  });
}

const UNAUTHORIZED: ErrorCode = 'UNAUTHORIZED';

/**
 * True when the server refused the connection because the token is missing, wrong or expired.
 * A middleware error reaches the client as `err.message` plus optional `err.data`; accept the
 * code in either place, or the catalogue's message.
 */
export function isUnauthorizedConnectError(err: Error & { data?: unknown }): boolean {
  const data = err.data as { code?: unknown; error?: { code?: unknown } } | undefined;
  return (
    err.message === UNAUTHORIZED ||
    err.message === ERRORS.UNAUTHORIZED.message ||
    data?.code === UNAUTHORIZED ||
    data?.error?.code === UNAUTHORIZED
  );
}
