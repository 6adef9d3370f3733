import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApi, seedItems, startDemoApi } from '../src/demo/index.ts';

let api: DemoApi;
const FIXED = new Date('2026-03-01T12:00:00.000Z');

beforeAll(async () => {
  api = await startDemoApi({ apiKey: 'demo-key-123', now: () => FIXED });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => api.reset());

async function call(
  method: string,
  path: string,
  init: { body?: unknown; raw?: string; headers?: Record<string, string>; key?: string | null } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers['x-api-key'] = init.key ?? api.apiKey;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${api.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
}

/** Validates a response body against a schema of the served document with an independent validator (ajv). */
function schemaValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const doc = api.document as { components: { schemas: Record<string, unknown> } };
  ajv.addSchema({ components: doc.components }, 'doc');
  return (name: string, value: unknown) => {
    const validate = ajv.getSchema(`doc#/components/schemas/${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    const ok = validate(value);
    return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

describe('demo API document', () => {
  it('serves a valid OpenAPI 3.0.3 document describing itself, without a key', async () => {
    const res = await call('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(api.document);
    expect(res.json.openapi).toBe('3.0.3');
    expect(res.json.servers).toEqual([{ url: api.url }]);
    expect(res.json.components.securitySchemes.apiKey).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    );
    await expect(SwaggerParser.validate(structuredClone(res.json))).resolves.toBeTruthy();
  });

  it('lists the operations it implements', () => {
    const paths = (api.document as { paths: Record<string, Record<string, { operationId?: string }>> }).paths;
    const ops = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== 'parameters')
        .map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(ops.sort()).toEqual([
      'DELETE /items/{itemId} DeleteItem',
      'GET /health GetHealth',
      'GET /items ListItems',
      'GET /items/{itemId} GetItem',
      'PATCH /items/{itemId} UpdateItem',
      'POST /items CreateItem',
    ]);
  });
});

describe('demo API authentication', () => {
  it('answers 401 JSON without a key or with a wrong key, on every operation', async () => {
    for (const [method, path] of [
      ['GET', '/health'],
      ['GET', '/items'],
      ['POST', '/items'],
      ['GET', '/items/1'],
      ['PATCH', '/items/1'],
      ['DELETE', '/items/1'],
    ] as const) {
      const missing = await call(method, path, { key: null });
      expect(missing.status, `${method} ${path}`).toBe(401);
      expect(missing.json.error.code).toBe('unauthorized');
      expect(missing.json.error.message).toContain('X-API-Key');
      expect(missing.headers.get('www-authenticate')).toContain('X-API-Key');
      const wrong = await call(method, path, { key: 'demo-key-124' });
      expect(wrong.status).toBe(401);
      expect(schemaValidator()('Error', wrong.json)).toEqual([]);
    }
    // Nothing was deleted by the refused calls.
    expect((await call('GET', '/items/1')).status).toBe(200);
  });

  it('generates a random key when none is given', async () => {
    const other = await startDemoApi();
    try {
      expect(other.apiKey).toMatch(/^demo_[0-9a-f]{24}$/);
      const res = await fetch(`${other.url}/health`, { headers: { 'x-api-key': other.apiKey } });
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('demo API operations', () => {
  it('reports health for connection tests', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', items: 30 });
    expect(schemaValidator()('Health', res.json)).toEqual([]);
  });

  it('lists the deterministic seed with paging and a nextLink', async () => {
    const first = await call('GET', '/items?pageSize=12');
    expect(first.status).toBe(200);
    expect(first.json.total).toBe(30);
    expect(first.json.items).toEqual(seedItems().slice(0, 12));
    expect(schemaValidator()('ItemPage', first.json)).toEqual([]);
    expect(first.json.nextLink).toBe(`${api.url}/items?pageSize=12&page=2`);
    const second = await call('GET', new URL(first.json.nextLink).pathname + new URL(first.json.nextLink).search);
    expect(second.json.items.map((i: { id: number }) => i.id)).toEqual([
      13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    ]);
    const last = await call('GET', '/items?pageSize=12&page=3');
    expect(last.json.items).toHaveLength(6);
    expect(last.json.nextLink).toBeUndefined();
  });

  it('filters by enum, integer and array query parameters and sorts', async () => {
    const res = await call('GET', '/items?category=furniture&minQuantity=10&tags=office&sort=-quantity&pageSize=50');
    const seed = seedItems().filter((i) => i.category === 'furniture' && i.quantity >= 10 && i.tags.includes('office'));
    expect(seed.length).toBeGreaterThan(0);
    expect(res.json.items).toEqual([...seed].sort((a, b) => b.quantity - a.quantity || b.id - a.id));
    const both = await call('GET', '/items?tags=it,remote&pageSize=50');
    for (const item of both.json.items) expect(item.tags).toEqual(expect.arrayContaining(['it', 'remote']));
    const search = await call('GET', '/items?q=fur-0003');
    expect(search.json.items.map((i: { sku: string }) => i.sku)).toEqual(['FUR-0003']);
  });

  it('echoes the X-Request-Id header parameter', async () => {
    const res = await call('GET', '/items', { headers: { 'X-Request-Id': 'corr-42' } });
    expect(res.headers.get('x-request-id')).toBe('corr-42');
  });

  it('creates, reads, updates and deletes an item', async () => {
    const created = await call('POST', '/items', {
      body: { name: 'Label printer', sku: 'HWR-9001', category: 'hardware', price: 89.9 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: 31,
      name: 'Label printer',
      sku: 'HWR-9001',
      category: 'hardware',
      quantity: 0,
      price: 89.9,
      tags: [],
      createdAt: FIXED.toISOString(),
      updatedAt: FIXED.toISOString(),
    });
    expect(created.headers.get('location')).toBe(`${api.url}/items/31`);
    expect(schemaValidator()('Item', created.json)).toEqual([]);

    expect((await call('GET', '/items/31')).json).toEqual(created.json);
    const updated = await call('PATCH', '/items/31', { body: { quantity: 5, tags: ['it'] } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: 31, quantity: 5, tags: ['it'], name: 'Label printer' });

    expect((await call('DELETE', '/items/31')).status).toBe(204);
    const gone = await call('GET', '/items/31');
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('not-found');
    expect((await call('DELETE', '/items/31')).status).toBe(404);
  });

  it('refuses a duplicate SKU with 409', async () => {
    const dup = await call('POST', '/items', {
      body: { name: 'Copy', sku: 'HWR-0001', category: 'hardware', price: 1 },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toContain('HWR-0001');
    expect((await call('PATCH', '/items/2', { body: { sku: 'HWR-0001' } })).status).toBe(409);
    expect((await call('PATCH', '/items/1', { body: { sku: 'HWR-0001' } })).status).toBe(200);
  });
});

describe('demo API input validation', () => {
  it('refuses bad query parameters with 400 naming each one', async () => {
    const res = await call('GET', '/items?category=toys&minQuantity=abc&pageSize=500&tags=&page=0');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('bad-request');
    const names = res.json.error.details.map((d: { name: string }) => d.name).sort();
    expect(names).toEqual(['category', 'minQuantity', 'page', 'pageSize']);
    expect(res.json.error.message).toContain('category must be one of hardware, software, furniture, supplies');
    expect(schemaValidator()('Error', res.json)).toEqual([]);
    expect((await call('GET', '/items?page=1&page=2')).json.error.message).toContain('page must be given once');
    expect((await call('GET', '/items?minQuantity=1.5')).status).toBe(400);
  });

  it('refuses bad bodies with 400 and a pointer to each problem', async () => {
    const res = await call('POST', '/items', {
      body: { name: '', sku: 'bad', category: 'toys', price: -1, tags: ['a', 'a'], colour: 'red' },
    });
    expect(res.status).toBe(400);
    const pointers = res.json.error.details.map((d: { name: string }) => d.name).sort();
    expect(pointers).toEqual(['/category', '/colour', '/name', '/price', '/sku', '/tags']);
    const missing = await call('POST', '/items', { body: { name: 'x' } });
    expect(missing.json.error.details.map((d: { name: string }) => d.name).sort()).toEqual([
      '/category',
      '/price',
      '/sku',
    ]);
    expect((await call('POST', '/items', { body: [1, 2] })).json.error.message).toContain('must be an object');
    expect((await call('PATCH', '/items/1', { body: {} })).json.error.message).toContain('at least 1 field');
    expect((await call('PATCH', '/items/1', { body: { id: 7 } })).json.error.message).toContain(
      '/id is not a known field',
    );
  });

  it('refuses malformed JSON, other content types and oversized bodies', async () => {
    const malformed = await call('POST', '/items', {
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toContain('not valid JSON');
    const form = await call('POST', '/items', {
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const huge = await call('POST', '/items', {
      raw: JSON.stringify({ name: 'x'.repeat(100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
  });

  it('refuses bad item ids with 400, unknown paths with 404 and other methods with 405', async () => {
    const bad = await call('GET', '/items/abc');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([
      { in: 'path', name: 'itemId', message: 'itemId must be an integer, not string' },
    ]);
    expect((await call('GET', '/items/0')).status).toBe(400);
    expect((await call('GET', '/items/%E0%A4%A')).status).toBe(400);
    expect((await call('GET', '/nothing')).status).toBe(404);
    const put = await call('PUT', '/items/1', { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });
});

describe('demo API as a child process', () => {
  const main = fileURLToPath(new URL('../src/demo/main.ts', import.meta.url));

  it('prints its URL and key as one JSON line, serves, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORTICO_DEMO_PORT: '0', PORTICO_DEMO_API_KEY: 'child-key' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const ready = JSON.parse(line) as { url: string; apiKey: string };
    expect(ready.apiKey).toBe('child-key');
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${ready.url}/health`, { headers: { 'x-api-key': 'child-key' } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad port naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORTICO_DEMO_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toContain('PORTICO_DEMO_PORT must be a port number');
  });
});
