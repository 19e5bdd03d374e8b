/**
 * The visitor's typing signal: `true` when they start typing and again at most every
 * THROTTLE_MS while they go on, `false` after IDLE_MS without a keystroke or when they send.
 */
export const THROTTLE_MS = 2000;
export const IDLE_MS = 3000;

export interface TypingSignal {
  /** A keystroke in the composer. */
  input(): void;
  /** Sent, cleared or left: stop at once (emits false if true was the last thing sent). */
  stop(): void;
}

export function createTypingSignal(
  emit: (typing: boolean) => void,
  now: () => number = Date.now,
): TypingSignal {
  let typing = false;
  let lastSent = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(idle);
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
      clearTimeout(idle);
      idle = setTimeout(stop, IDLE_MS);
    },
    stop,
  };
}
