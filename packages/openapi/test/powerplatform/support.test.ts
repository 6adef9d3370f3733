import { describe, expect, it } from 'vitest';
import { pruneUnused } from '../../src/powerplatform/index.ts';
import { countSchemaProperties } from '../../src/powerplatform/rules/pp-schema-size.ts';
import { byteLength } from '../../src/powerplatform/util/json.ts';
import type { JsonObject } from '../../src/types.ts';
import { checkPackage, stripJsonComments } from '../helpers/check-package.ts';
import { cleanDocument } from './documents.ts';

describe('pruneUnused', () => {
  it('keeps what operations reach through $ref chains, including cycles, and drops the rest', () => {
    const doc = cleanDocument();
    const defs = doc.definitions as Record<string, JsonObject>;
    defs.Pet!.properties = { ...(defs.Pet!.properties as JsonObject), owner: { $ref: '#/definitions/Owner' } };
    defs.Owner = {
      type: 'object',
      properties: {
        pets: { type: 'array', items: { $ref: '#/definitions/Pet' } },
        home: { $ref: '#/definitions/Home' },
      },
    };
    defs.Home = { type: 'object', properties: { owner: { $ref: '#/definitions/Owner' } } };
    defs.Orphan = { type: 'object', properties: { self: { $ref: '#/definitions/Orphan' } } };
    doc.parameters = { unused: { name: 'x', in: 'query', type: 'string' } };
    const { document, removed } = pruneUnused(doc);
    expect(Object.keys(document.definitions as JsonObject)).toEqual(['Pet', 'Owner', 'Home']);
    expect(document.parameters).toEqual({});
    expect(removed).toBe(2);
    expect(doc.parameters).toEqual({ unused: { name: 'x', in: 'query', type: 'string' } });
  });
});

describe('pruneUnused references', () => {
  it('keeps components named by $refs anywhere outside the component maps, examples and extension values too', () => {
    const doc = cleanDocument();
    const defs = doc.definitions as Record<string, JsonObject>;
    for (const name of ['Example', 'Dynamic', 'Root', 'Unused']) defs[name] = { type: 'string' };
    const listPets = ((doc.paths as JsonObject)['/pets'] as JsonObject).get as JsonObject;
    listPets['x-ms-dynamic-schema'] = {
      operationId: 'GetPet',
      parameters: { kind: { $ref: '#/definitions/Dynamic' } },
    };
    listPets.responses = {
      '200': { description: 'OK', examples: { 'application/json': { $ref: '#/definitions/Example' } } },
    };
    doc['x-root'] = { $ref: '#/definitions/Root' };
    const { document } = pruneUnused(doc);
    expect(Object.keys(document.definitions as JsonObject).sort()).toEqual(['Dynamic', 'Example', 'Pet', 'Root']);
  });
});

describe('countSchemaProperties', () => {
  it('counts each referenced definition once, so recursive schemas terminate', () => {
    const doc = cleanDocument();
    (doc.definitions as Record<string, JsonObject>).Node = {
      type: 'object',
      properties: { value: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/Node' } } },
    };
    expect(countSchemaProperties(doc, { $ref: '#/definitions/Node' })).toBe(2);
    expect(
      countSchemaProperties(doc, {
        type: 'object',
        properties: { a: { $ref: '#/definitions/Node' }, b: { $ref: '#/definitions/Node' } },
      }),
    ).toBe(4);
  });
});

describe('countSchemaProperties limits', () => {
  it('counts a definition reached through several paths once and a chain of references by its first name', () => {
    const doc = cleanDocument();
    const defs = doc.definitions as Record<string, JsonObject>;
    defs.Leaf = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
    defs.Alias = { $ref: '#/definitions/Leaf' };
    defs.Tree = {
      type: 'object',
      properties: { left: { $ref: '#/definitions/Leaf' }, right: { $ref: '#/definitions/Leaf' } },
      allOf: [{ $ref: '#/definitions/Alias' }],
    };
    // Tree's 2 properties, Leaf's 2 once by "#/definitions/Leaf", and again by "#/definitions/Alias".
    expect(countSchemaProperties(doc, { $ref: '#/definitions/Tree' })).toBe(6);
    expect(countSchemaProperties(doc, { $ref: '#/definitions/Tree' }, 3)).toBeGreaterThan(3);
    expect(countSchemaProperties(doc, { $ref: '#/definitions/Missing' })).toBe(0);
  });
});

describe('byteLength', () => {
  it('counts the UTF-8 bytes TextEncoder writes, lone surrogates as U+FFFD', () => {
    const samples = [
      '',
      'plain ascii',
      'café ’quotes’ €',
      '日本語のテキスト',
      'emoji 😀 and 𝄞',
      'lone \ud800 and \udc00 end',
      '\u0080\u07ff\u0800\uffff',
    ];
    for (const text of samples) expect(byteLength(text)).toBe(new TextEncoder().encode(text).length);
    expect(byteLength(samples.join('x'.repeat(1000)))).toBe(
      new TextEncoder().encode(samples.join('x'.repeat(1000))).length,
    );
  });
});

describe('check-package helper', () => {
  it('strips // comments outside strings only', () => {
    const text = '{\n  "url": "http://example.com", // a comment\n  "a": "x // y" /* block */\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ url: 'http://example.com', a: 'x // y' });
  });

  it('reports schema and parser problems of a broken package', async () => {
    const doc = cleanDocument();
    doc.host = 'https://bad/host';
    (doc.paths as Record<string, Record<string, JsonObject>>)['/pets']!.get!['x-ms-visibility'] = 'hidden';
    const problems = await checkPackage({
      'apiDefinition.swagger.json': `${JSON.stringify(doc)}\n`,
      'apiProperties.json': '{"properties":{}}\n',
      'settings.json': '{"environment":"not-a-guid"}',
    });
    const sources = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
    expect(sources).toEqual(
      new Set([
        'apiDefinition.swagger.json (Power Platform schema)',
        'apiDefinition.swagger.json (Swagger 2.0 schema)',
        'apiDefinition.swagger.json (swagger-parser)',
        'apiProperties.json (paconn schema)',
        'settings.json (paconn schema)',
        'settings.json',
      ]),
    );
  });
});
