/** Invoking operations through the management API against the real demo API: inputs, access, raw mode, usage. */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltInConnectors } from '../src/connectors/builtins.ts';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { getEnvironment, setEnvironmentRole } from '../src/store/environments.ts';
import { listUsage } from '../src/store/usage.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { captureLogger } from './helpers/connectors.ts';
import { createConnection, createDemoConnector, invoke, type Json } from './helpers/invoke.ts';
import { REPO_ROOT } from './helpers/process.ts';

const API_KEY = 'inv-demo-key-7d1c94ab';

let t: TestApp;
let demo: DemoApi;
let maker: TestUser;
let other: TestUser;
let connectionId: string;
let logLines: string[];

beforeAll(async () => {
  demo = await startDemoApi({ apiKey: API_KEY });
  const capture = captureLogger();
  logLines = capture.lines;
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] }, logger: capture.logger });
  maker = await addUser(t.store);
  other = await addUser(t.store);
  await createDemoConnector(t.app, maker.auth, 'inventory');
  await createDemoConnector(t.app, maker.auth, 'inventory-open');
  const shared = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/environments/default/connectors/inventory-open/shares/*',
    headers: maker.auth,
    payload: { permission: 'use' },
  });
  if (shared.statusCode >= 300) throw new Error(shared.body);
  connectionId = await createConnection(t.app, maker.auth, 'inventory', { base_url: demo.url, api_key: API_KEY });
});
afterAll(async () => {
  await t.close();
  await demo.close();
});

describe('POST /api/v1/connections/{id}/operations/{operationId}', () => {
  it('lists items with query parameters and returns the upstream JSON as it is', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'ListItems', {
      category: 'hardware',
      pageSize: 2,
      'X-Request-Id': 'req-42',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['x-request-id']).toBe('req-42');
    const body = json<Json>(res);
    expect(body.items).toHaveLength(2);
    for (const item of body.items) expect(item.category).toBe('hardware');
  });

  it('gets one item by path parameter', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'GetItem', { itemId: 3 });
    expect(res.statusCode).toBe(200);
    expect(json(res).id).toBe(3);
  });

  it('creates an item from the body input and passes the upstream 201 and Location through', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'CreateItem', {
      body: { name: 'Gateway desk', sku: 'FUR-9876', category: 'furniture', price: 199.5 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/\/items\/\d+$/);
    const created = json<Json>(res);
    expect(created).toMatchObject({ name: 'Gateway desk', sku: 'FUR-9876', quantity: 0 });
    const again = await invoke(t.app, maker.auth, connectionId, 'GetItem', { itemId: created.id });
    expect(json(again).sku).toBe('FUR-9876');
  });

  it('passes upstream error responses through unchanged', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'GetItem', { itemId: 99999 });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('not-found');
  });

  it('refuses invalid inputs with 400 invalid_input naming the parameter, without calling upstream', async () => {
    const missing = await invoke(t.app, maker.auth, connectionId, 'CreateItem', {
      body: { sku: 'FUR-1111', category: 'furniture', price: 1 },
    });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('invalid_input');
    expect(json<Json>(missing).error.details.parameter).toMatch(/^body/);
    expect(json<Json>(missing).error.message).toMatch(/name/);
    const badEnum = await invoke(t.app, maker.auth, connectionId, 'ListItems', { category: 'food' });
    expect(badEnum.statusCode).toBe(400);
    expect(json<Json>(badEnum).error.details.parameter).toBe('category');
    const required = await invoke(t.app, maker.auth, connectionId, 'GetItem', {});
    expect(json<Json>(required).error.details.parameter).toBe('itemId');
  });

  it('refuses a body that is not a JSON object of inputs', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/connections/${connectionId}/operations/ListItems`,
      headers: { ...maker.auth, 'content-type': 'application/json' },
      payload: '[1, 2]',
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
  });

  it('parses inputs as the other routes do: the same refusals for malformed and poisoned bodies', async () => {
    const send = (url: string, payload: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...maker.auth, 'content-type': 'application/json' }, payload });
    const refused = [
      '',
      '{"category":',
      '{"category": "hardware"} trailing',
      '{"__proto__": {"category": "hardware"}}',
      '{"constructor": {"prototype": {"category": "hardware"}}}',
      '{"\\u005f_proto__": {"category": "hardware"}}',
      '{"\\u0063onstructor": {"prototype": {}}}',
    ];
    for (const payload of refused) {
      const viaInvoke = await send(`/api/v1/connections/${connectionId}/operations/ListItems`, payload);
      // A route on Fastify's own JSON parser (a token needs a name: any body parsed reaches validation).
      const viaTokens = await send('/api/v1/tokens', payload);
      expect({ payload, status: viaInvoke.statusCode, code: errorCode(viaInvoke) }).toEqual({
        payload,
        status: 400,
        code: 'malformed_json',
      });
      expect({ payload, status: viaTokens.statusCode, code: errorCode(viaTokens) }).toEqual({
        payload,
        status: 400,
        code: 'malformed_json',
      });
    }
    // Accepted: a byte-order mark, a key escaped harmlessly, and "constructor" as a value rather than a key.
    const bom = await send(`/api/v1/connections/${connectionId}/operations/GetItem`, '\uFEFF{"itemId": 3}');
    expect(bom.statusCode).toBe(200);
    expect(json(bom).id).toBe(3);
    const escaped = await send(`/api/v1/connections/${connectionId}/operations/GetItem`, '{"\\u0069temId": 4}');
    expect(escaped.statusCode).toBe(200);
    expect(json(escaped).id).toBe(4);
    const value = await send(
      `/api/v1/connections/${connectionId}/operations/ListItems`,
      '{"category": "hardware", "X-Request-Id": "constructor"}',
    );
    expect(value.statusCode).toBe(200);
    expect(value.headers['x-request-id']).toBe('constructor');
  });

  it('answers operation_not_found for an unknown operation id', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'NoSuchOperation', {});
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('operation_not_found');
  });

  it('accepts a call without a body for operations without inputs', async () => {
    const res = await invoke(t.app, maker.auth, connectionId, 'GetHealth');
    expect(res.statusCode).toBe(200);
  });
});

describe('who may invoke', () => {
  it('answers 401 to anonymous callers', async () => {
    const res = await invoke(t.app, {}, connectionId, 'GetHealth', {});
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
  });

  it('hides the connection of another user (404) and an unknown id (404)', async () => {
    const res = await invoke(t.app, other.auth, connectionId, 'GetHealth', {});
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('connection_not_found');
    const unknown = await invoke(t.app, maker.auth, 'cn_does_not_exist', 'GetHealth', {});
    expect(errorCode(unknown)).toBe('connection_not_found');
  });

  it('lets a global administrator use any connection', async () => {
    const admin = await addUser(t.store, { admin: true });
    const res = await invoke(t.app, admin.auth, connectionId, 'GetHealth', {});
    expect(res.statusCode).toBe(200);
  });

  it('hides their own connection from a user who left the environment (404)', async () => {
    const leaver = await addUser(t.store);
    const id = await createConnection(t.app, leaver.auth, 'inventory-open', { base_url: demo.url, api_key: API_KEY });
    expect((await invoke(t.app, leaver.auth, id, 'GetHealth')).statusCode).toBe(200);
    // Removed through the API: this process's cache sees the change on the very next call.
    const admin = await addUser(t.store, { admin: true });
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/environments/default/members/${leaver.user.id}`,
      headers: admin.auth,
    });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const res = await invoke(t.app, leaver.auth, id, 'GetHealth');
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('connection_not_found');
  });

  it('refuses with 403 when the connector is no longer shared with the connection owner', async () => {
    const user = await addUser(t.store);
    const env = (await getEnvironment(t.store.db, 'default'))!;
    await createDemoConnector(t.app, maker.auth, 'inventory-shared');
    const share = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/environments/default/connectors/inventory-shared/shares/${user.user.id}`,
      headers: maker.auth,
      payload: { permission: 'use' },
    });
    expect(share.statusCode, share.body).toBeLessThan(300);
    await setEnvironmentRole(t.store.db, env.id, user.user.id, 'user');
    const id = await createConnection(t.app, user.auth, 'inventory-shared', { base_url: demo.url, api_key: API_KEY });
    expect((await invoke(t.app, user.auth, id, 'GetHealth', {})).statusCode).toBe(200);
    const unshare = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/environments/default/connectors/inventory-shared/shares/${user.user.id}`,
      headers: maker.auth,
    });
    expect(unshare.statusCode, unshare.body).toBeLessThan(300);
    const res = await invoke(t.app, user.auth, id, 'GetHealth', {});
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('forbidden');
  });
});

describe('built-in connectors', () => {
  it('invokes a built-in connector exactly like a custom one', async () => {
    const report = await loadBuiltInConnectors(t.store, path.join(REPO_ROOT, 'connectors'));
    expect([...report.created, ...report.unchanged, ...report.updated]).toContain('portico-demo-inventory');
    const id = await createConnection(t.app, other.auth, 'portico-demo-inventory', {
      base_url: demo.url,
      api_key: API_KEY,
    });
    const res = await invoke(t.app, other.auth, id, 'GetItem', { itemId: 2 });
    expect(res.statusCode).toBe(200);
    expect(json(res).id).toBe(2);
    const raw = await t.app.inject({
      method: 'GET',
      url: `/apim/portico-demo-inventory/${id}/items/2`,
      headers: other.auth,
    });
    expect(json(raw).id).toBe(2);
  });
});

describe('raw mode /apim/{connector}/{connectionId}/…', () => {
  it('forwards the operation path, query and body', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/apim/inventory/${connectionId}/items?category=software&pageSize=3`,
      headers: maker.auth,
    });
    expect(list.statusCode).toBe(200);
    const items = json<Json>(list).items as Json[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.category).toBe('software');
    const created = await t.app.inject({
      method: 'POST',
      url: `/apim/inventory/${connectionId}/items`,
      headers: { ...maker.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Raw chair', sku: 'FUR-5555', category: 'furniture', price: 10 }),
    });
    expect(created.statusCode).toBe(201);
    const item = await t.app.inject({
      method: 'GET',
      url: `/apim/inventory/${connectionId}/items/${json(created).id}`,
      headers: maker.auth,
    });
    expect(json(item).name).toBe('Raw chair');
  });

  it('answers 404 for another connector name or another user', async () => {
    const wrong = await t.app.inject({
      method: 'GET',
      url: `/apim/other-connector/${connectionId}/items`,
      headers: maker.auth,
    });
    expect(errorCode(wrong)).toBe('connection_not_found');
    const stranger = await t.app.inject({
      method: 'GET',
      url: `/apim/inventory/${connectionId}/items`,
      headers: other.auth,
    });
    expect(errorCode(stranger)).toBe('connection_not_found');
    const noOperation = await t.app.inject({
      method: 'GET',
      url: `/apim/inventory/${connectionId}/nothing/here`,
      headers: maker.auth,
    });
    expect(errorCode(noOperation)).toBe('operation_not_found');
  });
});

describe('usage, metrics and secrets', () => {
  it('records usage per connection and operation', async () => {
    await invoke(t.app, maker.auth, connectionId, 'GetItem', { itemId: 1 });
    await t.app.gateway.usage.flush();
    const usage = await listUsage(t.store.db, connectionId);
    const getItem = usage.find((u) => u.operationId === 'GetItem');
    expect(getItem?.count).toBeGreaterThanOrEqual(2);
    expect(usage.find((u) => u.operationId === 'ListItems')?.count).toBeGreaterThanOrEqual(1);
    expect(usage.find((u) => u.operationId === 'NoSuchOperation')).toBeUndefined();
  });

  it('shows latency and status counts per connector and operation on /metrics', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(
      /portico_gateway_requests_total\{connector="inventory",operation="GetItem",status="200"\} \d+/,
    );
    expect(res.body).toMatch(/portico_gateway_request_duration_seconds_bucket\{[^}]*connector="inventory"/);
    expect(res.body).toMatch(/portico_gateway_errors_total\{[^}]*code="invalid_input"/);
  });

  it('never puts the API key in a response or a log line', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/environments/default/connections/${connectionId}`,
      headers: maker.auth,
    });
    expect(res.body).not.toContain(API_KEY);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).not.toContain(API_KEY);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(API_KEY);
  });
});
