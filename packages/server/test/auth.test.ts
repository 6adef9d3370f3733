/** Sign-in, sessions with CSRF, personal access tokens, and "who am I". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';

let t: TestApp;
let alice: TestUser;

beforeAll(async () => {
  t = await makeApp();
  alice = await addUser(t.store, { email: 'alice@example.com' });
});
afterAll(async () => t.close());

async function login(email: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

function sessionCookie(res: { cookies: Array<{ name: string; value: string }> }): string {
  const c = res.cookies.find((x) => x.name === 'portico_session');
  if (!c) throw new Error('no session cookie');
  return `portico_session=${c.value}`;
}

describe('sign-in', () => {
  it('starts a session with an HttpOnly SameSite=Lax cookie and returns a CSRF token', async () => {
    const res = await login('Alice@Example.com', alice.password);
    expect(res.statusCode).toBe(200);
    const body = json<{ user: { email: string }; csrfToken: string }>(res);
    expect(body.user.email).toBe('alice@example.com');
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const cookie = res.cookies.find((c) => c.name === 'portico_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();
    expect(res.body).not.toContain(cookie?.value);
  });

  it('marks cookies Secure when the public URL is https', async () => {
    const secure = await makeApp({ config: { publicUrl: 'https://portico.example.com' } });
    try {
      const bob = await addUser(secure.store);
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: bob.user.email, password: bob.password },
      });
      expect(res.cookies.find((c) => c.name === 'portico_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password and an unknown email with the same error', async () => {
    const wrong = await login(alice.user.email, 'not the password');
    const unknown = await login('nobody@example.com', 'whatever1');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(errorCode(wrong)).toBe('invalid_credentials');
    expect(json(wrong)).toEqual(json(unknown));
    expect(wrong.cookies).toHaveLength(0);
  });

  it('uses the session cookie for reads and requires the CSRF header for changes', async () => {
    const res = await login(alice.user.email, alice.password);
    const cookie = sessionCookie(res);
    const { csrfToken } = json<{ csrfToken: string }>(res);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(json<{ via: string }>(me).via).toBe('session');

    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie },
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(403);
    expect(errorCode(missing)).toBe('csrf_failed');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload: { name: 'x' },
    });
    expect(errorCode(wrong)).toBe('csrf_failed');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { authorization: alice.auth.authorization },
    });
    expect(json<{ items: unknown[] }>(list).items).toHaveLength(1);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { name: 'from portal' },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('ends the session at sign-out so the cookie stops working', async () => {
    const res = await login(alice.user.email, alice.password);
    const cookie = sessionCookie(res);
    const { csrfToken } = json<{ csrfToken: string }>(res);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('session_expired');
  });

  it('answers unauthenticated requests with 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
  });
});

describe('personal access tokens', () => {
  it('shows a new token once, lists it without the secret, and accepts it as a bearer token', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.auth,
      payload: { name: 'automation', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const body = json<{ id: string; token: string; prefix: string; expiresAt: string }>(created);
    expect(body.token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    expect(body.token.startsWith(body.prefix)).toBe(true);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: alice.auth });
    expect(list.body).not.toContain(body.token);
    expect(json<{ items: Array<{ id: string }> }>(list).items.map((i) => i.id)).toContain(body.id);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(json<{ user: { email: string }; via: string }>(me)).toMatchObject({
      user: { email: 'alice@example.com' },
      via: 'token',
    });
  });

  it('rejects a revoked token, and a second revocation is not found', async () => {
    const created = json<{ id: string; token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: alice.auth,
        payload: { name: 'short-lived' },
      }),
    );
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: alice.auth });
    expect(revoke.statusCode).toBe(204);
    const use = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(use.statusCode).toBe(401);
    expect(errorCode(use)).toBe('invalid_token');
    expect(json<{ error: { message: string } }>(use).error.message).toContain('revoked');
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: alice.auth });
    expect(errorCode(again)).toBe('token_not_found');
  });

  it('rejects an expired token', async () => {
    const old = await addUser(t.store, { tokenExpiresAt: new Date(Date.now() - 60_000).toISOString() });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: old.auth });
    expect(res.statusCode).toBe(401);
    expect(json<{ error: { message: string } }>(res).error.message).toContain('expired');
  });

  it('rejects unknown and malformed bearer tokens', async () => {
    for (const authorization of ['Bearer pat_doesnotexist', 'Bearer nonsense', 'Basic abc']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('invalid_token');
    }
  });

  it("cannot revoke another user's token", async () => {
    const bob = await addUser(t.store);
    const bobTokens = json<{ items: Array<{ id: string }> }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bob.auth }),
    );
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${bobTokens.items[0]!.id}`,
      headers: alice.auth,
    });
    expect(res.statusCode).toBe(404);
    const still = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth });
    expect(still.statusCode).toBe(200);
  });

  it('rejects unknown fields and out-of-range expiry with the field named', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.auth,
      payload: { name: 'x', scope: 'all' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ error: { details: Array<{ pointer: string }> } }>(unknown).error.details[0]?.pointer).toBe('/scope');
    const range = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.auth,
      payload: { name: 'x', expiresInDays: 0 },
    });
    expect(errorCode(range)).toBe('validation_failed');
    expect(range.body).toContain('expiresInDays');
  });
});

describe('me', () => {
  it('lists the environments where the caller has a role', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: alice.auth });
    expect(json<{ environments: unknown[] }>(res).environments).toEqual([
      { name: 'default', displayName: 'Default', role: 'maker' },
    ]);
  });
});
