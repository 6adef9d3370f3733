import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportConnector, MAX_DEFINITION_BYTES, readConnectorPackage } from '../../src/powerplatform/index.ts';
import type { JsonObject, JsonValue } from '../../src/types.ts';
import { eachOperation } from '../../src/walk.ts';
import { CORPUS_DIR, checkPackage, schemaViolations } from '../helpers/check-package.ts';

const connectors = readdirSync(CORPUS_DIR).sort();

function files(name: string) {
  const dir = new URL(`${encodeURIComponent(name)}/`, CORPUS_DIR);
  return {
    apiDefinition: new Uint8Array(readFileSync(new URL('apiDefinition.swagger.json', dir))),
    apiProperties: new Uint8Array(readFileSync(new URL('apiProperties.json', dir))),
  };
}

/** Every x-ms-* key anywhere in a document, as pointer → serialized value. */
function msExtensions(node: JsonValue, pointer = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(node))
    node.forEach((v, i) => {
      msExtensions(v, `${pointer}/${i}`, out);
    });
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.startsWith('x-ms-')) out.set(at, JSON.stringify(value));
      msExtensions(value, at, out);
    }
  }
  return out;
}

const operations = (doc: JsonObject) =>
  eachOperation(doc).map((op) => ({
    id: op.operation.operationId,
    method: op.method,
    path: op.path,
    parameters: op.operation.parameters ?? null,
  }));

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('Power Platform corpus (64 certified and independent-publisher connectors)', () => {
  it('holds 64 connectors', () => {
    expect(connectors).toHaveLength(64);
  });

  it.each(connectors)('reads %s back without error findings', (name) => {
    const read = readConnectorPackage(files(name));
    expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(read.definition.swagger).toBe('2.0');
  });

  it.each(connectors)(
    'round-trips %s preserving operations, parameters, security and every x-ms-* extension',
    async (name) => {
      const original = files(name);
      const first = readConnectorPackage(original);
      const result = exportConnector({ document: first.definition, version: '2.0', properties: first.properties }, {});
      expect(result.packages).toHaveLength(1);
      const pkg = result.packages[0]!;
      const again = readConnectorPackage({
        apiDefinition: pkg.files['apiDefinition.swagger.json'],
        apiProperties: pkg.files['apiProperties.json'],
      });
      expect(again.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(operations(again.definition)).toEqual(operations(first.definition));
      expect(again.definition.securityDefinitions).toEqual(first.definition.securityDefinitions);
      expect(again.definition.security).toEqual(first.definition.security);
      expect(msExtensions(again.definition)).toEqual(msExtensions(first.definition));
      expect(again.definition).toEqual(first.definition);
      // Every safe deviation was normalized on the way out: reading the export normalizes nothing more.
      expect(again.normalizations).toEqual([]);
      // Connection parameters and policies survive (client secrets never do).
      expect(JSON.stringify(again.properties)).not.toMatch(/"oAuthSettings":\{[^{}]*"clientSecret"/i);
      const props = (p: JsonObject) => (p.properties as JsonObject | undefined) ?? {};
      expect(Object.keys(props(again.properties).connectionParameters ?? {})).toEqual(
        Object.keys(props(first.properties).connectionParameters ?? {}),
      );
      expect(props(again.properties).policyTemplateInstances).toEqual(props(first.properties).policyTemplateInstances);

      const before = schemaViolations({
        'apiDefinition.swagger.json': text(original.apiDefinition),
        'apiProperties.json': text(original.apiProperties),
      });
      const after = schemaViolations(pkg.files);
      expect(after.apiDefinition).toBeLessThanOrEqual(before.apiDefinition);
      expect(after.apiProperties).toBeLessThanOrEqual(before.apiProperties);
      // The original is run through swagger-parser only when the re-export fails it (one corpus file does:
      // JotForm's templated host), which keeps this test fast.
      const exported = await checkPackage(pkg.files, { limit: Number.POSITIVE_INFINITY });
      const originalFiles = {
        'apiDefinition.swagger.json': text(original.apiDefinition),
        'apiProperties.json': text(original.apiProperties),
      };
      const parser = exported.some((p) => p.includes('(swagger-parser)'));
      const originalProblems = new Set(await checkPackage(originalFiles, { limit: Number.POSITIVE_INFINITY, parser }));
      const newProblems = exported.filter(
        (p) => !originalProblems.has(p) && !p.startsWith('apiProperties.json') && !p.includes('line endings'),
      );
      expect(newProblems).toEqual([]);

      if (pkg.report.stats.bytes > MAX_DEFINITION_BYTES) {
        expect(pkg.report.importable).toBe(false);
        expect(pkg.report.findings.some((f) => f.rule === 'pp-definition-size' && f.severity === 'error')).toBe(true);
      }
    },
  );
});
