/** A rate limiter shared by every Portico process through Redis (PORTICO_REDIS_URL): one atomic script per call. */
import { Redis } from 'ioredis';
import type { RateLimiter } from './rate-limit.ts';

const SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

export interface RedisRateLimiterOptions {
  /** `redis://…` URL. */
  url: string;
  /** Key prefix; default `portico:ratelimit:`. */
  prefix?: string;
  /** When Redis cannot answer: allow the call (default, the upstream still has its own limits) or refuse it. */
  failOpen?: boolean;
  /** Told about Redis failures (for logs); never receives secrets. */
  onError?: (error: Error) => void;
}

/** A limiter backed by Redis; `close()` ends its connection. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter & { ready(): Promise<void> } {
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  client.on('error', (error: Error) => options.onError?.(error));
  const prefix = options.prefix ?? 'portico:ratelimit:';
  const failOpen = options.failOpen ?? true;
  let connecting: Promise<void> | undefined;
  const ready = () => {
    if (client.status === 'ready') return Promise.resolve();
    connecting ??= client.connect().catch((error: Error) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  return {
    ready,
    async take(key, limit, windowMs) {
      try {
        await ready();
        const [count, ttl] = (await client.eval(SCRIPT, 1, `${prefix}${key}`, String(windowMs))) as [number, number];
        return count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(ttl, 1) };
      } catch (error) {
        options.onError?.(error as Error);
        return failOpen ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: 1_000 };
      }
    },
    async close() {
      client.disconnect();
    },
  };
}
