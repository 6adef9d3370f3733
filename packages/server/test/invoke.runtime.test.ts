/**
 * The gateway runtime wired into the server: policies and credentials as a recording upstream sees them, the
 * per-connector rate limit, import-time policy findings, and the runtime cache following changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialContext } from '../src/connections/service.ts';
import { setConnectionCredentials } from '../src/store/connections.ts';
import { startUpstream, type Upstream } from './gateway-helpers.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import {
  CONNECTIONS,
  createConnection,
  createConnectorFrom,
  echoPackage,
  invoke,
  type Json,
  setHeaderPolicy,
} from './helpers/invoke.ts';

let t: TestApp;
let upstream: Upstream;
let maker: TestUser;

beforeAll(async () => {
  upstream = await startUpstream();
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  maker = await addUser(t.store);
});
afterAll(async () => {
  await t.close();
  await upstream.close();
});

describe('what the upstream receives', () => {
  it('sends the API key, the path and query parameters and the setheader policy header', async () => {
    await createConnectorFrom(
      t.app,
      maker.auth,
      'echo',
      echoPackage(upstream.host, { policies: [setHeaderPolicy('X-Portico-Tag', 'invoked')] }),
    );
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'echo-secret-1' });
    const res = await invoke(t.app, maker.auth, id, 'GetThing', { id: 7, verbose: true });
    expect(res.statusCode).toBe(200);
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/api/things/7?verbose=true');
    expect(seen.headers['x-key']).toBe('echo-secret-1');
    expect(seen.headers['x-portico-tag']).toBe('invoked');
    expect(seen.headers.authorization).toBeUndefined();
    expect(res.body).toContain('/api/things/7');
  });

  it('does not pass the upstream Set-Cookie back', async () => {
    upstream.handle((_req, res) => {
      res.setHeader('set-cookie', 'session=upstream-secret');
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'echo-secret-2' });
    const res = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(json(res)).toEqual({ ok: true });
    upstream.handle((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ url: request.url, key: request.headers['x-key'] ?? null }));
    });
  });
});

describe('large bodies', () => {
  it('streams a response larger than the buffering threshold through unchanged', async () => {
    const big = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item-${i}` })) });
    expect(big.length).toBeGreaterThan(300 * 1024);
    upstream.handle((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(big);
    });
    try {
      const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'big-body-key' });
      const res = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
      expect(res.statusCode).toBe(200);
      expect(res.body.length).toBe(big.length);
      expect(res.body).toBe(big);
    } finally {
      upstream.handle((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ url: request.url, key: request.headers['x-key'] ?? null }));
      });
    }
  });
});

describe('rate limit per connection', () => {
  it('answers 429 throttled with Retry-After past the connector limit, per connection', async () => {
    await createConnectorFrom(
      t.app,
      maker.auth,
      'echo-limited',
      echoPackage(upstream.host, { rateLimit: { calls: 2, periodSeconds: 60 } }),
    );
    const first = await createConnection(t.app, maker.auth, 'echo-limited', { api_key: 'k-1' });
    const second = await createConnection(t.app, maker.auth, 'echo-limited', { api_key: 'k-2' });
    const before = upstream.requests.length;
    expect((await invoke(t.app, maker.auth, first, 'GetThing', { id: 1 })).statusCode).toBe(200);
    expect((await invoke(t.app, maker.auth, first, 'GetThing', { id: 2 })).statusCode).toBe(200);
    const refused = await invoke(t.app, maker.auth, first, 'GetThing', { id: 3 });
    expect(refused.statusCode).toBe(429);
    expect(errorCode(refused)).toBe('throttled');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(upstream.requests.length - before).toBe(2);
    expect((await invoke(t.app, maker.auth, second, 'GetThing', { id: 1 })).statusCode).toBe(200);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/portico_gateway_throttled_total\{connector="echo-limited",operation="GetThing"\} 1/);
  });
});

describe('policies at import time', () => {
  it('reports an unknown policy template as a finding of the connector report', async () => {
    const pkg = echoPackage(upstream.host, {
      policies: [{ templateId: 'dynamicsubdomain', title: 'Sub-domain', parameters: {} }],
    });
    const created = await createConnectorFrom(t.app, maker.auth, 'echo-unknown-policy', pkg);
    const text = JSON.stringify(created);
    const report = text.includes('gateway-policy-unknown-template')
      ? text
      : (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/environments/default/connectors/echo-unknown-policy',
            headers: maker.auth,
          })
        ).body;
    expect(report).toContain('gateway-policy-unknown-template');
    expect(report).toContain('dynamicsubdomain');
  });
});

describe('runtime cache', () => {
  it('serves repeated calls from memory, without reloading the connection', async () => {
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'cached-key' });
    await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
    const loads = t.app.gateway.cache.stats.loads;
    for (let i = 0; i < 5; i++)
      expect((await invoke(t.app, maker.auth, id, 'GetThing', { id: i })).statusCode).toBe(200);
    expect(t.app.gateway.cache.stats.loads).toBe(loads);
  });

  it('uses the new key on the next call after the credentials change in the database', async () => {
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'old-key' });
    const first = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
    expect(json(first).key).toBe('old-key');
    // Another process (or the OAuth token manager) rewrites the sealed credentials; this one learns it by stamp.
    const sealed = t.app.keyring.encrypt({ api_key: 'new-key' }, { context: credentialContext(id) });
    await setConnectionCredentials(t.store.db, id, sealed);
    const ttl = t.app.gateway.cache.ttlMs;
    t.app.gateway.cache.ttlMs = 0;
    try {
      const next = await invoke(t.app, maker.auth, id, 'GetThing', { id: 2 });
      expect(json(next).key).toBe('new-key');
    } finally {
      t.app.gateway.cache.ttlMs = ttl;
    }
  });

  it('sees a change made through this server at once: a deleted connection is 404 on the next call', async () => {
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'doomed-key' });
    expect((await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 })).statusCode).toBe(200);
    const deleted = await t.app.inject({ method: 'DELETE', url: `${CONNECTIONS}/${id}`, headers: maker.auth });
    expect(deleted.statusCode).toBe(204);
    const res = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('connection_not_found');
  });

  it('asks the OAuth token manager for OAuth connections, answers its refusal, and never calls upstream without a token', async () => {
    const id = await createConnection(t.app, maker.auth, 'echo', { api_key: 'oauth-later' });
    const row = await t.store.db
      .selectFrom('connections')
      .select('parameters')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const parameters = JSON.parse(row.parameters) as Json;
    parameters.__portico.authType = 'oauth2';
    await t.store.db
      .updateTable('connections')
      .set({ parameters: JSON.stringify(parameters), updated_at: new Date(Date.now() + 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    t.app.gateway.cache.invalidate(id);
    const before = upstream.requests.length;
    const res = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
    // The token manager refuses: this connector has no OAuth settings (a real OAuth connection is tested with src/oauth).
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('oauth_settings_invalid');
    expect(upstream.requests.length).toBe(before);
    const tokens = t.app.gateway.tokens;
    t.app.gateway.tokens = undefined;
    try {
      const without = await invoke(t.app, maker.auth, id, 'GetThing', { id: 1 });
      expect(without.statusCode).toBe(401);
      expect(errorCode(without)).toBe('reauthentication_required');
      expect(upstream.requests.length).toBe(before);
    } finally {
      t.app.gateway.tokens = tokens;
    }
  });
});
