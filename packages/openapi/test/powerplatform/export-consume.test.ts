import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ExportOptions, exportConnector } from '../../src/powerplatform/index.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';

/** Every 3.x input of the export and convert fixtures (the inputs `consumeInput` converts in place). */
const FIXTURES = ['../fixtures/export/', '../fixtures/convert/'].flatMap((folder) => {
  const base = new URL(folder, import.meta.url);
  return readdirSync(base)
    .filter((name) => existsSync(new URL(`${name}/input.yaml`, base)))
    .map((name) => ({ name, url: new URL(`${name}/input.yaml`, base) }));
});

function load(url: URL): JsonObject {
  return parse(readFileSync(url, 'utf8')) as JsonObject;
}

function versionOf(document: JsonObject): OasVersion | undefined {
  if (typeof document.openapi !== 'string') return undefined;
  return document.openapi.startsWith('3.1') ? '3.1' : '3.0';
}

/**
 * A 3.0 document the pre-conversion fixes change (a bearer scheme, a second scheme to drop, operation requirements
 * to prune) and the converter rewrites all over (request bodies, nullable, oneOf, $refs), with objects written at
 * two places (YAML aliases).
 */
const SHARED = `
openapi: 3.0.3
info: { title: Zoo, version: '1' }
servers: [{ url: 'https://zoo.example.com/v1' }]
security: [{ bearer: [] }, { key: [] }]
paths:
  /animals/{id}:
    parameters:
      - &id { name: id, in: path, required: true, schema: { type: string, nullable: true } }
    get:
      operationId: getAnimal
      tags: [animals]
      security: [{ bearer: [] }, { key: [] }]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: &animal
                oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }]
    put:
      operationId: putAnimal
      tags: [keepers]
      parameters: [*id]
      requestBody:
        content: { application/json: { schema: *animal } }
      responses:
        '204': { description: Done }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer, bearerFormat: JWT }
    key: { type: apiKey, in: header, name: X-Key }
  schemas:
    Cat: { type: object, properties: { name: { type: string, nullable: true } } }
    Dog: { type: object, properties: { bark: { type: boolean, example: true } } }
`;

const OPTION_SETS: ExportOptions[] = [{}, { fix: true }, { fix: true, splitByTag: true }];

const INPUTS = [
  { name: 'shared objects', load: () => parse(SHARED) as JsonObject },
  ...FIXTURES.map((f) => ({ name: f.name, load: () => load(f.url) })),
].filter((input) => versionOf(input.load()) !== undefined);

describe('exportConnector consumeInput', () => {
  it('has 3.x inputs to check, one with objects written at two places', () => {
    expect(INPUTS.length).toBeGreaterThan(10);
    const shared = parse(SHARED) as JsonObject;
    const paths = shared.paths as Record<string, Record<string, JsonObject>>;
    expect(paths['/animals/{id}']!.put!.requestBody).toBeDefined();
    expect((paths['/animals/{id}']!.parameters as unknown as JsonObject[])[0]).toBe(
      (paths['/animals/{id}']!.put!.parameters as unknown as JsonObject[])[0],
    );
  });

  for (const input of INPUTS) {
    for (const options of OPTION_SETS) {
      const label = `${input.name} ${JSON.stringify(options)}`;

      it(`leaves the input untouched without it: ${label}`, () => {
        const document = input.load();
        const before = structuredClone(document);
        const text = JSON.stringify(document);
        exportConnector({ document, version: versionOf(document)! }, options);
        expect(JSON.stringify(document)).toBe(text);
        expect(document).toEqual(before);
      });

      it(`exports the same files with it: ${label}`, () => {
        const kept = input.load();
        const expected = exportConnector({ document: kept, version: versionOf(kept)! }, options);
        const handed = input.load();
        const text = JSON.stringify(handed);
        const actual = exportConnector(
          { document: handed, version: versionOf(handed)! },
          { ...options, consumeInput: true },
        );
        expect(actual.packages.map((p) => p.name)).toEqual(expected.packages.map((p) => p.name));
        for (let i = 0; i < expected.packages.length; i++) {
          expect(actual.packages[i]!.files).toEqual(expected.packages[i]!.files);
          expect(actual.packages[i]!.report).toEqual(expected.packages[i]!.report);
        }
        expect(actual.findings).toEqual(expected.findings);
        expect(actual.importable).toBe(expected.importable);
        // The option takes effect: the handed-over document was converted in place.
        expect(JSON.stringify(handed)).not.toBe(text);
      });
    }
  }
});
