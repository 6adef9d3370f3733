/** API apps: register from a URL or an upload, list, get, change, delete, members — and every kind of bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../src/apps/index.ts';
import { setAppRole } from '../src/store/apps.ts';
import { addUser, errorCode, json, type TestUser } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';

let f: AppsFixture;
let upstream: Upstream;

beforeAll(async () => {
  f = await appsFixture();
  upstream = await startUpstream(JSON.stringify(smallDocument('Upstream')));
});
afterAll(async () => {
  await upstream.close();
  await f.close();
});

type AppBody = {
  id: string;
  name: string;
  role?: string;
  source: { kind: string; url?: string };
  corsOrigins: string[];
  hosted: { json: string; yaml: string };
  definition: { number: number; version: string; openapi: { errors: number }; powerplatform: { warnings: number } };
};

const BOUNDARY = 'portico-test-boundary';

/** A multipart/form-data body with text fields and one file part. */
function multipartBody(
  fields: Record<string, string>,
  file: { name: string; filename: string; content: string },
): string {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/yaml\r\n\r\n${file.content}\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

const post = (headers: Record<string, string>, payload: unknown) =>
  f.t.app.inject({ method: 'POST', url: '/api/v1/apps', headers, payload: payload as Record<string, unknown> });

async function countApps(): Promise<number> {
  const rows = await f.t.store.db.selectFrom('api_apps').select('id').execute();
  return rows.length;
}

async function countRevisions(): Promise<number> {
  return (await f.t.store.db.selectFrom('revisions').select('id').execute()).length;
}

describe('registering an API app', () => {
  it('fetches the definition URL of the demo API and makes revision 1 with its report', async () => {
    const res = await post(f.dev.auth, {
      name: 'inventory',
      displayName: 'Inventory API',
      definitionUrl: `${f.demo.url}/openapi.json`,
      baseUrl: f.demo.url,
    });
    expect(res.statusCode).toBe(201);
    const body = json<AppBody>(res);
    expect(body.id).toMatch(/^app_/);
    expect(body.role).toBe('owner');
    expect(body.source).toEqual({ kind: 'url', url: `${f.demo.url}/openapi.json` });
    expect(body.definition.number).toBe(1);
    expect(body.definition.version).toBe('3.0.3');
    expect(body.definition.openapi.errors).toBe(0);
    expect(body.hosted.json).toMatch(/\/apps\/inventory\/definition\.json$/);
    expect(body.corsOrigins).toEqual(['*']);
  });

  it('accepts an uploaded YAML definition and names the file in the revision source', async () => {
    const yaml = [
      'swagger: "2.0"',
      'info: { title: Pets, version: "1" }',
      'host: pets.example.com',
      'paths:',
      '  /pets:',
      '    get:',
      '      operationId: ListPets',
      '      summary: List pets',
      '      responses: { "200": { description: OK } }',
    ].join('\n');
    const res = await post(f.dev.auth, { name: 'pets', definition: yaml, filename: 'pets.yaml' });
    expect(res.statusCode).toBe(201);
    const body = json<AppBody & { definition: { source: unknown; mediaType: string } }>(res);
    expect(body.source).toEqual({ kind: 'upload' });
    expect(body.definition.source).toEqual({ kind: 'upload', filename: 'pets.yaml' });
    expect(body.definition.mediaType).toBe('application/yaml');
    expect(body.definition.version).toBe('2.0');
  });

  it('keeps definitions with validation errors, with the errors counted in the report', async () => {
    const broken = { openapi: '3.0.3', info: { title: 'Broken', version: '1' }, paths: { '/x': { get: {} } } };
    const res = await post(f.dev.auth, { name: 'broken', definition: JSON.stringify(broken) });
    expect(res.statusCode).toBe(201);
    expect(json<AppBody>(res).definition.openapi.errors).toBeGreaterThan(0);
  });

  it('refuses a duplicate name with app_exists and no second record', async () => {
    const before = await countApps();
    const res = await post(f.dev.auth, { name: 'inventory', definition: JSON.stringify(smallDocument('Again')) });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('app_exists');
    expect(json<{ error: { message: string } }>(res).error.message).toContain('"inventory"');
    expect(await countApps()).toBe(before);
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await post(f.dev.auth, { name: 'extra', definition: '{}', color: 'blue' });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.body).toContain('unknown field \\"color\\"');
  });

  it('asks for exactly one definition source', async () => {
    const none = await post(f.dev.auth, { name: 'nothing' });
    expect(none.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(none).error.message).toMatch(/definitionUrl.*definition/);
    const both = await post(f.dev.auth, { name: 'both', definition: '{}', definitionUrl: `${upstream.url}/doc` });
    expect(both.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(both).error.message).toContain('not both');
  });

  it('refuses bad names and non-http URLs through the schema', async () => {
    expect((await post(f.dev.auth, { name: 'Bad Name', definition: '{}' })).statusCode).toBe(400);
    expect((await post(f.dev.auth, { name: 'ftp', definitionUrl: 'ftp://example.com/x' })).statusCode).toBe(400);
  });

  it('reports an unreachable definition URL with definition_fetch_failed and leaves no record', async () => {
    const closed = await startUpstream('{}');
    const url = `${closed.url}/doc`;
    await closed.close();
    const before = [await countApps(), await countRevisions()];
    const res = await post(f.dev.auth, { name: 'unreachable', definitionUrl: url });
    expect(res.statusCode).toBe(502);
    expect(errorCode(res)).toBe('definition_fetch_failed');
    const error = json<{ error: { message: string; details: { reason: string } } }>(res).error;
    expect(error.details.reason).toBe('unreachable');
    expect(error.message).toContain('refused');
    expect([await countApps(), await countRevisions()]).toEqual(before);
  });

  it('refuses a URL that serves an HTML page, saying to use the raw document', async () => {
    const res = await post(f.dev.auth, { name: 'html', definitionUrl: `${upstream.url}/page` });
    expect(res.statusCode).toBe(502);
    const error = json<{ error: { message: string; details: { reason: string } } }>(res).error;
    expect(error.details.reason).toBe('bad-content-type');
    expect(error.message).toContain('web page');
  });

  it('reports a 404 from the definition URL', async () => {
    const res = await post(f.dev.auth, { name: 'missing', definitionUrl: `${upstream.url}/nothing` });
    expect(res.statusCode).toBe(502);
    expect(json<{ error: { details: { reason: string; status: number } } }>(res).error.details).toMatchObject({
      reason: 'http-error',
      status: 404,
    });
  });

  it('refuses malformed YAML with the line of the problem', async () => {
    const res = await post(f.dev.auth, {
      name: 'bad-yaml',
      definition: 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n',
      filename: 'api.yaml',
    });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('definition_invalid');
    const error = json<{ error: { message: string; details: { line?: number; uri: string } } }>(res).error;
    expect(error.message).toContain('api.yaml');
    expect(error.details.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a document that is not OpenAPI', async () => {
    const res = await post(f.dev.auth, { name: 'not-openapi', definition: JSON.stringify({ hello: 'world' }) });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('definition_invalid');
    expect(json<{ error: { message: string } }>(res).error.message).toMatch(/openapi|swagger/i);
  });

  it('refuses definition URLs on private addresses unless allow-listed', async () => {
    const strict = await appsFixture({ config: { gatewayAllowHosts: [] } });
    try {
      const res = await strict.t.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: strict.dev.auth,
        payload: { name: 'private', definitionUrl: `${strict.demo.url}/openapi.json` },
      });
      expect(res.statusCode).toBe(502);
      expect(json<{ error: { details: { reason: string } } }>(res).error.details.reason).toBe('host-not-allowed');
    } finally {
      await strict.close();
    }
  });

  it('refuses an oversized body with payload_too_large', async () => {
    const small = await appsFixture({ config: { bodyLimit: 4096 } });
    try {
      const res = await small.t.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: small.dev.auth,
        payload: { name: 'huge', definition: 'x'.repeat(10_000) },
      });
      expect(res.statusCode).toBe(413);
      expect(errorCode(res)).toBe('payload_too_large');
      const file = await small.t.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: { ...small.dev.auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        payload: multipartBody(
          { name: 'huge' },
          { name: 'definition', filename: 'huge.yaml', content: 'x'.repeat(10_000) },
        ),
      });
      expect(file.statusCode).toBe(413);
      expect(await small.t.store.db.selectFrom('api_apps').select('id').execute()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('accepts the definition as a multipart file upload, keeping its file name', async () => {
    const yaml = 'openapi: 3.0.3\ninfo: { title: Multi, version: "1" }\npaths: {}\n';
    const res = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: { ...f.dev.auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody({ name: 'multi' }, { name: 'definition', filename: 'multi.yaml', content: yaml }),
    });
    expect(res.statusCode).toBe(201);
    expect(json<{ definition: { source: unknown } }>(res).definition.source).toEqual({
      kind: 'upload',
      filename: 'multi.yaml',
    });
  });

  it('names the uploaded file when a multipart upload is malformed', async () => {
    const res = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/multi/definition',
      headers: { ...f.dev.auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody({}, { name: 'definition', filename: 'broken.yaml', content: 'openapi: 3.0.3\ninfo: [\n' }),
    });
    expect(res.statusCode).toBe(422);
    expect(json<{ error: { message: string } }>(res).error.message).toContain('broken.yaml');
  });

  it('registers apps outside HTTP (start-up code) with a system audit entry naming the user', async () => {
    const app = await createApiApp(
      f.t.app,
      { user: f.dev.user },
      {
        name: 'seeded',
        definitionUrl: `${f.demo.url}/openapi.json`,
      },
    );
    expect(app.currentRevisionId).toMatch(/^rev_/);
    const entries = await f.t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('resource_id', '=', app.id)
      .orderBy('action')
      .execute();
    expect(entries.map((e) => [e.action, e.actor_email, e.user_agent])).toEqual([
      ['app.create', f.dev.user.email, 'portico-server'],
      ['app.revision.create', f.dev.user.email, 'portico-server'],
    ]);
    await f.t.app.inject({ method: 'DELETE', url: '/api/v1/apps/seeded', headers: f.dev.auth });
  });

  it('needs a signed-in caller', async () => {
    const res = await post({}, { name: 'anon', definition: '{}' });
    expect(res.statusCode).toBe(401);
  });
});

describe('reading, changing and deleting API apps', () => {
  let reader: TestUser;
  let contributor: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    reader = await addUser(f.t.store);
    contributor = await addUser(f.t.store);
    stranger = await addUser(f.t.store);
    const app = await f.t.store.db
      .selectFrom('api_apps')
      .select('id')
      .where('name', '=', 'inventory')
      .executeTakeFirst();
    await setAppRole(f.t.store.db, app!.id, reader.user.id, 'reader');
    await setAppRole(f.t.store.db, app!.id, contributor.user.id, 'contributor');
  });

  it('lists the apps where the caller has a role, with the definition status', async () => {
    const res = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps', headers: reader.auth });
    const items = json<{ items: AppBody[] }>(res).items;
    expect(items.map((a) => [a.name, a.role])).toEqual([['inventory', 'reader']]);
    expect(items[0]!.definition.powerplatform.warnings).toBeGreaterThanOrEqual(0);
    const mine = json<{ items: AppBody[] }>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps', headers: f.dev.auth }),
    );
    expect(mine.items.map((a) => a.name)).toEqual(['broken', 'inventory', 'multi', 'pets']);
    const all = json<{ items: AppBody[] }>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps', headers: f.admin.auth }),
    );
    expect(all.items.length).toBe(4);
  });

  it('hides apps from callers without a role (404), and names the role needed to those with a weaker one (403)', async () => {
    const hidden = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/inventory', headers: stranger.auth });
    expect(hidden.statusCode).toBe(404);
    expect(errorCode(hidden)).toBe('app_not_found');
    const weak = await f.t.app.inject({ method: 'DELETE', url: '/api/v1/apps/inventory', headers: contributor.auth });
    expect(weak.statusCode).toBe(403);
    expect(json<{ error: { message: string } }>(weak).error.message).toBe(
      'This needs the owner role on API app "inventory"; you are contributor.',
    );
    const refresh = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps/inventory/refresh',
      headers: reader.auth,
    });
    expect(refresh.statusCode).toBe(403);
    expect(json<{ error: { message: string } }>(refresh).error.message).toContain('contributor');
  });

  it('lets owners change the display name, base URL and CORS origins, and audits it', async () => {
    const res = await f.t.app.inject({
      method: 'PATCH',
      url: '/api/v1/apps/inventory',
      headers: f.dev.auth,
      payload: { displayName: 'Inventory', corsOrigins: ['https://make.example.com'], baseUrl: null },
    });
    expect(res.statusCode).toBe(200);
    expect(json<AppBody & { displayName: string; baseUrl: null }>(res)).toMatchObject({
      displayName: 'Inventory',
      baseUrl: null,
      corsOrigins: ['https://make.example.com'],
    });
    const bad = await f.t.app.inject({
      method: 'PATCH',
      url: '/api/v1/apps/inventory',
      headers: f.dev.auth,
      payload: { corsOrigins: ['make.example.com/path'] },
    });
    expect(bad.statusCode).toBe(400);
    const audit = await f.t.app.inject({ method: 'GET', url: '/api/v1/audit?resourceType=app', headers: f.admin.auth });
    const actions = json<{ items: Array<{ action: string }> }>(audit).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['app.create', 'app.revision.create', 'app.update']));
  });

  it('switches an uploaded app to a definition URL, fetching it at once', async () => {
    const res = await f.t.app.inject({
      method: 'PATCH',
      url: '/api/v1/apps/pets',
      headers: f.dev.auth,
      payload: { definitionUrl: `${upstream.url}/doc` },
    });
    expect(res.statusCode).toBe(200);
    const body = json<AppBody & { definition: { title: string } }>(res);
    expect(body.source).toEqual({ kind: 'url', url: `${upstream.url}/doc` });
    expect(body.definition).toMatchObject({ number: 2, title: 'Upstream' });
    const broken = await f.t.app.inject({
      method: 'PATCH',
      url: '/api/v1/apps/pets',
      headers: f.dev.auth,
      payload: { definitionUrl: `${upstream.url}/page`, displayName: 'Not applied' },
    });
    expect(broken.statusCode).toBe(502);
    const after = json<AppBody & { displayName: string }>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/pets', headers: f.dev.auth }),
    );
    expect(after.displayName).toBe('pets');
    expect(after.source.url).toBe(`${upstream.url}/doc`);
  });

  it('manages members: owners set and remove roles, and the last owner stays', async () => {
    const member = await addUser(f.t.store);
    const set = await f.t.app.inject({
      method: 'PUT',
      url: `/api/v1/apps/pets/members/${encodeURIComponent(member.user.email)}`,
      headers: f.dev.auth,
      payload: { role: 'contributor' },
    });
    expect(set.statusCode).toBe(200);
    expect(json<{ role: string }>(set).role).toBe('contributor');
    const list = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/pets/members', headers: member.auth });
    expect(
      json<{ items: Array<{ role: string }> }>(list)
        .items.map((m) => m.role)
        .sort(),
    ).toEqual(['contributor', 'owner']);
    const lastOwner = await f.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/apps/pets/members/${f.dev.user.id}`,
      headers: f.dev.auth,
    });
    expect(lastOwner.statusCode).toBe(409);
    expect(json<{ error: { message: string } }>(lastOwner).error.message).toContain('last owner');
    const demote = await f.t.app.inject({
      method: 'PUT',
      url: `/api/v1/apps/pets/members/${f.dev.user.id}`,
      headers: f.dev.auth,
      payload: { role: 'reader' },
    });
    expect(demote.statusCode).toBe(409);
    const removed = await f.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/apps/pets/members/${member.user.id}`,
      headers: f.dev.auth,
    });
    expect(removed.statusCode).toBe(204);
    const unknown = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/pets/members/nobody@example.com',
      headers: f.dev.auth,
      payload: { role: 'reader' },
    });
    expect(errorCode(unknown)).toBe('user_not_found');
  });

  it('deletes an app with its revisions for owners', async () => {
    const res = await f.t.app.inject({ method: 'DELETE', url: '/api/v1/apps/broken', headers: f.dev.auth });
    expect(res.statusCode).toBe(204);
    const gone = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/broken', headers: f.dev.auth });
    expect(gone.statusCode).toBe(404);
    const hosted = await f.t.app.inject({ method: 'GET', url: '/apps/broken/definition.json' });
    expect(hosted.statusCode).toBe(404);
  });
});
