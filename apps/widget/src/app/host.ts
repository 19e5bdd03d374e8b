/**
 * Events for the host page: `Parley('on', 'opened', handler)`. A handler that throws is reported
 * and does not stop the others. 'ready' is remembered: a handler added after it fired runs at once.
 */

export const HOST_EVENTS = ['ready', 'opened', 'closed', 'unread', 'message', 'error'] as const;
export type HostEvent = (typeof HOST_EVENTS)[number];
type Handler = (payload?: unknown) => void;

export interface HostEvents {
  on(event: unknown, handler: unknown): void;
  /** Without a handler, removes every handler of the event. */
  off(event: unknown, handler?: unknown): void;
  emit(event: HostEvent, payload?: unknown): void;
}

const isEvent = (value: unknown): value is HostEvent => HOST_EVENTS.includes(value as HostEvent);

export function createHostEvents(): HostEvents {
  const handlers = new Map<HostEvent, Set<Handler>>();
  let ready = false;
  const call = (handler: Handler, payload?: unknown) => {
    try {
      handler(payload);
    } catch (error) {
      console.error('[parley] an event handler failed', error);
    }
  };
  return {
    on(event, handler) {
      if (!isEvent(event) || typeof handler !== 'function') {
        console.warn(`[parley] 'on' needs an event (${HOST_EVENTS.join(', ')}) and a function`);
        return;
      }
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set.add(handler as Handler));
      if (event === 'ready' && ready) call(handler as Handler);
    },
    off(event, handler) {
      if (!isEvent(event)) return;
      if (handler === undefined) handlers.delete(event);
      else handlers.get(event)?.delete(handler as Handler);
    },
    emit(event, payload) {
      if (event === 'ready') ready = true;
      for (const handler of [...(handlers.get(event) ?? [])]) call(handler, payload);
    },
  };
}
