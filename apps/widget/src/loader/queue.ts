/**
 * The `window.Parley(command, ...args)` queue, kept free of DOM code so it is unit-tested. Calls
 * made before the app has loaded (including those a host-page stub left in `Parley.q`) are kept in
 * order and replayed into the app's handler once it attaches; later calls go straight to it.
 */
import type { CommandHandler } from '../shared/bridge.ts';

/** Commands that need no app yet: they do not make the loader import it on their own. */
const PASSIVE = ['on', 'off', 'show', 'hide'];

/** Whether a command queued before the app loaded should make the loader import it now. */
export const needsApp = (command: string): boolean => !PASSIVE.includes(command);

export interface CommandQueue {
  /** A call from the host page. */
  call(command: string, args: unknown[]): void;
  /** The app is ready: replays the queue into `handler`, then forwards every call. */
  attach(handler: CommandHandler): void;
}

/**
 * `early` sees every call made before the app attached, as it is queued (the loader hides the
 * launcher on 'hide' and imports the app for commands that need it).
 */
export function createCommandQueue(
  stub: ArrayLike<ArrayLike<unknown>> | undefined,
  early: (command: string, args: unknown[]) => void,
): CommandQueue {
  const queue: [string, unknown[]][] = [];
  let handler: CommandHandler | undefined;
  const call = (command: string, args: unknown[]) => {
    if (handler) return handler(command, args);
    queue.push([command, args]);
    early(command, args);
  };
  for (const entry of Array.from(stub ?? [])) {
    const [command, ...args] = Array.from(entry);
    call(String(command), args);
  }
  return {
    call,
    attach(next) {
      handler = next;
      for (const [command, args] of queue.splice(0)) next(command, args);
    },
  };
}
