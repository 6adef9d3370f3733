/** Hosting: the current definition at /apps/{app}/definition.json and .yaml, with ETag/304 and CORS. */
import { parseDefinition } from '@portico/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/store/apps.ts';
import { errorCode } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument } from './helpers/apps.ts';

let f: AppsFixture;

const yamlSource = [
  'openapi: 3.0.3',
  'info:',
  '  title: Hosted',
  '  version: "1.0"',
  'paths:',
  '  /things:',
  '    get:',
  '      operationId: listThings',
  '      responses:',
  '        "200":',
  '          description: OK',
  '          content:',
  '            application/json:',
  '              schema: { $ref: "#/components/schemas/Thing" }',
  'components:',
  '  schemas:',
  '    Thing: { type: object, properties: { id: { type: string } } }',
].join('\n');

beforeAll(async () => {
  f = await appsFixture({ config: { definitionCorsOrigins: ['*'] } });
  for (const [name, payload] of [
    ['hosted', { definition: yamlSource, filename: 'hosted.yaml' }],
    ['strict', { definition: JSON.stringify(smallDocument('Strict')), corsOrigins: ['https://make.example.com'] }],
  ] as const) {
    const res = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name, ...payload },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
});
afterAll(async () => f.close());

describe('hosted definitions', () => {
  it('serves the current definition as JSON without credentials', async () => {
    const res = await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const document = JSON.parse(res.body);
    expect(document.info.title).toBe('Hosted');
    expect(document.paths['/things'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Thing',
    });
    expect(res.headers['x-portico-revision']).toBe('1');
  });

  it('does not keep a failed serialization: the next request makes it again', async () => {
    const analyzer = f.t.app.analyzer;
    const host = analyzer.host;
    let calls = 0;
    // The worker failing once, for the first hosted serialization of this revision in YAML.
    analyzer.host = () => {
      calls++;
      analyzer.host = host;
      return Promise.reject(new Error('The definition analysis worker ended (exit code 1) before answering.'));
    };
    try {
      const failed = await f.t.app.inject({ method: 'GET', url: '/apps/strict/definition.yaml' });
      expect(failed.statusCode).toBe(500);
      expect(errorCode(failed)).toBe('internal_error');
      const again = await f.t.app.inject({ method: 'GET', url: '/apps/strict/definition.yaml' });
      expect(again.statusCode).toBe(200);
      expect(parseDefinition(again.body, { uri: 'strict.yaml' }).value).toMatchObject({ info: { title: 'Strict' } });
      expect(calls).toBe(1);
    } finally {
      analyzer.host = host;
    }
  });

  it('answers HEAD with the headers only', async () => {
    const res = await f.t.app.inject({ method: 'HEAD', url: '/apps/hosted/definition.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toMatch(/-json"$/);
    expect(res.body).toBe('');
  });

  it('serves the same document as YAML', async () => {
    const json = JSON.parse((await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.json' })).body);
    const res = await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.yaml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    expect(parseDefinition(res.body, { uri: 'hosted.yaml' }).value).toEqual(json);
  });

  it('answers 304 to a matching If-None-Match, with ETags that differ per format', async () => {
    const first = await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.json' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+-json"$/);
    const again = await f.t.app.inject({
      method: 'GET',
      url: '/apps/hosted/definition.json',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const yaml = await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.yaml' });
    expect(yaml.headers.etag).not.toBe(etag);
  });

  it('changes the ETag when a new revision is uploaded', async () => {
    const before = (await f.t.app.inject({ method: 'GET', url: '/apps/hosted/definition.json' })).headers.etag;
    await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/hosted/definition',
      headers: f.dev.auth,
      payload: { definition: yamlSource.replace('title: Hosted', 'title: Hosted v2') },
    });
    const after = await f.t.app.inject({
      method: 'GET',
      url: '/apps/hosted/definition.json',
      headers: { 'if-none-match': String(before) },
    });
    expect(after.statusCode).toBe(200);
    expect(JSON.parse(after.body).info.title).toBe('Hosted v2');
    expect(after.headers['x-portico-revision']).toBe('2');
  });

  it('allows any origin by default', async () => {
    const res = await f.t.app.inject({
      method: 'GET',
      url: '/apps/hosted/definition.json',
      headers: { origin: 'https://anywhere.example.org' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('allows only the origins configured on the app', async () => {
    const allowed = await f.t.app.inject({
      method: 'GET',
      url: '/apps/strict/definition.json',
      headers: { origin: 'https://make.example.com' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://make.example.com');
    expect(allowed.headers.vary).toContain('Origin');
    const other = await f.t.app.inject({
      method: 'GET',
      url: '/apps/strict/definition.json',
      headers: { origin: 'https://evil.example.net' },
    });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers CORS preflight requests', async () => {
    const res = await f.t.app.inject({
      method: 'OPTIONS',
      url: '/apps/strict/definition.yaml',
      headers: { origin: 'https://make.example.com', 'access-control-request-method': 'GET' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://make.example.com');
    expect(res.headers['access-control-allow-methods']).toContain('GET');
  });

  it('uses the server-wide default origins from the configuration', async () => {
    const g = await appsFixture({ config: { definitionCorsOrigins: ['https://portal.example.com'] } });
    try {
      await g.t.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: g.dev.auth,
        payload: { name: 'cfg', definition: JSON.stringify(smallDocument('Cfg')) },
      });
      const res = await g.t.app.inject({
        method: 'GET',
        url: '/apps/cfg/definition.json',
        headers: { origin: 'https://portal.example.com' },
      });
      expect(res.headers['access-control-allow-origin']).toBe('https://portal.example.com');
      const other = await g.t.app.inject({
        method: 'GET',
        url: '/apps/cfg/definition.json',
        headers: { origin: 'https://else.example.com' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await g.close();
    }
  });

  it('answers app_not_found for unknown apps and conflict for apps without a definition', async () => {
    const missing = await f.t.app.inject({ method: 'GET', url: '/apps/nope/definition.json' });
    expect(missing.statusCode).toBe(404);
    expect(errorCode(missing)).toBe('app_not_found');
    await createApp(f.t.store.db, { name: 'empty', source: { kind: 'upload' }, createdBy: f.dev.user.id });
    const empty = await f.t.app.inject({ method: 'GET', url: '/apps/empty/definition.yaml' });
    expect(empty.statusCode).toBe(409);
    expect(errorCode(empty)).toBe('conflict');
  });
});
