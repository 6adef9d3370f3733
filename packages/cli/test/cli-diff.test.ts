import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixtures.ts';
import { startServer } from './helpers/http-server.ts';
import { portico } from './helpers/io.ts';

/** The golden diff cases of the OpenAPI core: old.yaml, new.yaml and the expected changes. */
const GOLDEN = join(import.meta.dirname, '../../openapi/test/fixtures/diff');
const golden = (name: string, file: string) => join(GOLDEN, name, file);

interface JsonChange {
  kind: string;
  breaking: boolean;
  classification: string;
  operationId?: string;
  method?: string;
  path?: string;
  message: string;
}

describe('portico diff', () => {
  it('exits 0 and prints no changes for the same definition', async () => {
    const result = await portico(['diff', 'petstore.yaml', 'petstore.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ changes: [], summary: { breaking: 0, nonBreaking: 0, unknown: 0 } });
  });

  it('exits 1 when a change breaks clients, and prints each change with kind, breaking and message', async () => {
    const result = await portico(['diff', 'petstore.yaml', 'invalid.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    const { changes } = JSON.parse(result.out) as { changes: JsonChange[] };
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(typeof change.kind).toBe('string');
      expect(typeof change.breaking).toBe('boolean');
      expect(typeof change.message).toBe('string');
    }
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'operation-removed', breaking: true, operationId: 'getOwner', method: 'GET' }),
    );
  });

  it('prints the same changes as the core for files read from disk', async () => {
    for (const name of ['operations', 'parameters', 'swagger2-to-openapi3']) {
      const result = await portico(['diff', golden(name, 'old.yaml'), golden(name, 'new.yaml'), '--json']);
      const expected = JSON.parse(readFileSync(golden(name, 'expected.json'), 'utf8')) as {
        changes: JsonChange[];
        summary: { breaking: number };
      };
      expect(JSON.parse(result.out).changes).toEqual(expected.changes);
      expect(result.code).toBe(expected.summary.breaking > 0 ? 1 : 0);
    }
  });

  it('exits 0 when every change is an addition, reading the new definition from stdin', async () => {
    const source = readFileSync(join(FIXTURES, 'petstore.yaml'), 'utf8');
    const added = source.replace(
      'paths:\n',
      'paths:\n  /health:\n    get:\n      operationId: getHealth\n      responses:\n        "200": { description: ok }\n',
    );
    const result = await portico(['diff', 'petstore.yaml', '-', '--json'], { cwd: FIXTURES, stdin: added });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).changes).toEqual([
      expect.objectContaining({ kind: 'operation-added', breaking: false, operationId: 'getHealth', path: '/health' }),
    ]);
  });

  it('lists breaking changes first, grouped by operation, and ends with a one-line summary', async () => {
    const result = await portico(['diff', golden('request-bodies', 'old.yaml'), golden('request-bodies', 'new.yaml')]);
    expect(result.code).toBe(1);
    const lines = result.out.trimEnd().split('\n');
    const breaking = lines.indexOf('Breaking (10):');
    const review = lines.indexOf('Cannot tell, review (3):');
    const harmless = lines.indexOf('Not breaking (7):');
    expect(breaking).toBeGreaterThan(0);
    expect(review).toBeGreaterThan(breaking);
    expect(harmless).toBeGreaterThan(review);
    expect(lines[breaking + 1]).toBe('  POST /orders (createOrder)');
    expect(lines[breaking + 2]).toBe(
      '    - The request body no longer offers application/xml. Callers must send the body in one of the remaining media types.  [request-body-media-type-removed]',
    );
    const createOrderHeadings = lines.slice(breaking, review).filter((line) => line === '  POST /orders (createOrder)');
    expect(createOrderHeadings).toHaveLength(1);
    expect(lines.at(-1)).toBe('20 changes: 10 breaking, 3 to review, 7 not breaking; existing clients may break.');
  });

  it('says on stderr what a Swagger 2.0 comparison could not compare', async () => {
    const result = await portico([
      'diff',
      golden('swagger2-to-openapi3', 'old.yaml'),
      golden('swagger2-to-openapi3', 'new.yaml'),
    ]);
    expect(result.err).toContain('Not compared (no equivalent in 2.0) (4):');
    expect(result.err).toContain('cookie-parameter');
    expect(result.out).toContain(
      'GET /pets (listPets)\n    - The query parameter "api-version" was added as required.',
    );
  });

  it('reads a definition from a URL', async () => {
    const text = readFileSync(golden('operations', 'old.yaml'), 'utf8');
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end(text);
    });
    try {
      const result = await portico(['diff', `${server.url}/old.yaml`, golden('operations', 'new.yaml'), '--json']);
      expect(result.err).toBe('');
      expect(result.code).toBe(1);
      expect(JSON.parse(result.out).changes).toContainEqual(
        expect.objectContaining({ kind: 'operation-removed', operationId: 'listStores' }),
      );
    } finally {
      await server.close();
    }
  });

  it('refuses stdin for both sides, and exits 2 for an unusable side', async () => {
    const both = await portico(['diff', '-', '-'], { cwd: FIXTURES, stdin: '{}' });
    expect(both.code).toBe(2);
    expect(both.err).toContain('Only one of the two definitions can come from stdin');
    expect((await portico(['diff', 'petstore.yaml', 'malformed.json'], { cwd: FIXTURES })).code).toBe(2);
    const missing = await portico(['diff', 'missing.yaml', 'petstore.yaml'], { cwd: FIXTURES });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing.yaml');
    expect((await portico(['diff', 'petstore.yaml'], { cwd: FIXTURES })).code).toBe(2);
  });
});
