/** Export to PowerApps/Flow: the manual package (zip, files, report) and the express export into an environment. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAppRole } from '../src/store/apps.ts';
import { getConnector, getConnectorVersion, listConnectorVersions } from '../src/store/connectors.ts';
import { getEnvironment, setEnvironmentRole } from '../src/store/environments.ts';
import { unzipPackage } from '../src/zip/index.ts';
import { addUser, errorCode, json, type TestUser } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument } from './helpers/apps.ts';

const CLIENT_SECRET = 'planted-client-secret-7f3a91';
let f: AppsFixture;
let logs = '';

const oauthDocument = {
  openapi: '3.0.3',
  info: { title: 'Tasks', version: '1.0.0', description: 'A task API protected by OAuth 2.0.' },
  servers: [{ url: 'https://tasks.example.com/api' }],
  components: {
    securitySchemes: {
      oauth: {
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: 'https://login.example.com/authorize',
            tokenUrl: 'https://login.example.com/token',
            scopes: { 'tasks.read': 'Read tasks' },
          },
        },
      },
    },
  },
  security: [{ oauth: ['tasks.read'] }],
  paths: {
    '/tasks': {
      get: {
        operationId: 'ListTasks',
        summary: 'List tasks',
        tags: ['tasks'],
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
          },
        },
      },
    },
    '/people': {
      get: {
        operationId: 'ListPeople',
        summary: 'List people',
        tags: ['people'],
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
          },
        },
      },
    },
  },
};

const get = (url: string, headers: Record<string, string> = f.dev.auth) =>
  f.t.app.inject({ method: 'GET', url, headers });

function unzip(body: Buffer): Record<string, unknown> {
  const files = unzipPackage(new Uint8Array(body));
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, JSON.parse(new TextDecoder().decode(bytes))]),
  );
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  f = await appsFixture({ logger: pino({ level: 'debug' }, sink) });
  for (const payload of [
    { name: 'inventory', definitionUrl: `${f.demo.url}/openapi.json`, baseUrl: 'https://inventory.example.com/v2' },
    { name: 'tasks', definition: JSON.stringify(oauthDocument) },
  ]) {
    const res = await f.t.app.inject({ method: 'POST', url: '/api/v1/apps', headers: f.dev.auth, payload });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
});
afterAll(async () => f.close());

describe('manual export', () => {
  it('downloads the connector package as a zip whose files parse and describe the API', async () => {
    const res = await get('/api/v1/apps/inventory/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('inventory-connector.zip');
    const files = unzip(res.rawPayload);
    expect(Object.keys(files).sort()).toEqual([
      'apiDefinition.swagger.json',
      'apiProperties.json',
      'report.json',
      'settings.json',
    ]);
    const definition = files['apiDefinition.swagger.json'] as Record<string, unknown>;
    expect(definition.swagger).toBe('2.0');
    expect(definition.host).toBe('inventory.example.com');
    expect(definition.basePath).toBe('/v2');
    const properties = files['apiProperties.json'] as { properties: { connectionParameters: Record<string, unknown> } };
    expect(Object.keys(properties.properties.connectionParameters)).toEqual(['api_key']);
    expect(JSON.stringify(files)).not.toContain(f.demo.apiKey);
  });

  it('serves each file on its own, identical to the zip entry', async () => {
    const zip = unzip((await get('/api/v1/apps/inventory/export')).rawPayload);
    for (const name of ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json']) {
      const res = await get(`/api/v1/apps/inventory/export/files/${name}`);
      expect(res.statusCode, name).toBe(200);
      expect(JSON.parse(res.body)).toEqual(zip[name]);
    }
    const unknown = await get('/api/v1/apps/inventory/export/files/secrets.json');
    expect(unknown.statusCode).toBe(400);
  });

  it('reports the fixes, findings and importability', async () => {
    const res = await get('/api/v1/apps/inventory/export/report');
    const report = json<{ importable: boolean; revision: { number: number }; packages: Array<{ fixes: unknown[] }> }>(
      res,
    );
    expect(report.importable).toBe(true);
    expect(report.revision.number).toBe(1);
    expect(report.packages[0]!.fixes.length).toBeGreaterThan(0);
    const unfixed = json<{ packages: Array<{ fixes: unknown[] }> }>(
      await get('/api/v1/apps/inventory/export/report?fix=false'),
    );
    expect(unfixed.packages[0]!.fixes).toEqual([]);
  });

  it('splits by tag into one folder per package, and names the package for single files', async () => {
    const files = unzip((await get('/api/v1/apps/tasks/export?splitByTag=true')).rawPayload);
    const folders = [...new Set(Object.keys(files).map((n) => n.split('/')[0]))].sort();
    expect(folders.length).toBe(2);
    const ambiguous = await get('/api/v1/apps/tasks/export/files/apiProperties.json?splitByTag=true');
    expect(ambiguous.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(ambiguous).error.message).toContain('?package=');
    const one = await get(
      `/api/v1/apps/tasks/export/files/apiDefinition.swagger.json?splitByTag=true&package=${folders[0]}`,
    );
    expect(one.statusCode).toBe(200);
    expect(Object.keys(JSON.parse(one.body).paths)).toHaveLength(1);
  });

  it('keeps only the operations asked for', async () => {
    const res = await get('/api/v1/apps/tasks/export/files/apiDefinition.swagger.json?includeOperations=ListPeople');
    expect(Object.keys(JSON.parse(res.body).paths)).toEqual(['/people']);
  });

  it('answers package_invalid with the blocking findings when nothing importable can be made', async () => {
    await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'empty-api', definition: JSON.stringify(smallDocument('Empty', [])) },
    });
    const res = await get('/api/v1/apps/empty-api/export');
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('package_invalid');
    expect(json<{ error: { message: string } }>(res).error.message).toContain('/export/report');
  });

  it('lets readers download, and hides the export from callers without a role', async () => {
    const reader = await addUser(f.t.store);
    const app = await f.t.store.db
      .selectFrom('api_apps')
      .select('id')
      .where('name', '=', 'inventory')
      .executeTakeFirst();
    await setAppRole(f.t.store.db, app!.id, reader.user.id, 'reader');
    expect((await get('/api/v1/apps/inventory/export', reader.auth)).statusCode).toBe(200);
    const stranger = await addUser(f.t.store);
    expect(errorCode(await get('/api/v1/apps/inventory/export', stranger.auth))).toBe('app_not_found');
  });
});

describe('express export', () => {
  let maker: TestUser;
  let plainUser: TestUser;

  beforeAll(async () => {
    const env = await getEnvironment(f.t.store.db, 'default');
    maker = await addUser(f.t.store);
    plainUser = await addUser(f.t.store);
    await setEnvironmentRole(f.t.store.db, env!.id, plainUser.user.id, 'user');
    for (const [user, role] of [
      [maker, 'contributor'],
      [plainUser, 'contributor'],
    ] as const) {
      for (const name of ['tasks', 'inventory']) {
        const app = await f.t.store.db.selectFrom('api_apps').select('id').where('name', '=', name).executeTakeFirst();
        await setAppRole(f.t.store.db, app!.id, user.user.id, role);
      }
    }
  });

  const express = (app: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    f.t.app.inject({ method: 'POST', url: `/api/v1/apps/${app}/export`, headers, payload });

  it('creates a custom connector in the environment from the current revision', async () => {
    const res = await express('inventory', maker.auth, {
      environment: 'default',
      connectorName: 'inventory-connector',
    });
    expect(res.statusCode).toBe(201);
    const body = json<{
      id: string;
      created: boolean;
      version: number;
      revision: { number: number };
      auth: { type: string };
    }>(res);
    expect(body).toMatchObject({ created: true, version: 1, revision: { number: 1 }, auth: { type: 'apiKey' } });
    const env = await getEnvironment(f.t.store.db, 'default');
    const connector = await getConnector(f.t.store.db, env!.id, 'inventory-connector');
    expect(connector?.id).toBe(body.id);
    expect(connector?.sourceAppId).toMatch(/^app_/);
    const version = await getConnectorVersion<{ source: string }>(f.t.store.db, body.id);
    expect((version!.definition as { swagger: string }).swagger).toBe('2.0');
    expect(version?.sourceRevisionId).toMatch(/^rev_/);
  });

  it('adds a version when exported again, and refuses mode=create for an existing connector', async () => {
    const again = await express('inventory', maker.auth, {
      environment: 'default',
      connectorName: 'inventory-connector',
    });
    expect(again.statusCode).toBe(200);
    expect(json<{ created: boolean; version: number }>(again)).toMatchObject({ created: false, version: 2 });
    const env = await getEnvironment(f.t.store.db, 'default');
    const connector = await getConnector(f.t.store.db, env!.id, 'inventory-connector');
    expect(await listConnectorVersions(f.t.store.db, connector!.id)).toHaveLength(2);
    const create = await express('inventory', maker.auth, {
      environment: 'default',
      connectorName: 'inventory-connector',
      mode: 'create',
    });
    expect(create.statusCode).toBe(409);
    expect(errorCode(create)).toBe('connector_exists');
  });

  it('needs the maker role in the environment, with a clear message', async () => {
    const res = await express('inventory', plainUser.auth, { environment: 'default', connectorName: 'nope' });
    expect(res.statusCode).toBe(403);
    expect(json<{ error: { message: string } }>(res).error.message).toBe(
      'This needs the maker role in environment "default"; you are user.',
    );
    const unknown = await express('inventory', maker.auth, { environment: 'nowhere' });
    expect(errorCode(unknown)).toBe('environment_not_found');
  });

  it('needs the contributor role on the app', async () => {
    const reader = await addUser(f.t.store);
    const app = await f.t.store.db
      .selectFrom('api_apps')
      .select('id')
      .where('name', '=', 'inventory')
      .executeTakeFirst();
    await setAppRole(f.t.store.db, app!.id, reader.user.id, 'reader');
    const res = await express('inventory', reader.auth, { environment: 'default' });
    expect(res.statusCode).toBe(403);
    expect(json<{ error: { message: string } }>(res).error.message).toContain('contributor');
  });

  it('asks for the OAuth answers, then stores the client secret encrypted and never shows it', async () => {
    const missing = await express('tasks', maker.auth, { environment: 'default' });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('auth_answers_missing');
    const env = await getEnvironment(f.t.store.db, 'default');
    expect(await getConnector(f.t.store.db, env!.id, 'tasks')).toBeUndefined();

    const res = await express('tasks', maker.auth, {
      environment: 'default',
      auth: { clientId: 'tasks-client', clientSecret: CLIENT_SECRET },
    });
    expect(res.statusCode).toBe(201);
    const body = json<{
      id: string;
      auth: { type: string; oauth: { clientId: string; hasClientSecret: boolean } };
      redirectUrl: string;
    }>(res);
    expect(body.auth.oauth).toMatchObject({ clientId: 'tasks-client', hasClientSecret: true });
    expect(body.redirectUrl).toMatch(/\/redirect/);
    const stored = await f.t.store.db
      .selectFrom('connector_versions')
      .selectAll()
      .where('connector_id', '=', body.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(CLIENT_SECRET);
    expect(stored[0]!.oauth_client_secret).not.toBeNull();
  });

  it('never lets a secret reach a response, an export, the audit log or the logs', async () => {
    const env = await getEnvironment(f.t.store.db, 'default');
    expect((await getConnector(f.t.store.db, env!.id, 'tasks'))?.sourceAppId).toMatch(/^app_/);
    const seen: string[] = [];
    for (const url of [
      '/api/v1/apps',
      '/api/v1/apps/tasks',
      '/api/v1/apps/tasks/revisions/1?text=true',
      '/api/v1/apps/tasks/export/report',
      '/api/v1/apps/tasks/export/files/apiProperties.json',
      '/api/v1/apps/tasks/export/files/settings.json',
      '/apps/tasks/definition.json',
      '/apps/tasks/definition.yaml',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      seen.push(res.body);
    }
    const zip = await get('/api/v1/apps/tasks/export');
    seen.push(JSON.stringify(unzip(zip.rawPayload)));
    const audit = await get('/api/v1/audit?limit=200', f.admin.auth);
    seen.push(audit.body);
    expect(json<{ items: Array<{ action: string }> }>(audit).items.map((e) => e.action)).toContain(
      'app.export.express',
    );
    expect(logs).toContain('incoming request');
    seen.push(logs);
    for (const text of seen) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(f.demo.apiKey);
    }
  });
});
