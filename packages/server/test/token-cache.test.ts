/** Bearer-token lookups are reused for a moment per process (no database read per gateway call) and dropped on revocation. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addUser, makeApp } from './helpers/app.ts';

async function deleteTokenRows(t: Awaited<ReturnType<typeof makeApp>>): Promise<void> {
  await t.store.db.deleteFrom('access_tokens').execute();
}

describe('token cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a token looked up moments ago without reading the database again', async () => {
    const t = await makeApp({ config: { tokenCacheMs: 60_000 } });
    try {
      const { auth } = await addUser(t.store);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      await deleteTokenRows(t);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      t.app.tokenCache.clear();
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('reads the database on every request when the cache time is 0', async () => {
    const t = await makeApp({ config: { tokenCacheMs: 0 } });
    try {
      const { auth } = await addUser(t.store);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      await deleteTokenRows(t);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('stops a revoked token at once in the process that revoked it', async () => {
    const t = await makeApp({ config: { tokenCacheMs: 60_000 } });
    try {
      const owner = await addUser(t.store);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: owner.auth,
        payload: { name: 'short-lived' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id, token } = JSON.parse(created.body) as { id: string; token: string };
      const bearer = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: owner.auth });
      expect(revoked.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('token last use', () => {
  it('writes last_used_at once, not again for calls served from the cache', async () => {
    const t = await makeApp({ config: { tokenCacheMs: 60_000 } });
    try {
      const { auth } = await addUser(t.store);
      const lastUsed = async () =>
        (await t.store.db.selectFrom('access_tokens').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      expect(await lastUsed()).not.toBeNull();
      // A marker the next calls would overwrite if they touched the token again.
      await t.store.db.updateTable('access_tokens').set({ last_used_at: '2000-01-01T00:00:00.000Z' }).execute();
      for (let i = 0; i < 3; i++)
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      expect(await lastUsed()).toBe('2000-01-01T00:00:00.000Z');
    } finally {
      await t.close();
    }
  });
  it('refuses a cached token once its expiry passes, and touches it again a minute after the last touch', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-06-01T10:00:00.000Z');
    vi.setSystemTime(start);
    const t = await makeApp({ config: { tokenCacheMs: 3_600_000 } });
    try {
      const { auth } = await addUser(t.store, { tokenExpiresAt: new Date(start + 120_000).toISOString() });
      const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth });
      const lastUsed = async () =>
        (await t.store.db.selectFrom('access_tokens').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;
      expect((await me()).statusCode).toBe(200);
      expect(await lastUsed()).toBe(new Date(start).toISOString());
      // 61 s later the cached lookup is touched again, from the time of its own last touch.
      vi.setSystemTime(start + 61_000);
      expect((await me()).statusCode).toBe(200);
      expect(await lastUsed()).toBe(new Date(start + 61_000).toISOString());
      await t.store.db.updateTable('access_tokens').set({ last_used_at: '2000-01-01T00:00:00.000Z' }).execute();
      vi.setSystemTime(start + 62_000);
      expect((await me()).statusCode).toBe(200);
      expect(await lastUsed()).toBe('2000-01-01T00:00:00.000Z');
      // Past its expiry the token is refused, though its lookup is still cached.
      vi.setSystemTime(start + 120_000);
      const expired = await me();
      expect(expired.statusCode).toBe(401);
      expect(expired.body).toContain('expired');
    } finally {
      await t.close();
    }
  });
});
