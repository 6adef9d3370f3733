/** convertDocument end to end: version detection, copies, deep and circular documents, round trips, GitHub's API. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/convert/clone.ts';
import { convertDocument, oasVersionOf } from '../../src/convert/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { readDocument, sharedPlaces, unresolvedRefs, validationError } from './helpers.ts';

const fixtures = join(import.meta.dirname, '../fixtures/convert');

describe('convertDocument', () => {
  it('detects the version and names the field when it cannot', () => {
    expect(oasVersionOf({ swagger: '2.0' })).toBe('2.0');
    expect(oasVersionOf({ openapi: '3.1.1' })).toBe('3.1');
    expect(() => oasVersionOf({ openapi: '4.0.0' })).toThrow(/"\/openapi" is "4.0.0"/);
  });

  it('returns a deep copy with no losses when the version does not change', () => {
    const input = readDocument(join(fixtures, 'petstore-30-to-20/input.yaml'));
    const { document, losses } = convertDocument(input, { to: '3.0' });
    expect(document).toEqual(input);
    expect(document).not.toBe(input);
    expect(document.components).not.toBe(input.components);
    expect(losses).toEqual([]);
  });

  it('gives each operation its own copy of a shared request body', () => {
    const body: JsonObject = { $ref: '#/components/requestBodies/Pet' };
    const input: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Pets', version: '1' },
      paths: {
        '/a': { post: { requestBody: body, responses: { '200': { description: 'ok' } } } },
        '/b': { put: { requestBody: body, responses: { '200': { description: 'ok' } } } },
      },
      components: {
        requestBodies: {
          Pet: {
            content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'string' } } } } },
          },
        },
      },
    };
    const paths = convertDocument(input, { to: '2.0' }).document.paths as Record<string, Record<string, JsonObject>>;
    const a = (paths['/a']?.post?.parameters as JsonObject[] | undefined)?.[0];
    const b = (paths['/b']?.put?.parameters as JsonObject[] | undefined)?.[0];
    expect(a?.schema).toBeDefined();
    expect(a).toEqual(b);
    expect(a?.schema).not.toBe(b?.schema);
  });

  it('converts a document that holds one object in several places once, and returns a tree', () => {
    // What YAML anchors without the parser's expansion would give: the same schema and parameter objects twice.
    const shared: JsonObject = { type: 'string', nullable: true };
    const parameter: JsonObject = { name: 'q', in: 'query', schema: { type: 'array', items: shared } };
    const input: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Shared', version: '1' },
      paths: {
        '/a': { get: { parameters: [parameter], responses: { '200': { description: 'ok' } } } },
        '/b': { get: { parameters: [parameter], responses: { '200': { description: 'ok' } } } },
      },
      components: { schemas: { A: { type: 'object', properties: { x: shared, y: shared } } } },
    };
    const { document, losses } = convertDocument(input, { to: '2.0' });
    // The shared schema is downgraded once, so its loss is reported once, at the first place met.
    expect(losses.map((l) => [l.kind, l.pointer])).toEqual([
      ['nullable', '/components/schemas/A/properties/x/nullable'],
    ]);
    const properties = (document.definitions as Record<string, JsonObject>).A!.properties as JsonObject;
    expect(properties.x).toEqual({ type: 'string', 'x-nullable': true });
    expect(properties.y).toEqual(properties.x);
    expect(properties.y).not.toBe(properties.x);
    expect(sharedPlaces(document)).toEqual([]);
  });

  it('converts the document itself when asked to, with the same result as a copy', () => {
    const input = readDocument(join(fixtures, 'schemas-31-to-20/input.yaml'));
    const copy = convertDocument(input, { to: '2.0' });
    const own = structuredClone(input);
    const inPlace = convertDocument(own, { to: '2.0', inPlace: true });
    expect(inPlace.document).toBe(own);
    expect(JSON.stringify(inPlace.document)).toBe(JSON.stringify(copy.document));
    expect(inPlace.losses).toEqual(copy.losses);
  });

  it('refuses a document that contains itself', () => {
    const node: JsonObject = { type: 'object', properties: {} };
    (node.properties as JsonObject).self = node;
    const input: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Cycle', version: '1' },
      paths: {},
      components: { schemas: { Node: node } },
    };
    expect(() => convertDocument(input, { to: '2.0' })).toThrow(/contains a cycle/);
  });

  it('converts circular schemas without expanding them', async () => {
    const input: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Tree', version: '1' },
      paths: {
        '/tree': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Node: {
            type: 'object',
            nullable: true,
            properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
          },
        },
      },
    };
    const { document } = convertDocument(input, { to: '2.0' });
    expect(document.definitions).toEqual({
      Node: {
        type: 'object',
        'x-nullable': true,
        properties: { children: { type: 'array', items: { $ref: '#/definitions/Node' } } },
      },
    });
    expect(await validationError(document)).toBeUndefined();
  });

  it('converts a document nested 5 000 levels deep in every direction', () => {
    const deep: JsonObject = { type: 'object' };
    let node = deep;
    for (let i = 0; i < 5_000; i++) {
      const child: JsonObject = { type: 'object' };
      node.properties = { next: child };
      node = child;
    }
    const input: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Deep', version: '1' },
      paths: {},
      components: { schemas: { Deep: deep } },
    };
    const v2 = convertDocument(input, { to: '2.0' }).document;
    const v31 = convertDocument(v2, { to: '3.1' }).document;
    const v30 = convertDocument(v31, { to: '3.0' }).document;
    expect(jsonEqual(v30, input)).toBe(true);
  });

  it('round-trips a Swagger 2.0 document through 3.0 back to the same operations', async () => {
    const input = readDocument(join(fixtures, 'petstore-20-to-30/input.yaml'));
    const v3 = convertDocument(input, { to: '3.0' });
    const back = convertDocument(v3.document, { to: '2.0' });
    expect(await validationError(back.document)).toBeUndefined();
    const paths = back.document.paths as Record<string, Record<string, JsonObject>>;
    expect(paths['/pets']?.post?.parameters).toEqual([
      { name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/NewPet' }, 'x-ms-summary': 'Pet' },
    ]);
    expect(paths['/pets/{petId}/photo']?.post?.parameters).toEqual([
      { name: 'file', in: 'formData', description: 'The photo.', required: true, type: 'file' },
      { name: 'caption', in: 'formData', type: 'string' },
      { name: 'album', in: 'formData', type: 'string' },
    ]);
    expect(back.document.definitions).toEqual(input.definitions);
    expect(back.document.securityDefinitions).toEqual(input.securityDefinitions);
    expect(back.losses.map((l) => [l.kind, l.pointer])).toEqual([
      ['nullable', '/components/schemas/NewPet/properties/tag/nullable'],
    ]);
  });

  it("converts GitHub's REST API description to a valid Swagger 2.0 document", async () => {
    const path = join(import.meta.dirname, '../../../../node_modules/@octokit/openapi/generated/api.github.com.json');
    const input = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
    const { document, losses } = convertDocument(input, { to: '2.0' });
    expect(document.host).toBe('api.github.com');
    const paths = document.paths as Record<string, Record<string, JsonObject>>;
    const update = paths['/repos/{owner}/{repo}/issues/{issue_number}']?.patch;
    expect(update?.operationId).toBe('issues/update');
    expect(update?.consumes).toEqual(['application/json']);
    expect(update?.parameters).toContainEqual({ $ref: '#/parameters/owner' });
    expect(update?.parameters).toContainEqual(expect.objectContaining({ name: 'body', in: 'body' }));
    expect(paths['/repos/{owner}/{repo}']?.get?.responses).toMatchObject({
      '200': { schema: { $ref: '#/definitions/full-repository' } },
    });
    expect(losses.some((l) => l.kind === 'nullable')).toBe(true);
    expect(unresolvedRefs(document)).toEqual([]);
    expect(await validationError(document)).toBeUndefined();
  });
});
