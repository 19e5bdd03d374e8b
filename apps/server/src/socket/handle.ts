/**
 * The one wrapper for socket handlers: parse the payload with the protocol schema, call the
 * domain, acknowledge `{ ok, data }` or `{ ok: false, error }`. Nothing thrown escapes.
 */
import type { Ack } from '@parley/protocol';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { z } from 'zod';
import { AppError, toAppError, validationError } from '../errors.ts';
import { stripNul } from '../shared/strip-nul.ts';

/** The data type an event's acknowledgement carries, read from the protocol's event map. */
export type AckData<M, E extends keyof M> = M[E] extends (payload: never, ack: (ack: Ack<infer T>) => void) => void ? T : never;

export interface HandlerContext {
  log: Logger;
  /** False when this client has used up its event budget (then the event is refused). */
  allow: () => boolean;
}

/**
 * Binds handlers to one socket: `on(EVENTS.x, schema, run)`. The event map `M` checks that `run`
 * returns what the event's acknowledgement promises.
 */
export function bindHandlers<M>(socket: HandlerSocket, ctx: HandlerContext) {
  const known = new Set<string>();
  // Events no handler knows get a typed error instead of silence (when the client asked for an ack).
  socket.onAny((event: string, ...args: unknown[]) => {
    if (known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') ack({ ok: false, error: { code: 'VALIDATION', message: `Unknown event: ${String(event).slice(0, 60)}` } });
  });
  const on = <E extends keyof M & string, S extends z.ZodType>(event: E, schema: S, run: (payload: z.output<S>) => Promise<AckData<M, E>>) => {
    known.add(event);
    socket.on(event, handler<M, E, S>(ctx, event, schema, run));
  };
  /** An event without acknowledgement (typing, read receipts): parsed, rate limited, errors dropped. */
  const onSignal = <S extends z.ZodType>(event: keyof M & string, schema: S, run: (payload: z.output<S>) => Promise<unknown> | void) => {
    known.add(event);
    socket.on(event, (payload: unknown) => {
      if (!ctx.allow()) return;
      const parsed = schema.safeParse(stripNul(payload));
      if (!parsed.success) return;
      Promise.resolve(run(parsed.data)).catch((error: unknown) => ctx.log.debug({ err: error, event }, 'signal dropped'));
    });
  };
  return { on, onSignal };
}

interface HandlerSocket {
  on(event: string, listener: (...args: never[]) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
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
    if (!ctx.allow()) {
      reply({ ok: false, error: new AppError('RATE_LIMITED').toBody() });
      return;
    }
    const parsed = schema.safeParse(stripNul(payload));
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
