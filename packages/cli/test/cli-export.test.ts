import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, type PackageFiles } from '../../openapi/test/helpers/check-package.ts';
import { FIXTURES } from './helpers/fixtures.ts';
import { portico } from './helpers/io.ts';

const PACKAGE_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'report.json', 'settings.json'];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'portico-cli-export-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The package files of a folder, for the independent checker. */
async function packageFiles(dir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  for (const name of ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json'] as const) {
    files[name] = await readFile(join(dir, name), 'utf8');
  }
  return files;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

describe('portico export', () => {
  it('exits 1 without --fix when the input is not importable as it is, lists the reasons and writes nothing', async () => {
    const out = join(root, 'unfixed');
    const source = [
      'openapi: 3.0.3',
      'info: { title: Two auths, version: "1" }',
      'servers: [{ url: "https://two.example.com" }]',
      'paths:',
      '  /a: { get: { operationId: a, summary: A, responses: { "200": { description: ok } } } }',
      'components:',
      '  securitySchemes:',
      '    key: { type: apiKey, in: header, name: X-Key }',
      '    basic: { type: http, scheme: basic }',
    ].join('\n');
    const result = await portico(['export', '-', '--out', out], { cwd: root, stdin: source });
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot be exported as an importable connector');
    expect(result.err).toContain('pp-security-definitions');
    expect(result.err).toContain('--fix');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('writes an importable package with --fix and lists the fixes made', async () => {
    const out = join(root, 'single');
    const result = await portico(['export', 'petstore.yaml', '--out', out, '--fix'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.out).toContain('Exported petstore.yaml (3.0.3) as 1 connector package');
    expect(result.out).toContain('Fixes made (');
    expect((await readdir(out)).sort()).toEqual(PACKAGE_FILES);
    const definition = await readJson(join(out, 'apiDefinition.swagger.json'));
    expect(definition.swagger).toBe('2.0');
    const report = await readJson(join(out, 'report.json'));
    expect(report.importable).toBe(true);
    expect(await checkPackage(await packageFiles(out))).toEqual([]);
  });

  it('writes one package folder per tag with --split-by-tag', async () => {
    const out = join(root, 'split');
    const result = await portico(['export', 'petstore.yaml', '--out', out, '--fix', '--split-by-tag', '--json'], {
      cwd: FIXTURES,
    });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { packages: Array<{ name: string; folder: string; operations: number }> };
    const folders = summary.packages.map((p) => p.folder).sort();
    expect(folders.length).toBe(2);
    expect((await readdir(out)).sort()).toEqual(folders);
    for (const folder of folders) {
      expect((await readdir(join(out, folder))).sort()).toEqual(PACKAGE_FILES);
      expect(await checkPackage(await packageFiles(join(out, folder)))).toEqual([]);
    }
    const operations = Object.fromEntries(summary.packages.map((p) => [p.name, p.operations]));
    expect(Object.values(operations).sort()).toEqual([1, 2]);
  });

  it('prints the summary object with --json', async () => {
    const out = join(root, 'json');
    const result = await portico(['export', 'petstore.yaml', '--out', out, '--fix', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['version', 'out', 'importable', 'packages', 'written', 'errors', 'warnings']);
    expect(summary).toMatchObject({ version: '3.0.3', out, importable: true, errors: [] });
    expect(summary.written).toEqual(PACKAGE_FILES.map((name) => join(out, name)).sort((a, b) => order(a) - order(b)));
    const [pkg] = summary.packages as Array<Record<string, unknown>>;
    expect(pkg).toMatchObject({ name: 'connector', folder: '', importable: true, operations: 3 });
    expect(Array.isArray(pkg?.fixes)).toBe(true);
    expect(Array.isArray(pkg?.losses)).toBe(true);
  });

  it('keeps only the operations asked for with --include-operations and --include-tags', async () => {
    const byId = join(root, 'by-id');
    const r1 = await portico(['export', 'petstore.yaml', '--out', byId, '--fix', '--include-operations', 'getOwner'], {
      cwd: FIXTURES,
    });
    expect(r1.code).toBe(0);
    const d1 = await readJson(join(byId, 'apiDefinition.swagger.json'));
    expect(Object.keys(d1.paths as object)).toEqual(['/owners/{ownerId}']);
    const byTag = join(root, 'by-tag');
    const r2 = await portico(['export', 'petstore.yaml', '--out', byTag, '--fix', '--include-tags', 'pets'], {
      cwd: FIXTURES,
    });
    expect(r2.code).toBe(0);
    const d2 = await readJson(join(byTag, 'apiDefinition.swagger.json'));
    expect(Object.keys(d2.paths as object)).toEqual(['/pets']);
  });

  it('exits 1 when the selection leaves no operation', async () => {
    const result = await portico(
      ['export', 'petstore.yaml', '--out', join(root, 'none'), '--include-operations', 'nothingLikeThis'],
      { cwd: FIXTURES },
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('No operation is left to export');
  });

  it('exits 1 for a broken $ref and writes nothing', async () => {
    const out = join(root, 'broken');
    const result = await portico(['export', 'broken-ref.yaml', '--out', out, '--fix'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    expect(result.err).toContain('#/components/schemas/Missing');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('exits 2 for malformed input', async () => {
    const result = await portico(['export', 'malformed.json', '--out', join(root, 'x')], { cwd: FIXTURES });
    expect(result.code).toBe(2);
  });

  it('exits 2 with a clear message when --out cannot be created, and writes nothing', async () => {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'not a folder');
    const result = await portico(['export', 'petstore.yaml', '--out', join(blocker, 'pkg'), '--fix'], {
      cwd: FIXTURES,
    });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^portico: Cannot write .*a-file.*Nothing was changed/);
  });

  it('prints the reasons in the --json summary when the input is not importable', async () => {
    const result = await portico(['export', 'broken-ref.yaml', '--out', join(root, 'never'), '--json'], {
      cwd: FIXTURES,
    });
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.out) as {
      importable: boolean;
      written: string[];
      errors: Array<{ rule: string }>;
    };
    expect(summary.importable).toBe(false);
    expect(summary.written).toEqual([]);
    expect(summary.errors.map((e) => e.rule)).toContain('ref-resolvable');
  });

  it('requires --out', async () => {
    const result = await portico(['export', 'petstore.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toContain('--out');
  });

  it('carries the properties of a package folder over to the export', async () => {
    const out = join(root, 'from-package');
    const result = await portico(['export', 'package', '--out', out], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    const properties = (await readJson(join(out, 'apiProperties.json'))).properties as Record<string, unknown>;
    expect(properties.publisher).toBe('Example Weather Ltd');
    expect(properties.iconBrandColor).toBe('#123456');
    expect(properties.connectionParameters).toMatchObject({
      api_key: { type: 'securestring', uiDefinition: { displayName: 'Station key' } },
    });
    expect(await checkPackage(await packageFiles(out))).toEqual([]);
  });

  it('produces packages that validate again as Power Platform packages', async () => {
    const out = join(root, 'roundtrip');
    expect((await portico(['export', 'petstore.yaml', '--out', out, '--fix'], { cwd: FIXTURES })).code).toBe(0);
    const again = await portico(['validate', out, '--profile', 'powerplatform', '--json'], { cwd: FIXTURES });
    expect(JSON.parse(again.out).errors).toEqual([]);
    expect(again.code).toBe(0);
  });
});

function order(path: string): number {
  return ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'report.json'].findIndex((n) =>
    path.endsWith(n),
  );
}
