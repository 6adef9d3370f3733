/** Per-connection rate limiting: the interface the gateway uses, and a fixed-window in-memory implementation. */

export interface RateLimitDecision {
  allowed: boolean;
  /** How long until the window resets; 0 when allowed. */
  retryAfterMs: number;
}

/** Counts calls per key in windows of `windowMs`; shared by all processes when backed by Redis or PostgreSQL. */
export interface RateLimiter {
  /** Counts one call; in-process limiters answer at once, shared ones with a promise. */
  take(key: string, limit: number, windowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
  close?(): Promise<void>;
}

/** Power Platform's default: 500 calls per connection per 60 seconds. */
export const DEFAULT_RATE_LIMIT = { limit: 500, windowMs: 60_000 } as const;

/** An in-process limiter (one node); windows start at a key's first call. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweepAt = 0;
  return {
    take(key, limit, windowMs) {
      const time = now();
      if (time >= sweepAt) {
        for (const [k, w] of windows) if (w.resetAt <= time) windows.delete(k);
        sweepAt = time + 60_000;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= time) {
        window = { count: 0, resetAt: time + windowMs };
        windows.set(key, window);
      }
      if (window.count >= limit) return { allowed: false, retryAfterMs: window.resetAt - time };
      window.count++;
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
