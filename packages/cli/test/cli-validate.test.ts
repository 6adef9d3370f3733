import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from './helpers/fixtures.ts';
import { portico } from './helpers/io.ts';

describe('portico validate', () => {
  it('exits 0 and says so when a definition has no errors', async () => {
    const result = await portico(['validate', 'petstore.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.out).toContain('petstore.yaml: OpenAPI 3.0.3, profile openapi:');
    expect(result.out).not.toContain('Errors');
  });

  it('exits 1 and lists each error with file:line:column, rule, message and pointer', async () => {
    const result = await portico(['validate', 'invalid.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    expect(result.out).toContain('Errors (2):');
    expect(result.out).toMatch(
      /invalid\.yaml:14:7 {2}error {2}operation-operationId-unique {2}.*listPets.* {2}\(\/paths\/~1animals\/get\/operationId\)/,
    );
    expect(result.out).toContain('      fix: ');
    expect(result.err).toBe('');
  });

  it('prints exactly { version, errors, warnings } with --json', async () => {
    const result = await portico(['validate', 'invalid.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'errors', 'warnings']);
    expect(report.version).toBe('3.0.3');
    const errors = report.errors as Array<Record<string, unknown>>;
    expect(errors).toHaveLength(2);
    for (const finding of errors) {
      expect(finding.severity).toBe('error');
      expect(typeof finding.rule).toBe('string');
      expect(typeof finding.message).toBe('string');
      expect(finding.pointer).toMatch(/^\//);
      for (const key of Object.keys(finding)) {
        expect(['rule', 'severity', 'pointer', 'message', 'line', 'column', 'fix', 'source']).toContain(key);
      }
    }
    expect(errors.find((f) => f.rule === 'operation-operationId-unique')).toMatchObject({
      pointer: '/paths/~1animals/get/operationId',
      line: 14,
      column: 7,
    });
  });

  it('reports a broken $ref as an error at the $ref, with exit 1', async () => {
    const result = await portico(['validate', 'broken-ref.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { errors: Array<{ pointer: string; message: string; line?: number }> };
    const broken = report.errors.find((f) => f.message.includes('#/components/schemas/Missing'));
    expect(broken?.pointer).toBe('/paths/~1pets/get/responses/200/content/application~1json/schema/$ref');
    expect(broken?.line).toBe(15);
  });

  it('names the missing file of an external $ref', async () => {
    const result = await portico(['validate', 'missing-file-ref.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    expect(result.out).toContain('File not found');
    expect(result.out).toContain('nowhere.yaml');
  });

  it('places findings about a referenced file in that file', async () => {
    const result = await portico(['validate', 'split/main.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { errors: Array<Record<string, unknown>> };
    expect(report.errors).toContainEqual(
      expect.objectContaining({ source: 'split/schemas.yaml', pointer: '/Pet/properties/age/maximum', line: 10 }),
    );
  });

  it('exits 2 with the position and no stack trace for malformed JSON', async () => {
    const result = await portico(['validate', 'malformed.json'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^portico: malformed\.json:7:1: invalid JSON/);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).not.toContain('    at ');
  });

  it('exits 2 with the position for malformed YAML', async () => {
    const result = await portico(['validate', 'malformed.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^portico: malformed\.yaml:\d+:\d+: invalid YAML/);
  });

  it('exits 2 and names the file when it does not exist', async () => {
    const result = await portico(['validate', 'nope.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toContain('File not found');
    expect(result.err).toContain('nope.yaml');
  });

  it('exits 2 for a folder that is not a connector package', async () => {
    const result = await portico(['validate', 'split'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toContain('is a folder but not a connector package');
  });

  it('exits 2 for a document that is not OpenAPI', async () => {
    const result = await portico(['validate', '-'], { cwd: FIXTURES, stdin: '{"name": "package.json?"}' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^portico: /);
  });

  it('reads the definition from stdin with "-"', async () => {
    const text = await readFile(fixture('invalid.yaml'), 'utf8');
    const result = await portico(['validate', '-', '--json'], { cwd: FIXTURES, stdin: text });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.out) as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('exits 2 when stdin is empty', async () => {
    const result = await portico(['validate', '-'], { cwd: FIXTURES, stdin: '' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('Nothing was read from stdin');
  });

  it('exits 2 on an unknown profile or option', async () => {
    expect((await portico(['validate', 'petstore.yaml', '--profile', 'azure'], { cwd: FIXTURES })).code).toBe(2);
    expect((await portico(['validate', 'petstore.yaml', '--frobnicate'], { cwd: FIXTURES })).code).toBe(2);
  });

  it('checks the Swagger 2.0 conversion of a 3.x input under the powerplatform profile', async () => {
    const plain = await portico(['validate', 'petstore.yaml', '--json'], { cwd: FIXTURES });
    const pp = await portico(['validate', 'petstore.yaml', '--profile', 'powerplatform', '--json'], { cwd: FIXTURES });
    const ppReport = JSON.parse(pp.out) as { warnings: Array<{ rule: string; source?: string }> };
    const ppFindings = ppReport.warnings.filter((f) => f.rule.startsWith('pp-'));
    expect(ppFindings.length).toBeGreaterThan(0);
    for (const f of ppFindings) expect(f.source).toBe('petstore.yaml (as Swagger 2.0)');
    expect(JSON.parse(plain.out).warnings.some((f: { rule: string }) => f.rule.startsWith('pp-'))).toBe(false);
  });

  it('maps Power Platform findings of a 2.0 input back to its lines', async () => {
    const result = await portico(['validate', 'swagger.json', '--profile', 'powerplatform', '--json'], {
      cwd: FIXTURES,
    });
    const report = JSON.parse(result.out) as { errors: Array<Record<string, unknown>> };
    const missingId = report.errors.find((f) => f.rule === 'pp-operation-id-required');
    expect(missingId).toMatchObject({ pointer: '/paths/~1items/get', line: 9, column: 7 });
    expect(missingId?.source).toBeUndefined();
    expect(result.code).toBe(1);
  });

  it('validates a connector package folder, including its apiProperties.json', async () => {
    const result = await portico(['validate', 'package', '--profile', 'powerplatform'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.out).toContain('package/apiDefinition.swagger.json: Swagger 2.0');
  });

  it('draws progress on a terminal and clears it before the result', async () => {
    const result = await portico(['validate', 'petstore.yaml'], { cwd: FIXTURES, tty: true });
    expect(result.err).toContain('\r\x1b[Kportico: validating…');
    expect(result.err.endsWith('\r\x1b[K')).toBe(true);
    expect(result.out).toContain('profile openapi');
  });

  it('shows progress stages on stderr with --progress, keeping stdout clean', async () => {
    const result = await portico(['validate', 'petstore.yaml', '--json', '--progress'], { cwd: FIXTURES });
    expect(result.err).toContain('portico: parsing…');
    expect(result.err).toContain('portico: validating…');
    expect(() => JSON.parse(result.out)).not.toThrow();
  });
});
