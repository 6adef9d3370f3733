import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixtures.ts';
import { portico } from './helpers/io.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'portico-cli-convert-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('portico convert', () => {
  it('prints the Swagger 2.0 conversion as JSON on stdout', async () => {
    const result = await portico(['convert', 'petstore.yaml', '--to', '2.0'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.out) as Record<string, unknown>;
    expect(document.swagger).toBe('2.0');
    expect(document.host).toBe('petstore.example.com');
    expect(Object.keys(document.paths as object)).toEqual(['/pets', '/owners/{ownerId}']);
  });

  it('writes YAML when --out ends in .yaml, and says where on stderr', async () => {
    const target = join(out, 'petstore-31.yaml');
    const result = await portico(['convert', 'petstore.yaml', '--to', '3.1', '--out', target], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toContain('Wrote');
    const document = yaml.load(await readFile(target, 'utf8')) as Record<string, unknown>;
    expect(document.openapi).toMatch(/^3\.1\./);
    expect((await readdir(out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes JSON when --out ends in .json', async () => {
    const target = join(out, 'legacy.json');
    const result = await portico(['convert', 'swagger.json', '--to', '3.0', '--out', target], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect((JSON.parse(await readFile(target, 'utf8')) as { openapi: string }).openapi).toMatch(/^3\.0\./);
  });

  it('lists what cannot be expressed in the target on stderr', async () => {
    const source = [
      'openapi: 3.0.3',
      'info: { title: t, version: "1" }',
      'paths:',
      '  /a:',
      '    get:',
      '      operationId: a',
      '      parameters:',
      '        - { name: session, in: cookie, schema: { type: string } }',
      '      responses: { "200": { description: ok } }',
    ].join('\n');
    const result = await portico(['convert', '-', '--to', '2.0'], { cwd: FIXTURES, stdin: source });
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/Not representable in 2\.0 \(\d+\):/);
    expect(result.err).toContain('/paths/~1a/get/parameters/0');
  });

  it('prints { from, to, out, losses, document } with --json', async () => {
    const result = await portico(['convert', 'petstore.yaml', '--to', '2.0', '--json'], { cwd: FIXTURES });
    const report = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['from', 'to', 'out', 'losses', 'document']);
    expect(report).toMatchObject({ from: '3.0.3', to: '2.0', out: null });
    expect((report.document as { swagger: string }).swagger).toBe('2.0');
  });

  it('requires --to and checks its value', async () => {
    expect((await portico(['convert', 'petstore.yaml'], { cwd: FIXTURES })).code).toBe(2);
    const bad = await portico(['convert', 'petstore.yaml', '--to', '4.0'], { cwd: FIXTURES });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('4.0');
  });

  it('exits 2 for malformed input and writes nothing', async () => {
    const target = join(out, 'never.json');
    const result = await portico(['convert', 'malformed.yaml', '--to', '2.0', '--out', target], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(await readdir(out)).not.toContain('never.json');
  });
});
