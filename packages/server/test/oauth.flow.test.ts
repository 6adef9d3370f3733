/**
 * OAuth 2.0 connections against a real provider (oidc-provider on 127.0.0.1): sign-in through the redirect
 * with PKCE, single-use state, provider errors, refresh before expiry, rotation, one refresh for 50 concurrent
 * calls, a revoked refresh token and re-authentication, client credentials, and no secret anywhere visible.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PorticoError } from '../src/errors.ts';
import {
  completeAuthorization,
  createTokenManager,
  oauthDepsOf,
  rewrapOAuthSecrets,
  STATE_TTL_MS,
  type TokenManager,
} from '../src/oauth/index.ts';
import { generateMasterKey, keyringFromKeys, parseMasterKey } from '../src/secrets/index.ts';
import { errorCode, json } from './helpers/app.ts';
import {
  CONNECTIONS,
  CONNECTORS,
  genericSettings,
  type Json,
  type OAuthApp,
  oauthApp,
  oauthPackage,
  PUBLIC_URL,
  storedTokens,
} from './helpers/oauth.ts';
import { followToRedirect, startTestProvider, type TestProvider } from './helpers/oidc.ts';

let provider: TestProvider;
let o: OAuthApp;
let clock = Date.now();
let tokens: TokenManager;
const seen: string[] = [];

async function createConnector(
  name: string,
  clientSecret: string,
  settings = genericSettings(provider.issuer, provider.clientId),
) {
  const res = await o.call('POST', CONNECTORS, o.owner, {
    ...oauthPackage(settings),
    name,
    auth: { clientSecret },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Creates a connection, signs in at the provider and lands on the redirect endpoint; returns the connection id. */
async function signIn(connector = 'oauth-api'): Promise<string> {
  const created = await o.call('POST', CONNECTIONS, o.owner, { connector, parameters: {} });
  expect(created.statusCode, created.body).toBe(201);
  const body = json<Json>(created);
  const landing = await followToRedirect(body.authorizationUrl, PUBLIC_URL);
  seen.push(new URL(landing).searchParams.get('code') ?? '');
  const page = await o.land(landing);
  expect(page.statusCode, page.body).toBe(200);
  return body.id;
}

async function tokensOf(id: string) {
  const found = await storedTokens(o.t.store, o.t.app.keyring, id);
  if (found) seen.push(found.accessToken, found.refreshToken ?? '');
  return found;
}

beforeAll(async () => {
  provider = await startTestProvider({
    redirectUris: [`${PUBLIC_URL}/redirect/oauth-api`, `${PUBLIC_URL}/redirect`, `${PUBLIC_URL}/redirect/other-api`],
    accessTokenTtl: 300,
  });
  o = await oauthApp();
  await createConnector('oauth-api', provider.clientSecret);
  await createConnector('other-api', provider.clientSecret);
  tokens = createTokenManager({ ...oauthDepsOf(o.t.app), now: () => clock, skewMs: 60_000 });
});

// Each test starts at the real time (sign-ins store real expiry times) and moves the manager's clock itself.
beforeEach(() => {
  clock = Date.now();
});

afterAll(async () => {
  await o?.close();
  await provider?.close();
});

describe('authorization code with PKCE', () => {
  it('answers pending with an authorization URL carrying state and an S256 challenge', async () => {
    const res = await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} });
    expect(res.statusCode, res.body).toBe(201);
    const body = json<Json>(res);
    expect(body).toMatchObject({ status: 'pending', authType: 'oauth2', grant: 'authorization_code' });
    const url = new URL(body.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/redirect/oauth-api`);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    const got = await o.call('GET', `${CONNECTIONS}/${body.id}`, o.owner);
    expect(json<Json>(got).status).toBe('pending');
  });

  it('signs in through the provider, stores the tokens sealed and marks the connection connected', async () => {
    const before = provider.tokenRequests.authorization_code ?? 0;
    const id = await signIn();
    expect(provider.tokenRequests.authorization_code).toBe(before + 1);
    const got = json<Json>(await o.call('GET', `${CONNECTIONS}/${id}`, o.owner));
    expect(got).toMatchObject({ status: 'connected', statusMessage: null });
    const stored = await tokensOf(id);
    expect(stored?.accessToken).toBeTruthy();
    expect(stored?.refreshToken).toBeTruthy();
    const row = await o.t.store.db
      .selectFrom('oauth_tokens' as never)
      .selectAll()
      .where('connection_id' as never, '=', id as never)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(stored!.accessToken);
    expect(JSON.stringify(row)).not.toContain(stored!.refreshToken!);
    // The token is real: the provider's userinfo endpoint accepts it.
    const me = await fetch(`${provider.issuer}/me`, {
      headers: { authorization: `Bearer ${await tokens.getAccessToken(id)}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as Json).sub).toBe('test-user');
  });

  it('shows the page "Connected — you can close this window", and accepts a state only once', async () => {
    const created = json<Json>(await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }));
    const landing = await followToRedirect(created.authorizationUrl, PUBLIC_URL);
    const page = await o.land(landing);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Connected — you can close this window');
    const again = await o.land(landing);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('expired or was already used');
  });

  it("refuses a state that comes back to another connector's redirect URL, and unknown states", async () => {
    const created = json<Json>(await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }));
    const landing = new URL(await followToRedirect(created.authorizationUrl, PUBLIC_URL));
    const wrong = await o.land(`${PUBLIC_URL}/redirect/other-api${landing.search}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('another connector');
    const unknown = await o.land(`${PUBLIC_URL}/redirect?state=nope&code=abc`);
    expect(unknown.statusCode).toBe(400);
    const none = await o.land(`${PUBLIC_URL}/redirect`);
    expect(none.body).toContain('no state');
  });

  it('refuses a state older than ten minutes', async () => {
    const created = json<Json>(await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }));
    const state = new URL(created.authorizationUrl).searchParams.get('state')!;
    const outcome = await completeAuthorization(oauthDepsOf(o.t.app), {
      query: { state, code: 'some-code' },
      now: Date.now() + STATE_TTL_MS + 1000,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('expired');
    expect(json<Json>(await o.call('GET', `${CONNECTIONS}/${created.id}`, o.owner)).status).toBe('pending');
  });

  it("refuses a sign-in that comes back in another Portico user's session", async () => {
    const created = json<Json>(await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }));
    const landing = await followToRedirect(created.authorizationUrl, PUBLIC_URL);
    const page = await o.land(landing, o.other);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('another Portico user');
  });

  it("marks the connection with the provider's error (access_denied) and shows it", async () => {
    provider.denyNext(true);
    try {
      const created = json<Json>(
        await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }),
      );
      const landing = await followToRedirect(created.authorizationUrl, PUBLIC_URL);
      expect(new URL(landing).searchParams.get('error')).toBe('access_denied');
      const page = await o.land(landing);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('access_denied');
      const got = json<Json>(await o.call('GET', `${CONNECTIONS}/${created.id}`, o.owner));
      expect(got.status).toBe('error');
      expect(got.statusMessage).toContain('access_denied');
      await expect(tokens.getAccessToken(created.id)).rejects.toMatchObject({ code: 'reauthentication_required' });
    } finally {
      provider.denyNext(false);
    }
  });

  it('redirects to the portal path given as returnTo, with the outcome', async () => {
    const created = json<Json>(
      await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {}, returnTo: '/connections' }),
    );
    const page = await o.land(await followToRedirect(created.authorizationUrl, PUBLIC_URL));
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/connections?connection=${created.id}&status=connected`);
    const evil = await o.call('POST', CONNECTIONS, o.owner, {
      connector: 'oauth-api',
      parameters: {},
      returnTo: '//evil.example.com/x',
    });
    expect(errorCode(evil)).toBe('bad_request');
  });
});

describe('the token manager', () => {
  it('refreshes before expiry and stores the rotated refresh token', async () => {
    const id = await signIn();
    const first = await tokens.getAccessToken(id);
    const before = await tokensOf(id);
    const refreshes = provider.tokenRequests.refresh_token ?? 0;
    expect(await tokens.getAccessToken(id)).toBe(first);
    clock += 250_000; // 300 s token, 60 s skew: due for refresh although not yet expired
    const second = await tokens.getAccessToken(id);
    expect(second).not.toBe(first);
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
    const after = await tokensOf(id);
    expect(after?.refreshToken).toBeTruthy();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(await tokens.getAccessToken(id)).toBe(second);
  });

  it('makes exactly one refresh for 50 concurrent calls during expiry', async () => {
    const id = await signIn();
    await tokens.getAccessToken(id);
    clock += 301_000;
    const refreshes = provider.tokenRequests.refresh_token ?? 0;
    const all = await Promise.all(Array.from({ length: 50 }, () => tokens.getAccessToken(id)));
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
    expect(new Set(all).size).toBe(1);
  });

  it('refreshes once after a 401 from the upstream, and not again for the same refused token', async () => {
    const id = await signIn();
    const refused = await tokens.getAccessToken(id);
    const refreshes = provider.tokenRequests.refresh_token ?? 0;
    const [a, b] = await Promise.all([
      tokens.refreshAfterUnauthorized(id, refused),
      tokens.refreshAfterUnauthorized(id, refused),
    ]);
    expect(a).toBeTruthy();
    expect(a).not.toBe(refused);
    expect(b).toBe(a);
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
    expect(await tokens.refreshAfterUnauthorized(id, refused)).toBe(a);
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
  });

  it('marks a connection whose refresh token was revoked as needing re-authentication, and reauthenticate fixes it', async () => {
    const id = await signIn();
    await tokens.getAccessToken(id);
    const stored = await tokensOf(id);
    await provider.revokeRefreshToken(stored!.refreshToken!);
    clock += 301_000;
    const error = await tokens.getAccessToken(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PorticoError);
    expect((error as PorticoError).code).toBe('reauthentication_required');
    expect((error as PorticoError).message).toContain('invalid_grant');
    expect(await tokens.refreshAfterUnauthorized(id)).toBeUndefined();
    const got = json<Json>(await o.call('GET', `${CONNECTIONS}/${id}`, o.owner));
    expect(got.status).toBe('needs_reauthentication');
    expect(got.statusMessage).toContain('invalid_grant');

    const notMine = await o.call('POST', `${CONNECTIONS}/${id}/reauthenticate`, o.other);
    expect(errorCode(notMine)).toBe('connection_not_found');
    const again = await o.call('POST', `${CONNECTIONS}/${id}/reauthenticate`, o.owner);
    expect(again.statusCode, again.body).toBe(200);
    const body = json<Json>(again);
    expect(body.id).toBe(id);
    const page = await o.land(await followToRedirect(body.authorizationUrl, PUBLIC_URL));
    expect(page.statusCode, page.body).toBe(200);
    const fixed = json<Json>(await o.call('GET', `${CONNECTIONS}/${id}`, o.owner));
    expect(fixed.status).toBe('connected');
    expect(await tokens.getAccessToken(id)).toBeTruthy();
  });
});

describe('client credentials', () => {
  it('connects at once without a user sign-in and renews the token when it expires', async () => {
    const before = provider.tokenRequests.client_credentials ?? 0;
    const res = await o.call('POST', CONNECTIONS, o.owner, {
      connector: 'oauth-api',
      parameters: {},
      grant: 'client_credentials',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = json<Json>(res);
    expect(body).toMatchObject({ status: 'connected', grant: 'client_credentials' });
    expect(body.authorizationUrl).toBeUndefined();
    expect(provider.tokenRequests.client_credentials).toBe(before + 1);
    const first = await tokens.getAccessToken(body.id);
    await tokensOf(body.id);
    clock += 301_000;
    const second = await tokens.getAccessToken(body.id);
    expect(second).not.toBe(first);
    expect(provider.tokenRequests.client_credentials).toBe(before + 2);
  });

  it('writes nothing when the provider refuses the client', async () => {
    await createConnector('wrong-secret-api', 'not-the-client-secret');
    const count = async () =>
      Number(
        (
          await o.t.store.db
            .selectFrom('connections')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const res = await o.call('POST', CONNECTIONS, o.owner, {
      connector: 'wrong-secret-api',
      parameters: {},
      grant: 'client_credentials',
    });
    expect(res.statusCode).toBe(502);
    expect(errorCode(res)).toBe('oauth_token_request_failed');
    expect(json<Json>(res).error.message).toContain('invalid_client');
    expect(await count()).toBe(before);
  });

  it('refuses a grant on a connector that does not use OAuth', async () => {
    const res = await o.call('POST', CONNECTIONS, o.owner, {
      connector: 'portico-demo-inventory',
      parameters: { api_key: 'k' },
      grant: 'client_credentials',
    });
    expect(errorCode(res)).toBe('bad_request');
  });
});

describe('key rotation', () => {
  it('re-wraps sealed tokens and pending verifiers under a new master key', async () => {
    const id = await signIn();
    await o.call('POST', CONNECTIONS, o.owner, { connector: 'oauth-api', parameters: {} }); // leaves a pending state
    const oldKey = parseMasterKey(o.t.app.config.masterKey!);
    const newKey = generateMasterKey();
    const report = await rewrapOAuthSecrets(o.t.store, keyringFromKeys([newKey, oldKey]));
    expect(report.failed).toEqual([]);
    expect(report.rewrapped).toBe(report.total);
    expect(report.total).toBeGreaterThan(1);
    const onlyNew = keyringFromKeys([newKey]);
    expect((await storedTokens(o.t.store, onlyNew, id))?.accessToken).toBeTruthy();
    expect((await rewrapOAuthSecrets(o.t.store, onlyNew)).alreadyCurrent).toBe(report.total);
  });
});

describe('secrets', () => {
  it('never shows the client secret, codes or tokens in responses, logs or audit entries', async () => {
    // Exercise the list and detail views too.
    await o.call('GET', CONNECTIONS, o.owner);
    await o.call('GET', `${CONNECTORS}/oauth-api`, o.owner);
    const audit = await o.t.store.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.some((a) => a.action === 'connection.authorize')).toBe(true);
    const haystacks = [...o.bodies, ...o.logLines, JSON.stringify(audit)];
    const secrets = [provider.clientSecret, ...seen].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      for (const text of haystacks)
        expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
    }
  });
});
