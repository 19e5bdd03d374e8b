/**
 * The one wrapper for socket handlers: parse the payload with the protocol schema, call the
 * domain, acknowledge `{ ok, data }` or `{ ok: false, error }`. Nothing thrown escapes.
 */
import type { Ack } from '@parley/protocol';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { z } from 'zod';
import { toAppError, validationError } from '../errors.ts';

/** The data type an event's acknowledgement carries, read from the protocol's event map. */
export type AckData<M, E extends keyof M> = M[E] extends (payload: never, ack: (ack: Ack<infer T>) => void) => void ? T : never;

export interface HandlerContext {
  log: Logger;
}

/**
 * Binds handlers to one socket: `on(EVENTS.x, schema, run)`. The event map `M` checks that `run`
 * returns what the event's acknowledgement promises.
 */
export function bindHandlers<M>(socket: { on(event: string, listener: (...args: never[]) => void): unknown }, ctx: HandlerContext) {
  return <E extends keyof M & string, S extends z.ZodType>(event: E, schema: S, run: (payload: z.output<S>) => Promise<AckData<M, E>>) => {
    socket.on(event, handler<M, E, S>(ctx, event, schema, run));
  };
}

/**
 * Builds a listener for `socket.on(event, …)`. `run` gets the parsed payload and returns the ack
 * data; a missing ack callback (a client that did not ask for one) is tolerated.
 */
export function handler<M, E extends keyof M, S extends z.ZodType>(
  ctx: HandlerContext,
  event: E,
  schema: S,
  run: (payload: z.output<S>) => Promise<AckData<M, E>>,
) {
  return async (payload: unknown, ack?: unknown): Promise<void> => {
    const reply = (typeof ack === 'function' ? ack : () => {}) as (a: Ack<AckData<M, E>>) => void;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({ ok: false, error: validationError(parsed.error).toBody() });
      return;
    }
    try {
      reply({ ok: true, data: await run(parsed.data) });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL' || appError.code === 'UNAVAILABLE') {
        ctx.log.error({ err: error, event: String(event) }, 'socket handler failed');
      }
      reply({ ok: false, error: appError.toBody() });
    }
  };
}
