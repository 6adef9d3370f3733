/**
 * OAuth connections through the gateway: an operation call carries the connection's access token to a real
 * upstream (which checks it at the provider), and an upstream 401 makes the gateway refresh once and retry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from './helpers/app.ts';
import {
  CONNECTIONS,
  CONNECTORS,
  genericSettings,
  type Json,
  type OAuthApp,
  oauthApp,
  oauthPackage,
  PUBLIC_URL,
} from './helpers/oauth.ts';
import { followToRedirect, startTestProvider, type TestProvider } from './helpers/oidc.ts';

let provider: TestProvider;
let o: OAuthApp;
let upstream: Server;
let refuseNext = 0;
const seenTokens: string[] = [];

beforeAll(async () => {
  provider = await startTestProvider({ redirectUris: [`${PUBLIC_URL}/redirect/guarded-api`], accessTokenTtl: 300 });
  // The upstream accepts a bearer token when the provider's userinfo endpoint does.
  upstream = createServer(async (req, res) => {
    const auth = req.headers.authorization ?? '';
    seenTokens.push(auth);
    const me = await fetch(`${provider.issuer}/me`, { headers: { authorization: auth } });
    if (refuseNext > 0 || me.status !== 200) {
      refuseNext = Math.max(0, refuseNext - 1);
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
      res.end('{"error":"invalid_token"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ user: ((await me.json()) as Json).sub }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  o = await oauthApp();
  const host = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const res = await o.call('POST', CONNECTORS, o.owner, {
    ...oauthPackage(genericSettings(provider.issuer, provider.clientId), {}, { host, scheme: 'http' }),
    name: 'guarded-api',
    auth: { clientSecret: provider.clientSecret },
  });
  expect(res.statusCode, res.body).toBe(201);
});

afterAll(async () => {
  await o?.close();
  await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  await provider?.close();
});

describe('OAuth connections in the gateway', () => {
  it('calls the upstream with the access token, and refreshes once when the upstream answers 401', async () => {
    const created = json<Json>(
      await o.call('POST', CONNECTIONS, o.owner, { connector: 'guarded-api', parameters: {} }),
    );
    const pending = await o.call('POST', `/api/v1/connections/${created.id}/operations/GetMe`, o.owner, {});
    expect(pending.statusCode).toBe(401);
    expect(json<Json>(pending).error.code).toBe('reauthentication_required');

    await o.land(await followToRedirect(created.authorizationUrl, PUBLIC_URL));
    const ok = await o.call('POST', `/api/v1/connections/${created.id}/operations/GetMe`, o.owner, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<Json>(ok)).toEqual({ user: 'test-user' });
    expect(seenTokens.at(-1)).toMatch(/^Bearer \S+$/);

    const refreshes = provider.tokenRequests.refresh_token ?? 0;
    refuseNext = 1;
    const retried = await o.call('POST', `/api/v1/connections/${created.id}/operations/GetMe`, o.owner, {});
    expect(retried.statusCode, retried.body).toBe(200);
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
    expect(seenTokens.at(-1)).not.toBe(seenTokens.at(-2));
    const metrics = await o.t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/portico_oauth_token_requests_total\{grant="refresh_token",outcome="ok"\} 1/);
    for (const token of seenTokens) expect(o.bodies.join('\n')).not.toContain(token.slice('Bearer '.length));
  });

  it('tests an OAuth connection with its access token, and leaves a pending one as it is', async () => {
    const created = json<Json>(
      await o.call('POST', CONNECTIONS, o.owner, { connector: 'guarded-api', parameters: {} }),
    );
    const early = await o.call('POST', `${CONNECTIONS}/${created.id}/test`, o.owner);
    expect(json<Json>(early)).toMatchObject({ ok: false, status: null });
    expect(json<Json>(early).message).toContain('not been signed in');
    expect(json<Json>(await o.call('GET', `${CONNECTIONS}/${created.id}`, o.owner)).status).toBe('pending');
    await o.land(await followToRedirect(created.authorizationUrl, PUBLIC_URL));
    const tested = await o.call('POST', `${CONNECTIONS}/${created.id}/test`, o.owner);
    expect(json<Json>(tested)).toMatchObject({ ok: true, status: 200, operationId: 'GetMe' });
    expect(json<Json>(await o.call('GET', `${CONNECTIONS}/${created.id}`, o.owner)).status).toBe('connected');
  });
});
