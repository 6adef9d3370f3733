/** Connection routes: create (API key, basic, none), list/get without secrets, test against real upstreams, delete. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { connectorTableCounts, corpusPackageTexts } from './helpers/connectors.ts';

const CONNECTIONS = '/api/v1/environments/default/connections';
const CONNECTORS = '/api/v1/environments/default/connectors';
const API_KEY = 'demo-key-4f9a7c2e';
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
type Json = Record<string, any>;

let t: TestApp;
let demo: DemoApi;
let basicServer: Server;
let basicUrl: string;
let owner: TestUser;
let stranger: TestUser;

/** A tiny API that wants HTTP basic credentials alice / s3cret-pass on GET /me. */
function startBasicApi(): Promise<Server> {
  const server = createServer((req, res) => {
    const expected = `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`;
    const ok = req.url === '/me' && req.headers.authorization === expected;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { user: 'alice' } : { error: { message: 'Wrong username or password.' } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function basicDefinition(host: string) {
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'Basic API', version: '1.0', description: 'A small API that wants basic credentials.' },
    host,
    basePath: '/',
    schemes: ['http'],
    securityDefinitions: { basic: { type: 'basic' } },
    security: [{ basic: [] }],
    paths: {
      '/me': {
        get: {
          operationId: 'GetMe',
          summary: 'Who am I',
          description: 'The signed-in user.',
          responses: {
            200: { description: 'The user.', schema: { type: 'object', properties: { user: { type: 'string' } } } },
          },
        },
      },
    },
  });
}

beforeAll(async () => {
  demo = await startDemoApi({ apiKey: API_KEY });
  basicServer = await startBasicApi();
  basicUrl = `127.0.0.1:${(basicServer.address() as AddressInfo).port}`;
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  owner = await addUser(t.store);
  stranger = await addUser(t.store);
  const created = await t.app.inject({
    method: 'POST',
    url: CONNECTORS,
    headers: owner.auth,
    payload: { apiDefinition: basicDefinition(basicUrl), name: 'basic-api' },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
});
afterAll(async () => {
  await t.close();
  await demo.close();
  await new Promise((resolve) => basicServer.close(resolve));
});

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, who: TestUser, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: who.auth,
    ...(payload === undefined ? {} : { payload: payload as Json }),
  });
}

async function demoConnection(apiKey: string, who = owner) {
  const res = await call('POST', CONNECTIONS, who, {
    connector: 'portico-demo-inventory',
    displayName: 'Demo',
    parameters: { base_url: demo.url, api_key: apiKey },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json<Json>(res);
}

describe('API key connections to the built-in demo connector', () => {
  it('creates a connection that shows its parameters and status but never the key', async () => {
    const connection = await demoConnection(API_KEY);
    expect(connection).toMatchObject({
      connector: 'portico-demo-inventory',
      authType: 'apiKey',
      status: 'connected',
      parameters: { base_url: demo.url },
      secretParameters: ['api_key'],
    });
    const listed = await call('GET', CONNECTIONS, owner);
    const got = await call('GET', `${CONNECTIONS}/${connection.id}`, owner);
    for (const res of [listed, got]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(API_KEY);
    }
    expect(json<{ items: Json[] }>(listed).items.map((c) => c.id)).toContain(connection.id);
  });

  it('tests successfully against the demo API with the right key', async () => {
    const connection = await demoConnection(API_KEY);
    const res = await call('POST', `${CONNECTIONS}/${connection.id}/test`, owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ ok: true, status: 200, operationId: 'GetHealth' });
    expect(json<Json>(await call('GET', `${CONNECTIONS}/${connection.id}`, owner)).lastTestedAt).not.toBeNull();
  });

  it('reports a failed test with a wrong key and marks the connection in error', async () => {
    const connection = await demoConnection('wrong-key-123');
    const res = await call('POST', `${CONNECTIONS}/${connection.id}/test`, owner);
    expect(json(res)).toMatchObject({ ok: false, status: 401 });
    expect(res.body).not.toContain('wrong-key-123');
    const after = json<Json>(await call('GET', `${CONNECTIONS}/${connection.id}`, owner));
    expect(after.status).toBe('error');
  });

  it('refuses to call a private address that is not allow-listed', async () => {
    const closed = await makeApp();
    try {
      const user = await addUser(closed.store);
      const created = await closed.app.inject({
        method: 'POST',
        url: CONNECTIONS,
        headers: user.auth,
        payload: { connector: 'portico-demo-inventory', parameters: { base_url: demo.url, api_key: API_KEY } },
      });
      const res = await closed.app.inject({
        method: 'POST',
        url: `${CONNECTIONS}/${json<Json>(created).id}/test`,
        headers: user.auth,
      });
      expect(json(res)).toMatchObject({ ok: false, status: null });
      expect(json<Json>(res).message).toMatch(/PORTICO_GATEWAY_ALLOW_HOSTS/);
    } finally {
      await closed.close();
    }
  });
});

describe('definition URLs', () => {
  it('prepares a connector from an allow-listed definition URL', async () => {
    const res = await call('POST', `${CONNECTORS}/prepare`, owner, { definitionUrl: `${demo.url}/openapi.json` });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<Json>(res)).toMatchObject({ suggestedName: 'portico-demo-inventory', auth: { type: 'apiKey' } });
    expect(json<Json>(res).report).toMatchObject({ source: 'openapi', inputVersion: '3.0.3' });
  });
});

describe('basic auth connections', () => {
  it('sends the username and password as HTTP basic credentials', async () => {
    const good = await call('POST', CONNECTIONS, owner, {
      connector: 'basic-api',
      parameters: { username: 'alice', password: 's3cret-pass' },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(json<Json>(good)).toMatchObject({
      authType: 'basic',
      parameters: { username: 'alice' },
      secretParameters: ['password'],
    });
    expect(good.body).not.toContain('s3cret-pass');
    expect(json(await call('POST', `${CONNECTIONS}/${json<Json>(good).id}/test`, owner))).toMatchObject({
      ok: true,
      status: 200,
    });

    const bad = await call('POST', CONNECTIONS, owner, {
      connector: 'basic-api',
      parameters: { username: 'alice', password: 'nope-nope' },
    });
    const tested = json<Json>(await call('POST', `${CONNECTIONS}/${json<Json>(bad).id}/test`, owner));
    expect(tested).toMatchObject({ ok: false, status: 401 });
    expect(tested.message).toMatch(/Wrong username or password/);
  });
});

describe('bad connection requests', () => {
  async function expectRefused(payload: Json, code: string, status?: number) {
    const before = await connectorTableCounts(t.store);
    const res = await call('POST', CONNECTIONS, owner, payload);
    expect(errorCode(res), res.body).toBe(code);
    if (status) expect(res.statusCode).toBe(status);
    expect(await connectorTableCounts(t.store)).toEqual(before);
    return json<Json>(res).error;
  }

  it('names missing and unknown parameters', async () => {
    const error = await expectRefused(
      { connector: 'portico-demo-inventory', parameters: { apikey: 'x' } },
      'connection_parameters_invalid',
      400,
    );
    expect(error.message).toMatch(/unknown parameter "apikey"/);
    expect(error.message).toMatch(/missing "api_key"/);
  });

  it('starts the OAuth sign-in for OAuth connectors (status pending, authorization URL at the provider)', async () => {
    const created = await call('POST', CONNECTORS, owner, {
      ...corpusPackageTexts('Spotify'),
      name: 'spotify',
      auth: { clientId: 'spotify-app', clientSecret: 'spotify-secret' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await call('POST', CONNECTIONS, owner, { connector: 'spotify', parameters: {} });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<Json>(res)).toMatchObject({ status: 'pending', authType: 'oauth2' });
    expect(json<Json>(res).authorizationUrl).toMatch(/^https:\/\/accounts\.spotify\.com\/authorize\?/);
    expect(res.body).not.toContain('spotify-secret');
  });

  it('uses the chosen set of a multi-auth connector (basic, or OAuth which starts a sign-in)', async () => {
    const created = await call('POST', CONNECTORS, owner, {
      ...corpusPackageTexts('AvePoint Cloud Governance'),
      name: 'avepoint',
      auth: { clientId: 'ave-app', clientSecret: 'ave-secret' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(json<Json>(created).authType).toBe('multi');
    await expectRefused({ connector: 'avepoint', parameters: {} }, 'connection_parameters_invalid', 400);
    const oauth = await call('POST', CONNECTIONS, owner, {
      connector: 'avepoint',
      parameterSet: 'oauth',
      parameters: {},
    });
    expect(oauth.statusCode, oauth.body).toBe(201);
    expect(json<Json>(oauth)).toMatchObject({ status: 'pending', authType: 'aad' });
    const basic = await call('POST', CONNECTIONS, owner, {
      connector: 'avepoint',
      parameterSet: 'basic',
      parameters: { username: 'bob', password: 'ave-password' },
    });
    expect(basic.statusCode, basic.body).toBe(201);
    expect(json<Json>(basic)).toMatchObject({ authType: 'basic', secretParameters: ['password'] });
  });

  it('refuses unknown connectors and unknown fields', async () => {
    await expectRefused({ connector: 'no-such-thing', parameters: {} }, 'connector_not_found', 404);
    await expectRefused({ connector: 'basic-api', parameters: {}, secret: 'x' }, 'validation_failed', 400);
  });
});

describe("other users' connections", () => {
  it('are invisible to other users and deletable by their owner', async () => {
    const connection = await demoConnection(API_KEY);
    expect(errorCode(await call('GET', `${CONNECTIONS}/${connection.id}`, stranger))).toBe('connection_not_found');
    expect(errorCode(await call('POST', `${CONNECTIONS}/${connection.id}/test`, stranger))).toBe(
      'connection_not_found',
    );
    expect(errorCode(await call('DELETE', `${CONNECTIONS}/${connection.id}`, stranger))).toBe('connection_not_found');
    expect(json<{ items: Json[] }>(await call('GET', CONNECTIONS, stranger)).items).toEqual([]);
    expect((await call('DELETE', `${CONNECTIONS}/${connection.id}`, owner)).statusCode).toBe(204);
    expect(errorCode(await call('GET', `${CONNECTIONS}/${connection.id}`, owner))).toBe('connection_not_found');
  });
});
