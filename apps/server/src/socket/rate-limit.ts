/**
 * Token buckets for socket events, per actor (a visitor across all their tabs, an agent) on this
 * node: a flooding client is refused with RATE_LIMITED while everyone else is untouched.
 */
export interface RateLimiter {
  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean;
}

export function createRateLimiter({ burst, perSecond, now = Date.now }: { burst: number; perSecond: number; now?: () => number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweepAt = now();
  return {
    take(key) {
      const t = now();
      // Forget idle buckets now and then, so the map does not grow with every visitor ever seen.
      if (t - sweepAt > 60_000) {
        for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
        sweepAt = t;
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
