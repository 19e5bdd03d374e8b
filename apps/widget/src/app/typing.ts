/**
 * The visitor's typing signal: `true` when they start typing and again at most every
 * THROTTLE_MS while they go on, `false` after IDLE_MS without a keystroke or when they send.
 *
 * With `trailing` (the sneak peek, where each `true` carries the draft), keystrokes that fall in a
 * throttle window are not lost: one more `true` goes out when the window ends, so the agent's
 * preview catches up with the last keystroke.
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
  trailing: () => boolean = () => false,
): TypingSignal {
  let typing = false;
  let lastSent = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let later: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    clearTimeout(later);
    later = undefined;
    typing = true;
    lastSent = now();
    emit(true);
  };
  const stop = () => {
    clearTimeout(idle);
    clearTimeout(later);
    later = undefined;
    if (!typing) return;
    typing = false;
    emit(false);
  };
  return {
    input() {
      const wait = lastSent + THROTTLE_MS - now();
      if (!typing || wait <= 0) send();
      else if (trailing()) later ??= setTimeout(send, wait);
      clearTimeout(idle);
      idle = setTimeout(stop, IDLE_MS);
    },
    stop,
  };
}
