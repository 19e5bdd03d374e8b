/**
 * The agent's typing signal to the visitor: `true` when they start typing and again at most every
 * THROTTLE_MS while they go on (the widget forgets a signal after 5 s), `false` after IDLE_MS
 * without a keystroke, or at once when they send, clear the box, switch to a note or leave.
 */
export const THROTTLE_MS = 2000;
export const IDLE_MS = 3000;

type TimerId = ReturnType<typeof setTimeout>;
interface Timers {
  set(fn: () => void, ms: number): TimerId;
  clear(id: TimerId): void;
}

export interface TypingSignal {
  /** A keystroke in a reply (not a note). */
  input(): void;
  /** Sent, cleared, switched to a note, or left: emits false if true was the last thing sent. */
  stop(): void;
}

export function createTypingSignal(
  emit: (typing: boolean) => void,
  now: () => number = Date.now,
  // Wrapped: browsers refuse `setTimeout` called as a method of another object ("Illegal invocation").
  timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) },
): TypingSignal {
  let typing = false;
  let lastSent = 0;
  let idle: TimerId | undefined;
  const stop = () => {
    if (idle !== undefined) timers.clear(idle);
    idle = undefined;
    if (!typing) return;
    typing = false;
    emit(false);
  };
  return {
    input() {
      const time = now();
      if (!typing || time - lastSent >= THROTTLE_MS) {
        typing = true;
        lastSent = time;
        emit(true);
      }
      if (idle !== undefined) timers.clear(idle);
      idle = timers.set(stop, IDLE_MS);
    },
    stop,
  };
}
