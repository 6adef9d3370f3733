// The per-connection rate limiters: in memory, and shared through Redis (PORTICO_REDIS_URL or 127.0.0.1:6379).
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  DEFAULT_RATE_LIMIT,
  type RateLimiter,
} from '../src/gateway/index.ts';

const REDIS_URL = process.env.PORTICO_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something answers on the Redis port. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(Number(port || 6379), hostname);
  });
}

// In CI the Redis tests must run (and fail when Redis is down); elsewhere they run when Redis is there.
const redisUp = await reachable(REDIS_URL);
const runRedis = redisUp || process.env.CI === 'true';

describe('memory rate limiter', () => {
  it("defaults to Power Platform's 500 calls per 60 s", () => {
    expect(DEFAULT_RATE_LIMIT).toEqual({ limit: 500, windowMs: 60_000 });
  });

  it('allows `limit` calls per window per key, then tells how long to wait', async () => {
    let now = 1_000;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.take('a', 2, 10_000)).allowed).toBe(true);
    expect((await limiter.take('a', 2, 10_000)).allowed).toBe(true);
    expect(await limiter.take('a', 2, 10_000)).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect((await limiter.take('b', 2, 10_000)).allowed).toBe(true);
    now += 4_000;
    expect(await limiter.take('a', 2, 10_000)).toEqual({ allowed: false, retryAfterMs: 6_000 });
    now += 6_000;
    expect((await limiter.take('a', 2, 10_000)).allowed).toBe(true);
  });
});

describe.runIf(runRedis)(`Redis rate limiter (${REDIS_URL})`, () => {
  let limiter: RateLimiter & { ready(): Promise<void> };
  let other: RateLimiter & { ready(): Promise<void> };
  const prefix = `portico:test:${randomUUID()}:`;

  beforeAll(async () => {
    limiter = createRedisRateLimiter({ url: REDIS_URL, prefix, failOpen: false });
    other = createRedisRateLimiter({ url: REDIS_URL, prefix, failOpen: false });
    try {
      await limiter.ready();
      await other.ready();
    } catch (error) {
      throw new Error(
        `Redis at ${REDIS_URL} is unreachable (${(error as Error).message}); CI needs it: start Redis or set PORTICO_REDIS_URL.`,
      );
    }
  });

  afterAll(async () => {
    await limiter?.close?.();
    await other?.close?.();
  });

  it('shares one count between two clients (two Portico processes) and reports the remaining window', async () => {
    expect((await limiter.take('conn', 3, 30_000)).allowed).toBe(true);
    expect((await other.take('conn', 3, 30_000)).allowed).toBe(true);
    expect((await limiter.take('conn', 3, 30_000)).allowed).toBe(true);
    const refused = await other.take('conn', 3, 30_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect((await limiter.take('another-conn', 3, 30_000)).allowed).toBe(true);
  });

  it('starts a new window once the old one expires', async () => {
    expect((await limiter.take('short', 1, 50)).allowed).toBe(true);
    expect((await limiter.take('short', 1, 50)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await limiter.take('short', 1, 50)).allowed).toBe(true);
  });
});

describe('Redis rate limiter when Redis is unreachable', () => {
  it('fails open by default and closed when asked, reporting the error', async () => {
    const errors: Error[] = [];
    const open = createRedisRateLimiter({ url: 'redis://127.0.0.1:1', onError: (e) => errors.push(e) });
    const closed = createRedisRateLimiter({ url: 'redis://127.0.0.1:1', failOpen: false });
    try {
      expect((await open.take('k', 1, 1_000)).allowed).toBe(true);
      expect((await closed.take('k', 1, 1_000)).allowed).toBe(false);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await open.close?.();
      await closed.close?.();
    }
  });
});
