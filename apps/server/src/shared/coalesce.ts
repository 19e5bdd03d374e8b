/**
 * Merges repeated requests for the same refresh. `request(key)` runs `run` for that key soon: at
 * once when idle, otherwise in the next run after the one in flight, together with every other key
 * asked for meanwhile. So a burst of N requests costs about two runs, not N, and every request is
 * answered by a run that started after it (it sees the state that prompted it).
 *
 * `minIntervalMs` spaces runs out: a run starts at least that long after the previous one
 * started. Under a steady stream of changes (hundreds of starts a second) the refresh, and what
 * it sends to every agent of a site, then happens a few times a second instead of per batch.
 */
export interface Coalescer<K> {
  /** Resolves when a run covering `key`, started after this call, has finished. */
  request(key: K): Promise<void>;
}

/** A run that fails is logged; its requests are still answered and later ones still run. */
export function createCoalescer<K>(
  run: (keys: K[]) => Promise<void>,
  log: { error(obj: object, msg: string): void },
  minIntervalMs = 0,
): Coalescer<K> {
  let pending = new Set<K>();
  let waiters: Array<() => void> = [];
  let running = false;
  let lastStart = -Infinity;

  async function loop(): Promise<void> {
    running = true;
    while (pending.size) {
      // A timer can fire a little early against performance.now() (libuv measures from the loop's
      // cached clock and whole milliseconds): wait again until the interval has truly passed.
      const left = () => lastStart + minIntervalMs - performance.now();
      while (left() > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left())).unref());
      lastStart = performance.now();
      const keys = [...pending];
      const done = waiters;
      pending = new Set();
      waiters = [];
      await run(keys).catch((error: unknown) => log.error({ err: error }, 'refresh failed'));
      for (const resolve of done) resolve();
    }
    running = false;
  }

  return {
    request(key) {
      pending.add(key);
      const answered = new Promise<void>((resolve) => waiters.push(resolve));
      if (!running) void loop();
      return answered;
    },
  };
}
