/**
 * A gateway rate limiter shared by every Portico process on one PostgreSQL database: fixed windows aligned on
 * the epoch (`floor(now / windowMs)`), one counter row per key, advanced by a single atomic upsert per call.
 */
import { sql } from 'kysely';
import type { RateLimiter } from '../gateway/index.ts';
import type { Db } from '../store/store.ts';

export interface PostgresRateLimiterOptions {
  /** When the database cannot answer: allow the call (default; the upstream still has its own limits) or refuse it. */
  failOpen?: boolean;
  /** Told about database failures (for logs); never receives secrets. */
  onError?: (error: Error) => void;
  now?: () => number;
}

/** A limiter backed by the `rate_limits` table (migration 0006); the caller owns the database handle. */
export function createPostgresRateLimiter(db: Db, options: PostgresRateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const failOpen = options.failOpen ?? true;
  return {
    async take(key, limit, windowMs) {
      const time = now();
      const windowStart = Math.floor(time / windowMs) * windowMs;
      try {
        // One statement: a new window restarts the count at 1, the same window adds 1; the row lock serialises callers.
        const result = await sql<{ count: number }>`
          insert into rate_limits as r (key, window_start, count) values (${key}, ${windowStart}, 1)
          on conflict (key) do update set
            count = case when r.window_start = excluded.window_start then r.count + 1 else 1 end,
            window_start = excluded.window_start
          returning r.count`.execute(db);
        const count = Number(result.rows[0]?.count ?? 1);
        return count <= limit
          ? { allowed: true, retryAfterMs: 0 }
          : { allowed: false, retryAfterMs: Math.max(1, windowStart + windowMs - time) };
      } catch (error) {
        options.onError?.(error as Error);
        return failOpen ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: 1_000 };
      }
    },
  };
}

/** Deletes counters whose window ended more than `olderThanMs` ago (they restart at 1 anyway); returns how many. */
export async function sweepRateLimits(db: Db, olderThanMs = 3_600_000, now = Date.now()): Promise<number> {
  const result = await sql`delete from rate_limits where window_start < ${now - olderThanMs}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
