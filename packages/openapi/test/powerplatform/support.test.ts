import { describe, expect, it } from 'vitest';
import { pruneUnused } from '../../src/powerplatform/index.ts';
import { countSchemaProperties } from '../../src/powerplatform/rules/pp-schema-size.ts';
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
