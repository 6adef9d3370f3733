/** The one error table: documented, complete, and used for every failure the HTTP layer produces. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('error table', () => {
  const docs = readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
  const documented = new Map(
    [...docs.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1]!, Number(m[2])]),
  );

  it('documents every code with its HTTP status in docs/errors.md, and nothing else', () => {
    const table = new Map(Object.entries(ERRORS).map(([code, e]) => [code, e.status]));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(table));
  });

  it('has every code used in src in the table', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      // Only files using the table's helpers (other modules may have a local `fail` of their own).
      const importsTable = /import \{[^}]*\b(fail|PorticoError)\b[^}]*\} from '(\.\.?\/)+errors\.ts'/.test(text);
      if (!importsTable && !file.endsWith(`${path.sep}errors.ts`)) continue;
      for (const m of text.matchAll(/\b(?:fail|PorticoError)\(\s*'([a-z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((code) => !(code in ERRORS));
    expect(missing).toEqual([]);
  });

  it('gives every code a client or server error status and a sentence', () => {
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(e.status, code).toBeGreaterThanOrEqual(400);
      expect(e.message, code).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('error bodies over HTTP', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await makeApp({ config: { bodyLimit: 2048 } });
    admin = await addUser(t.store, { admin: true });
    t.app.log.level = 'silent';
  });
  afterAll(async () => t.close());

  it('answers malformed JSON with malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('malformed_json');
  });

  it('answers an empty JSON body with malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: '',
    });
    expect(errorCode(res)).toBe('malformed_json');
  });

  it('answers an oversized body with 413 and the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: admin.auth,
      payload: { name: 'big', displayName: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(json(res)).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'The request body is larger than the limit of 2048 bytes.',
        details: { limit: 2048 },
      },
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/environments', headers: admin.auth });
    expect(list.body).not.toContain('"big"');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: { ...admin.auth, 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    expect(res.statusCode).toBe(415);
    expect(errorCode(res)).toBe('unsupported_media_type');
  });

  it('answers a missing required field with the field named', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/environments', headers: admin.auth, payload: {} });
    expect(json(res)).toMatchObject({
      error: {
        code: 'validation_failed',
        details: [{ in: 'body', pointer: '/name', message: 'missing required field "name" in body' }],
      },
    });
  });

  it('does not coerce JSON body values to the schema type, but does coerce query strings', async () => {
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin.auth,
      payload: { name: 'x', expiresInDays: '30' },
    });
    expect(json(body)).toMatchObject({
      error: { code: 'validation_failed', details: [{ in: 'body', pointer: '/expiresInDays' }] },
    });
    const typed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: admin.auth,
      payload: { name: 42 },
    });
    expect(errorCode(typed)).toBe('validation_failed');
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=2', headers: admin.auth });
    expect(query.statusCode).toBe(200);
  });

  it('answers an unknown route with route_not_found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?token=abc' });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('route_not_found');
    expect(res.body).not.toContain('abc');
  });

  it('answers an unexpected failure with internal_error and no internal detail', async () => {
    const boom = await makeApp({
      extraFeatures: [
        async (app) => {
          app.get('/test/boom', { config: { access: 'public' } }, async () => {
            throw new Error('database password is hunter2');
          });
        },
      ],
    });
    try {
      boom.app.log.level = 'silent';
      const res = await boom.app.inject({ method: 'GET', url: '/test/boom' });
      expect(res.statusCode).toBe(500);
      expect(errorCode(res)).toBe('internal_error');
      expect(res.body).not.toContain('hunter2');
    } finally {
      await boom.close();
    }
  });
});
