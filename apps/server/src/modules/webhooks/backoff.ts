/**
 * When a failed delivery is tried again: the base delay (WEBHOOK_RETRY_BASE_SECONDS, 10 s by
 * default) times 1, 6, 30, 180, 720, 2160 — about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, then
 * every 6 h — with ±20 % jitter so endpoints that failed together are not retried together.
 */
const FACTORS = [1, 6, 30, 180, 720, 2160];

/** Milliseconds to wait after the `attempt`-th failed attempt (1-based). */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const factor = FACTORS[Math.min(Math.max(attempt, 1), FACTORS.length) - 1]!;
  return Math.round(baseMs * factor * (0.8 + 0.4 * random()));
}
