import { describe, expect, it } from 'vitest';
import {
  type ExportedPackage,
  type ExportInput,
  type ExportOptions,
  type ExportResult,
  exportConnector as exportRaw,
  MAX_OPERATIONS,
} from '../../src/powerplatform/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { checkPackage } from '../helpers/check-package.ts';
import { cleanDocument, parts } from './documents.ts';

/** Every package these tests export goes through the independent checks; importable ones must pass them. */
async function exportConnector(input: ExportInput, options: ExportOptions = {}): Promise<ExportResult> {
  const result = exportRaw(input, options);
  for (const pkg of result.packages) {
    const problems = await checkPackage(pkg.files);
    if (pkg.report.importable) expect(problems, pkg.name).toEqual([]);
  }
  return result;
}

const json = (pkg: ExportedPackage, file: keyof ExportedPackage['files']) => JSON.parse(pkg.files[file]) as JsonObject;

describe('exportConnector', () => {
  it('exports a clean 2.0 document unchanged, importable, with an API key connection parameter', async () => {
    const input = cleanDocument();
    const before = JSON.stringify(input);
    const result = await exportConnector({ document: input, version: '2.0' });
    expect(JSON.stringify(input)).toBe(before);
    expect(result).toMatchObject({ importable: true, findings: [] });
    const [pkg] = result.packages;
    expect(pkg!.name).toBe('connector');
    expect(json(pkg!, 'apiDefinition.swagger.json')).toEqual(cleanDocument());
    expect(
      Object.keys((json(pkg!, 'apiProperties.json').properties as JsonObject).connectionParameters as JsonObject),
    ).toEqual(['api_key']);
    expect(pkg!.report.stats).toEqual({
      operations: 3,
      bytes: pkg!.files['apiDefinition.swagger.json'].length,
      schemas: 1,
    });
    expect(await checkPackage(pkg!.files)).toEqual([]);
  });

  it('locates findings of a 2.0 input in its source text', async () => {
    const doc = cleanDocument();
    delete parts(doc).limit['x-ms-summary'];
    const result = await exportConnector({
      document: doc,
      version: '2.0',
      locate: (p) => (p.startsWith('/paths') ? { line: 7, column: 3 } : undefined),
    });
    expect(result.packages[0]!.report.findings).toContainEqual(
      expect.objectContaining({ rule: 'pp-parameter-summary', line: 7, column: 3 }),
    );
  });

  it('is not importable when an error remains, and says why', async () => {
    const doc = cleanDocument();
    parts(doc).getPet.operationId = 'ListPets';
    const result = await exportConnector({ document: doc, version: '2.0' });
    expect(result.importable).toBe(false);
    expect(result.packages[0]!.report.findings).toContainEqual(
      expect.objectContaining({ rule: 'pp-operation-id-unique', severity: 'error' }),
    );
    expect((await exportConnector({ document: doc, version: '2.0' }, { fix: true })).importable).toBe(true);
  });

  it('filters by tag or operationId, warns about names that match nothing, and fails when nothing is left', async () => {
    const doc = cleanDocument();
    parts(doc).listPets.tags = ['Pets'];
    const byTag = await exportConnector(
      { document: doc, version: '2.0' },
      { includeTags: ['pets', 'Owners'], includeOperations: ['GetPet'] },
    );
    expect(byTag.packages[0]!.report.stats.operations).toBe(2);
    expect(byTag.findings).toEqual([
      expect.objectContaining({
        rule: 'pp-export-select',
        severity: 'warning',
        message: 'No operation has the tag "Owners".',
      }),
    ]);
    const none = await exportConnector({ document: doc, version: '2.0' }, { includeOperations: ['Nope'] });
    expect(none).toMatchObject({ packages: [], importable: false });
    expect(none.findings.map((f) => f.severity)).toEqual(['warning', 'error']);
  });

  it('splits a tag with more than 256 operations into numbered parts, each importable', async () => {
    const doc = cleanDocument();
    for (let i = 0; i < 300; i++) {
      parts(doc).paths[`/things/${i}`] = {
        get: {
          tags: ['Things'],
          operationId: `GetThing${i}`,
          summary: `Get thing ${i}`,
          responses: { '200': { description: 'OK' } },
        },
      };
    }
    const progress: string[] = [];
    const result = await exportConnector(
      { document: doc, version: '2.0' },
      { splitByTag: true, onProgress: (stage, done, total) => progress.push(`${stage} ${done}/${total}`) },
    );
    expect(result.packages.map((p) => [p.name, p.report.stats.operations])).toEqual([
      ['untagged', 3],
      ['things-1', 150],
      ['things-2', 150],
    ]);
    expect(progress.at(-1)).toBe('package 3/3');
    for (const pkg of result.packages) {
      expect(pkg.report.stats.operations).toBeLessThanOrEqual(MAX_OPERATIONS);
      expect(await checkPackage(pkg.files)).toEqual([]);
    }
    expect(json(result.packages[1]!, 'apiDefinition.swagger.json').info).toMatchObject({
      title: 'Pet Store - Things 1',
    });
    expect(json(result.packages[1]!, 'apiDefinition.swagger.json').definitions).toEqual({});
  });

  it("lists in each split package's report the fixes and losses of its own paths and schemas, and the export-wide ones", async () => {
    const ok = { '200': { description: 'OK' } };
    const body = (name: string) => ({
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
      },
    });
    const doc: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Zoo', version: '1' },
      servers: [{ url: 'https://zoo.example.com/v1' }, { url: 'https://zoo-eu.example.com/v1' }],
      paths: {
        '/cats': { get: { tags: ['Cats'], operationId: 'ListCats', responses: body('Cat') } },
        '/dogs': { get: { tags: ['Dogs'], operationId: 'ListDogs', responses: body('Dog') } },
        '/ping': { get: { tags: ['Dogs'], operationId: 'Ping', responses: ok } },
      },
      components: {
        schemas: {
          Cat: { type: 'object', properties: { name: { type: 'string', nullable: true } } },
          Dog: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
          // Reached by no operation: pruned from every package, so its loss is in no package's report.
          Unused: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        },
      },
    };
    const result = await exportConnector({ document: doc, version: '3.0' }, { fix: true, splitByTag: true });
    const pointers = (name: string) => {
      const pkg = result.packages.find((p) => p.name === name)!;
      const report = json(pkg, 'report.json') as { losses: Array<{ pointer: string }> };
      expect(report.losses.map((l) => l.pointer)).toEqual(pkg.report.losses.map((l) => l.pointer));
      return report.losses.map((l) => l.pointer);
    };
    const cats = pointers('cats');
    const dogs = pointers('dogs');
    // Both have the export-wide loss (several servers, one host) and only their own schema's.
    for (const list of [cats, dogs]) expect(list.some((p) => p.startsWith('/servers'))).toBe(true);
    expect(cats.filter((p) => p.startsWith('/components/'))).toEqual([
      '/components/schemas/Cat/properties/name/nullable',
    ]);
    expect(dogs.filter((p) => p.startsWith('/components/'))).toEqual(['/components/schemas/Dog/oneOf']);
    expect([...cats, ...dogs].some((p) => p.includes('Unused'))).toBe(false);
  });

  it('keeps the operations a split package calls for dynamic values in that package', async () => {
    const doc = cleanDocument();
    parts(doc).getPet.tags = ['Pets'];
    parts(doc).petId['x-ms-dynamic-values'] = { operationId: 'ListPets', 'value-path': 'id', 'value-title': 'name' };
    const result = await exportConnector({ document: doc, version: '2.0' }, { splitByTag: true });
    const pets = result.packages.find((p) => p.name === 'pets')!;
    const ids = Object.values(
      json(pets, 'apiDefinition.swagger.json').paths as Record<string, Record<string, JsonObject>>,
    ).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids).toEqual(['ListPets', 'GetPet']);
    expect(pets.report.importable).toBe(true);
    expect(await checkPackage(pets.files)).toEqual([]);
  });

  it('carries input package properties and settings, follows renamed operations and never writes a client secret', async () => {
    const doc = cleanDocument();
    parts(doc).listPets.operationId = 'list-pets';
    const properties: JsonObject = {
      properties: {
        iconBrandColor: '#123456',
        connectionParameters: {
          token: {
            type: 'oauthSetting',
            oAuthSettings: {
              identityProvider: 'oauth2',
              clientId: 'abc',
              clientSecret: 's3cr3t',
              customParameters: {},
            },
          },
        },
        policyTemplateInstances: [
          {
            templateId: 'setheader',
            parameters: {
              'x-ms-apimTemplateParameter.name': 'X-Client',
              'x-ms-apimTemplateParameter.value': 'portico',
              'x-ms-apimTemplate-operationName': ['list-pets', 'GetPet'],
            },
          },
        ],
      },
    };
    const result = await exportConnector(
      {
        document: doc,
        version: '2.0',
        properties,
        settings: { connectorId: 'c-1', environment: '00000000-0000-0000-0000-000000000000', icon: 'x.png' },
      },
      { fix: true, iconBrandColor: '#abcdef' },
    );
    const pkg = result.packages[0]!;
    expect(pkg.files['apiProperties.json']).not.toContain('s3cr3t');
    const props = json(pkg, 'apiProperties.json').properties as JsonObject;
    expect(props.iconBrandColor).toBe('#abcdef');
    expect(props.policyTemplateInstances).toEqual([
      {
        templateId: 'setheader',
        parameters: {
          'x-ms-apimTemplateParameter.name': 'X-Client',
          'x-ms-apimTemplateParameter.value': 'portico',
          'x-ms-apimTemplate-operationName': ['listPets', 'GetPet'],
        },
      },
    ]);
    expect(json(pkg, 'settings.json')).toMatchObject({
      connectorId: 'c-1',
      environment: '00000000-0000-0000-0000-000000000000',
    });
    expect(json(pkg, 'settings.json').icon).toBeUndefined();
  });

  it('converts OpenAPI 3 input, lists conversion losses and drops webhooks', async () => {
    const doc: JsonObject = {
      openapi: '3.1.0',
      info: { title: 'Hooks', version: '1', description: 'A service that calls you back when something happens.' },
      servers: [{ url: 'https://hooks.example.com' }],
      paths: {
        '/items': {
          get: {
            operationId: 'ListItems',
            summary: 'List items',
            responses: {
              '200': { description: 'OK', content: { 'application/json': { schema: { type: ['string', 'null'] } } } },
            },
          },
        },
      },
      webhooks: { itemCreated: { post: { responses: { '200': { description: 'OK' } } } } },
    };
    const result = await exportConnector(
      { document: doc, version: '3.1' },
      { fix: true, connectorName: 'Hook Service' },
    );
    const pkg = result.packages[0]!;
    const definition = json(pkg, 'apiDefinition.swagger.json');
    expect(definition.swagger).toBe('2.0');
    expect(definition['x-webhooks']).toBeUndefined();
    expect((definition.info as JsonObject).title).toBe('Hook Service');
    expect(pkg.report.losses.length).toBeGreaterThan(0);
    expect(result.importable).toBe(true);
  });
});

describe('exportConnector on unusable input', () => {
  it('returns an error finding and no package when the document has no paths', async () => {
    const result = await exportConnector({
      document: { openapi: '3.0.3', info: { title: 'x', version: '1' } },
      version: '3.0',
    });
    expect(result).toMatchObject({
      packages: [],
      importable: false,
      findings: [{ rule: 'pp-export-input', severity: 'error' }],
    });
  });
});
