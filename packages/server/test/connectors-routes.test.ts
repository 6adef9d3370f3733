/** Connector routes: two-step creation, built-ins, update/versions/restore, download, delete, sharing, bad input. */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, setEnvironmentRole } from '../src/store/environments.ts';
import { zipPackage } from '../src/zip/index.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { connectorTableCounts, corpusPackageTexts, demoPackageTexts } from './helpers/connectors.ts';

const BASE = '/api/v1/environments/default/connectors';
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
type Json = Record<string, any>;

let t: TestApp;
let maker: TestUser;
let otherMaker: TestUser;
let plainUser: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await makeApp();
  admin = await addUser(t.store, { admin: true });
  maker = await addUser(t.store);
  otherMaker = await addUser(t.store);
  plainUser = await addUser(t.store);
  const env = (
    await t.store.db.selectFrom('environments').select('id').where('name', '=', 'default').executeTakeFirstOrThrow()
  ).id;
  await setEnvironmentRole(t.store.db, env, plainUser.user.id, 'user');
});
afterAll(async () => t.close());

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: TestUser, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: who.auth,
    ...(payload === undefined ? {} : { payload: payload as Json }),
  });
}

/** Expects the request to fail with `code` and to leave every connector table as it was. */
async function expectRefused(run: () => Promise<{ statusCode: number; body: string }>, code: string, status?: number) {
  const before = await connectorTableCounts(t.store);
  const res = await run();
  expect(errorCode(res), res.body).toBe(code);
  if (status) expect(res.statusCode).toBe(status);
  expect(await connectorTableCounts(t.store)).toEqual(before);
  return json<Json>(res).error;
}

describe('built-in connectors', () => {
  it('lists the packages of connectors/ in every environment, read-only, with colour, auth type and version', async () => {
    const other = await createEnvironment(t.store.db, { name: 'elsewhere', createdBy: admin.user.id });
    if (!other.ok) throw new Error('fixture');
    await setEnvironmentRole(t.store.db, other.value.id, plainUser.user.id, 'user');
    for (const url of [BASE, '/api/v1/environments/elsewhere/connectors']) {
      const res = await call('GET', url, plainUser);
      expect(res.statusCode).toBe(200);
      const items = json<{ items: Json[] }>(res).items;
      const demo = items.find((c) => c.name === 'portico-demo-inventory');
      expect(demo).toMatchObject({
        builtIn: true,
        readOnly: true,
        authType: 'apiKey',
        version: 1,
        iconBrandColor: '#3b5bdb',
      });
      expect(items.map((c) => c.name)).toEqual(expect.arrayContaining(['jsonplaceholder', 'ntfy', 'open-meteo']));
    }
  });

  it('shows a built-in connector with its operations and the test operation', async () => {
    const res = await call('GET', `${BASE}/portico-demo-inventory`, plainUser);
    expect(res.statusCode).toBe(200);
    const body = json<Json>(res);
    expect(body.operations.map((o: Json) => o.operationId)).toContain('GetHealth');
    expect(body.auth.parameters.map((p: Json) => p.name)).toEqual(['base_url', 'api_key']);
  });

  it('refuses to update, share or delete a built-in connector', async () => {
    await expectRefused(() => call('PUT', `${BASE}/ntfy`, maker, { displayName: 'mine' }), 'read_only', 403);
    await expectRefused(() => call('DELETE', `${BASE}/ntfy`, admin), 'read_only', 403);
    await expectRefused(() => call('PUT', `${BASE}/ntfy/shares/*`, admin, {}), 'read_only', 403);
  });

  it('refuses a custom connector named like a built-in one', async () => {
    await expectRefused(() => call('POST', BASE, maker, { ...demoPackageTexts(), name: 'ntfy' }), 'read_only');
  });
});

describe('creating a custom connector in two steps', () => {
  it('answers an uploaded package with the detected API key auth, its question, operations and redirect URLs', async () => {
    const res = await call('POST', `${BASE}/prepare`, maker, { ...demoPackageTexts(), name: 'inventory' });
    expect(res.statusCode, res.body).toBe(201);
    const draft = json<Json>(res);
    expect(draft.auth.type).toBe('apiKey');
    expect(draft.auth.questions).toEqual([
      expect.objectContaining({ key: 'apiKeyLabel', default: 'API key', required: false }),
    ]);
    expect(draft.operations.length).toBe(6);
    expect(draft.redirectUrls).toEqual({
      global: 'http://127.0.0.1:8080/redirect',
      perConnector: 'http://127.0.0.1:8080/redirect/inventory',
      register: 'http://127.0.0.1:8080/redirect/inventory',
    });

    const created = await call('POST', BASE, maker, {
      draftId: draft.draftId,
      name: 'inventory',
      auth: { apiKeyLabel: 'Inventory key' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = json<Json>(created);
    expect(body).toMatchObject({ name: 'inventory', builtIn: false, version: 1, authType: 'apiKey' });
    expect(body.auth.parameters.find((p: Json) => p.name === 'api_key').label).toBe('Inventory key');

    await expectRefused(
      () => call('POST', BASE, maker, { draftId: draft.draftId, name: 'inventory-2' }),
      'draft_not_found',
      404,
    );
  });

  it('refuses a duplicate name and leaves the draft for another try', async () => {
    const draft = json<Json>(await call('POST', `${BASE}/prepare`, maker, demoPackageTexts()));
    await expectRefused(
      () => call('POST', BASE, maker, { draftId: draft.draftId, name: 'inventory' }),
      'connector_exists',
      409,
    );
    const ok = await call('POST', BASE, maker, { draftId: draft.draftId, name: 'inventory-copy' });
    expect(ok.statusCode).toBe(201);
  });

  it('forgets expired drafts', async () => {
    const draft = json<Json>(await call('POST', `${BASE}/prepare`, maker, demoPackageTexts()));
    await (t.store.db as unknown as import('kysely').Kysely<{ connector_drafts: { id: string; expires_at: string } }>)
      .updateTable('connector_drafts')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', draft.draftId)
      .execute();
    const error = await expectRefused(
      () => call('POST', BASE, maker, { draftId: draft.draftId, name: 'late' }),
      'draft_not_found',
    );
    expect(error.message).toMatch(/expire/);
  });

  it('keeps drafts private to their author', async () => {
    const draft = json<Json>(await call('POST', `${BASE}/prepare`, maker, demoPackageTexts()));
    await expectRefused(
      () => call('POST', BASE, otherMaker, { draftId: draft.draftId, name: 'stolen' }),
      'draft_not_found',
    );
  });

  it('converts any OpenAPI document (3.0 JSON text) and creates it in one call', async () => {
    const { demoDocument } = await import('../src/demo/index.ts');
    const doc = demoDocument('http://127.0.0.1:4010');
    const prepared = await call('POST', `${BASE}/prepare`, maker, { definition: JSON.stringify(doc) });
    expect(prepared.statusCode, prepared.body).toBe(201);
    expect(json<Json>(prepared).report).toMatchObject({ source: 'openapi', inputVersion: '3.0.3', importable: true });
    const created = await call('POST', BASE, maker, { definition: JSON.stringify(doc), name: 'from-openapi' });
    expect(created.statusCode, created.body).toBe(201);
    expect(json<Json>(created).operations.length).toBeGreaterThan(3);
  });

  it('reads a zipped package folder', async () => {
    const files = demoPackageTexts();
    const zip = zipPackage({
      'inventory/apiDefinition.swagger.json': files.apiDefinition,
      'inventory/apiProperties.json': files.apiProperties,
    });
    const res = await call('POST', BASE, maker, { zip: Buffer.from(zip).toString('base64'), name: 'zipped' });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<Json>(res).authType).toBe('apiKey');
  });

  it('asks Entra ID connectors for client ID, secret, resource, login URL and tenant, and requires the answers', async () => {
    const prepared = json<Json>(await call('POST', `${BASE}/prepare`, maker, corpusPackageTexts('Planner')));
    expect(prepared.auth.type).toBe('aad');
    expect(prepared.auth.questions.map((q: Json) => q.key)).toEqual([
      'clientId',
      'clientSecret',
      'resourceUri',
      'loginUri',
      'tenantId',
    ]);
    expect(prepared.redirectUrls.register).toBe('http://127.0.0.1:8080/redirect');
    const error = await expectRefused(
      () => call('POST', BASE, maker, { draftId: prepared.draftId, name: 'planner' }),
      'auth_answers_missing',
      400,
    );
    expect(error.details.missing.map((m: Json) => m.key)).toEqual(['clientId', 'clientSecret']);
    const created = await call('POST', BASE, maker, {
      draftId: prepared.draftId,
      name: 'planner',
      auth: { clientId: 'app-123', clientSecret: 'planted-client-secret', tenantId: 'contoso' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const auth = json<Json>(created).auth;
    expect(auth.oauth).toMatchObject({ clientId: 'app-123', tenantId: 'contoso', hasClientSecret: true });
    expect(created.body).not.toContain('planted-client-secret');
  });

  it('asks generic OAuth 2.0 connectors for the endpoints and scopes', async () => {
    const prepared = json<Json>(await call('POST', `${BASE}/prepare`, maker, corpusPackageTexts('Spotify')));
    expect(prepared.auth.type).toBe('oauth2');
    expect(prepared.auth.questions.map((q: Json) => q.key)).toEqual([
      'clientId',
      'clientSecret',
      'authorizationUrl',
      'tokenUrl',
      'refreshUrl',
      'scopes',
    ]);
  });

  it('refuses an answer that does not apply to the authentication', async () => {
    await expectRefused(
      () => call('POST', BASE, maker, { ...demoPackageTexts(), name: 'keyed', auth: { clientSecret: 'x' } }),
      'bad_request',
    );
  });
});

describe('bad uploads', () => {
  it('names the file and line of malformed JSON', async () => {
    const error = await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { apiDefinition: '{\n  "swagger": "2.0",\n  oops\n}' }),
      'package_invalid',
      422,
    );
    expect(error.message).toMatch(/apiDefinition\.swagger\.json/);
    expect(error.details.findings[0].line).toBe(3);
  });

  it('refuses a zip that is not a zip, and base64 that is not base64', async () => {
    await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { zip: Buffer.from('not a zip at all, sorry').toString('base64') }),
      'package_invalid',
    );
    await expectRefused(() => call('POST', `${BASE}/prepare`, maker, { zip: '%%%' }), 'bad_request');
  });

  it('refuses a zip without a package', async () => {
    const zip = Buffer.from(zipPackage({ 'readme.txt': 'hello' })).toString('base64');
    const error = await expectRefused(() => call('POST', `${BASE}/prepare`, maker, { zip }), 'package_invalid');
    expect(error.message).toMatch(/apiDefinition\.swagger\.json/);
  });

  it('refuses a text that is not an OpenAPI document', async () => {
    await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { definition: 'just: yaml\n' }),
      'definition_invalid',
      422,
    );
  });

  it('refuses unknown fields, no source, two sources and bad names', async () => {
    const error = await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { ...demoPackageTexts(), extra: 1 }),
      'validation_failed',
    );
    expect(error.message).toMatch(/extra/);
    await expectRefused(() => call('POST', `${BASE}/prepare`, maker, {}), 'bad_request');
    await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { ...demoPackageTexts(), definition: '{}' }),
      'bad_request',
    );
    await expectRefused(
      () => call('POST', BASE, maker, { ...demoPackageTexts(), name: 'Bad Name' }),
      'validation_failed',
    );
  });

  it('reports an unreachable definition URL and refuses private addresses that are not allowed', async () => {
    const error = await expectRefused(
      () => call('POST', `${BASE}/prepare`, maker, { definitionUrl: 'http://127.0.0.1:9/openapi.json' }),
      'definition_fetch_failed',
      502,
    );
    expect(error.message).toMatch(/127\.0\.0\.1/);
  });

  it('refuses an oversized upload with payload_too_large and writes nothing', async () => {
    const small = await makeApp({ config: { bodyLimit: 4096 } });
    try {
      const user = await addUser(small.store);
      const before = await connectorTableCounts(small.store);
      const res = await small.app.inject({
        method: 'POST',
        url: `${BASE}/prepare`,
        headers: user.auth,
        payload: demoPackageTexts(),
      });
      expect(res.statusCode).toBe(413);
      expect(errorCode(res)).toBe('payload_too_large');
      expect(await connectorTableCounts(small.store)).toEqual(before);
    } finally {
      await small.close();
    }
  });

  it('refuses callers without the maker role', async () => {
    await expectRefused(() => call('POST', `${BASE}/prepare`, plainUser, demoPackageTexts()), 'forbidden', 403);
    await expectRefused(() => call('POST', BASE, plainUser, { ...demoPackageTexts(), name: 'nope' }), 'forbidden', 403);
  });
});

describe('versions, download and delete', () => {
  it('keeps version 1 when updating to version 2 and restores it', async () => {
    const files = demoPackageTexts();
    await call('POST', BASE, maker, { ...files, name: 'versioned' });
    const definition = JSON.parse(files.apiDefinition);
    definition.info.title = 'Versioned inventory v2';
    delete definition.paths['/items/{itemId}'];
    const updated = await call('PUT', `${BASE}/versioned`, maker, {
      apiDefinition: JSON.stringify(definition),
      apiProperties: files.apiProperties,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json<Json>(updated)).toMatchObject({ version: 2 });
    const v2ops = json<Json>(updated).operations.length;

    const versions = json<{ items: Json[] }>(await call('GET', `${BASE}/versioned/versions`, maker)).items;
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);

    const restored = await call('POST', `${BASE}/versioned/versions/1/restore`, maker);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(json<Json>(restored).version).toBe(1);
    expect(json<Json>(restored).operations.length).toBeGreaterThan(v2ops);
    await expectRefused(
      () => call('POST', `${BASE}/versioned/versions/7/restore`, maker),
      'connector_version_not_found',
      404,
    );
  });

  it('downloads the paconn files as a zip and one by one', async () => {
    const res = await call('GET', `${BASE}/versioned/download`, maker);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toEqual(['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json']);
    const one = await call('GET', `${BASE}/versioned/download?file=apiProperties.json`, maker);
    expect(JSON.parse(one.body).properties.connectionParameters.api_key.type).toBe('securestring');
    const v2 = await call('GET', `${BASE}/versioned/download?file=apiDefinition.swagger.json&version=2`, maker);
    expect(JSON.parse(v2.body).info.title).toBe('Versioned inventory v2');
    expect((await call('GET', `${BASE}/versioned/download?file=secrets.txt`, maker)).statusCode).toBe(400);
  });

  it('refuses to delete a connector that connections use, unless forced', async () => {
    const conn = await call('POST', '/api/v1/environments/default/connections', maker, {
      connector: 'versioned',
      parameters: { api_key: 'k-123', base_url: 'http://127.0.0.1:4010' },
    });
    expect(conn.statusCode, conn.body).toBe(201);
    await expectRefused(() => call('DELETE', `${BASE}/versioned`, maker), 'connector_in_use', 409);
    const forced = await call('DELETE', `${BASE}/versioned?force=true`, maker);
    expect(forced.statusCode).toBe(204);
    expect((await call('GET', `${BASE}/versioned`, maker)).statusCode).toBe(404);
    const counts = await connectorTableCounts(t.store);
    expect(counts.connections).toBe(0);
  });
});

describe('sharing', () => {
  it('hides a custom connector from other makers until it is shared', async () => {
    await call('POST', BASE, maker, { ...demoPackageTexts(), name: 'shared-one' });
    expect(errorCode(await call('GET', `${BASE}/shared-one`, otherMaker))).toBe('connector_not_found');
    const names = json<{ items: Json[] }>(await call('GET', BASE, otherMaker)).items.map((c) => c.name);
    expect(names).not.toContain('shared-one');

    const share = await call('PUT', `${BASE}/shared-one/shares/${encodeURIComponent(otherMaker.user.email)}`, maker, {
      permission: 'use',
    });
    expect(share.statusCode, share.body).toBe(200);
    expect((await call('GET', `${BASE}/shared-one`, otherMaker)).statusCode).toBe(200);
    await expectRefused(() => call('PUT', `${BASE}/shared-one`, otherMaker, { displayName: 'x' }), 'forbidden');

    await call('PUT', `${BASE}/shared-one/shares/${otherMaker.user.id}`, maker, { permission: 'edit' });
    const renamed = await call('PUT', `${BASE}/shared-one`, otherMaker, { displayName: 'Shared one' });
    expect(renamed.statusCode).toBe(200);
    expect(json<Json>(renamed)).toMatchObject({ displayName: 'Shared one', version: 1 });

    expect((await call('DELETE', `${BASE}/shared-one/shares/${otherMaker.user.id}`, maker)).statusCode).toBe(204);
    expect(errorCode(await call('GET', `${BASE}/shared-one`, otherMaker))).toBe('connector_not_found');
  });

  it('shares with the whole environment with *', async () => {
    expect(errorCode(await call('GET', `${BASE}/shared-one`, plainUser))).toBe('connector_not_found');
    expect((await call('PUT', `${BASE}/shared-one/shares/*`, maker, {})).statusCode).toBe(200);
    expect((await call('GET', `${BASE}/shared-one`, plainUser)).statusCode).toBe(200);
    const shares = json<{ items: Json[] }>(await call('GET', `${BASE}/shared-one/shares`, maker)).items;
    expect(shares.map((s) => s.subject)).toEqual(['environment']);
    await expectRefused(() => call('PUT', `${BASE}/shared-one/shares/nobody@example.com`, maker, {}), 'user_not_found');
  });
});
