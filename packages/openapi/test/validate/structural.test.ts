import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/types.ts';
import { MAX_STRUCTURAL_FINDINGS, validateStructure } from '../../src/validate/index.ts';
import { structuralSchema } from '../../src/validate/structural/schemas.ts';
import { oas3, ok, swagger2 } from './fixtures.ts';

const op = (parameters: unknown[]): JsonObject => ({ get: { parameters: parameters as JsonObject[], responses: ok } });

describe('structural validation with the official schemas', () => {
  it('accepts valid 2.0, 3.0 and 3.1 documents', () => {
    const s2 = swagger2({ '/pets/{id}': op([{ name: 'id', in: 'path', required: true, type: 'string' }]) });
    expect(validateStructure(s2, '2.0')).toEqual([]);
    const s3 = oas3({ '/pets/{id}': op([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]) });
    expect(validateStructure(s3, '3.0')).toEqual([]);
    const s31 = oas3({}, { components: { schemas: { Name: { type: ['string', 'null'] } } } }, '3.1.0');
    expect(validateStructure(s31, '3.1')).toEqual([]);
  });

  it('accepts a 3.1 parameter whose schema has type [string, null]', () => {
    const doc = oas3(
      { '/pets/{id}': op([{ name: 'id', in: 'path', required: true, schema: { type: ['string', 'null'] } }]) },
      {},
      '3.1.0',
    );
    expect(validateStructure(doc, '3.1')).toEqual([]);
  });

  it('accepts 3.1 documents with relative $refs, webhooks and no paths', () => {
    const doc: JsonObject = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', license: { name: 'MIT', identifier: 'MIT' } },
      webhooks: {
        petAdded: {
          post: {
            requestBody: { $ref: '#/components/requestBodies/Pet' },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      components: {
        schemas: { Pet: { type: 'object', properties: { tag: { type: ['string', 'null'] } } } },
        requestBodies: {
          Pet: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        },
      },
    };
    expect(validateStructure(doc, '3.1')).toEqual([]);
  });

  it('reports a missing info object at the root in every version', () => {
    for (const [doc, version] of [
      [{ swagger: '2.0', paths: {} }, '2.0'],
      [{ openapi: '3.0.3', paths: {} }, '3.0'],
      [{ openapi: '3.1.0', paths: {} }, '3.1'],
    ] as const) {
      const findings = validateStructure(doc, version);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ rule: 'oas-schema', severity: 'error', pointer: '' });
      expect(findings[0]!.message).toContain('"info"');
    }
  });

  it('reports a bad "in" of a 2.0 parameter once, listing every allowed location', () => {
    const doc = swagger2({ '/pets': op([{ name: 'q', in: 'qurey', type: 'string' }]) });
    const findings = validateStructure(doc, '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.pointer).toBe('/paths/~1pets/get/parameters/0/in');
    for (const where of ['body', 'header', 'formData', 'query', 'path'])
      expect(findings[0]!.message).toContain(`"${where}"`);
    expect(findings[0]!.message).toContain('"qurey"');
  });

  it('reports a bad "in" of a 3.0 and a 3.1 parameter once', () => {
    const p = { name: 'q', in: 'body', schema: { type: 'string' } };
    const f30 = validateStructure(oas3({ '/pets': op([p]) }), '3.0');
    expect(f30.map((f) => f.pointer)).toEqual(['/paths/~1pets/get/parameters/0/in']);
    expect(f30[0]!.message).toContain('"cookie"');
    const f31 = validateStructure(oas3({ '/pets': op([p]) }, {}, '3.1.0'), '3.1');
    expect(f31.map((f) => f.pointer)).toEqual(['/paths/~1pets/get/parameters/0/in']);
  });

  it('explains an unknown property of a 2.0 header parameter with one finding on that property', () => {
    const doc = swagger2({ '/pets': op([{ name: 'X-Id', in: 'header', type: 'string', colour: 'red' }]) });
    const findings = validateStructure(doc, '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.pointer).toBe('/paths/~1pets/get/parameters/0/colour');
    expect(findings[0]!.message).toContain('"colour" is not allowed');
  });

  it('says which required property a 2.0 path parameter misses instead of listing every branch', () => {
    const doc = swagger2({ '/pets/{id}': op([{ name: 'id', in: 'path', type: 'string' }]) });
    const findings = validateStructure(doc, '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.pointer).toBe('/paths/~1pets~1{id}/get/parameters/0');
    expect(findings[0]!.message).toContain('"required"');
  });

  it('says that a 3.0 path parameter must be required: true, not that "in" is wrong', () => {
    const doc = oas3({ '/pets/{id}': op([{ name: 'id', in: 'path', required: false, schema: { type: 'string' } }]) });
    const findings = validateStructure(doc, '3.0');
    expect(findings.map((f) => f.pointer)).toEqual(['/paths/~1pets~1{id}/get/parameters/0/required']);
    expect(findings[0]!.message).toContain('true');
  });

  it('asks for exactly one of schema or content when a 3.0 parameter has neither', () => {
    const doc = oas3({ '/pets': op([{ name: 'q', in: 'query' }]) });
    const findings = validateStructure(doc, '3.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('exactly one of the properties "schema", "content"');
  });

  it('reports a response without description as a missing description, not as a bad $ref', () => {
    const doc = swagger2({ '/pets': { get: { responses: { '200': {} } } } });
    const findings = validateStructure(doc, '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.pointer).toBe('/paths/~1pets/get/responses/200');
    expect(findings[0]!.message).toContain('"description"');
    expect(findings[0]!.message).not.toContain('$ref');
  });

  it('reports a parameter of the wrong JSON type once', () => {
    const doc = swagger2({ '/pets': op(['id']) });
    const findings = validateStructure(doc, '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('must be an object');
  });

  it('explains a list of types in 3.0 with a nullable hint', () => {
    const doc = oas3({}, { components: { schemas: { Name: { type: ['string', 'null'] } } } });
    const findings = validateStructure(doc, '3.0');
    expect(findings.map((f) => f.pointer)).toEqual(['/components/schemas/Name/type']);
    expect(findings[0]!.message).toContain('nullable');
  });

  it('says a path key must start with a slash', () => {
    const findings = validateStructure(oas3({ pets: {} }), '3.0');
    expect(findings.map((f) => f.pointer)).toEqual(['/paths/pets']);
    expect(findings[0]!.message).toContain('must start with "/"');
  });

  it('keeps errors of sibling keywords next to a failed alternative', () => {
    // `name` is required by the 3.0 Parameter object itself, outside its oneOf/allOf alternatives.
    const doc = oas3({ '/pets': op([{ in: 'qury', schema: { type: 'string' } }]) });
    const messages = validateStructure(doc, '3.0').map((f) => f.message);
    expect(messages.some((m) => m.includes('"name"'))).toBe(true);
    expect(messages.some((m) => m.includes('"qury"'))).toBe(true);
  });

  it('picks the security scheme the author meant from its type and flow', () => {
    const doc = swagger2(
      {},
      {
        securityDefinitions: {
          code: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://login.example.com/a', scopes: {} },
          bearer: { type: 'bearer' },
        },
      },
    );
    const findings = validateStructure(doc, '2.0');
    expect(findings.map((f) => [f.pointer, f.message])).toEqual([
      ['/securityDefinitions/bearer/type', '"type" must be one of "basic", "apiKey", "oauth2", not "bearer".'],
      ['/securityDefinitions/code', '"code" is missing the required property "tokenUrl".'],
    ]);
  });

  it('reports a missing 3.0 http scheme once, without "matches more than one form"', () => {
    const doc = oas3({}, { components: { securitySchemes: { h: { type: 'http' } } } });
    const findings = validateStructure(doc, '3.0');
    expect(findings.map((f) => f.message)).toEqual(['"h" is missing the required property "scheme".']);
  });

  it('reports a missing 3.1 apiKey location once, without unevaluated-property noise', () => {
    const doc = oas3({}, { components: { securitySchemes: { k: { type: 'apiKey', name: 'X-Key' } } } }, '3.1.0');
    const findings = validateStructure(doc, '3.1');
    expect(findings.map((f) => f.message)).toEqual(['"k" is missing the required property "in".']);
  });

  it('explains a bad schema type in a 2.0 body through the draft-04 meta-schema it borrows', () => {
    const body = { name: 'b', in: 'body', schema: { type: 'object', properties: { x: { type: 'strin' } } } };
    const findings = validateStructure(swagger2({ '/a': op([body]) }), '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.pointer).toBe('/paths/~1a/get/parameters/0/schema/properties/x/type');
    expect(findings[0]!.message).toContain('"string"');
  });

  it('treats an object with a $ref key as a reference', () => {
    const doc = oas3({}, { components: { schemas: { A: { properties: { c: { $ref: 5 } } } } } });
    const findings = validateStructure(doc, '3.0');
    expect(findings.map((f) => [f.pointer, f.message])).toEqual([
      ['/components/schemas/A/properties/c/$ref', '"$ref" must be a string, not a number (5).'],
    ]);
  });

  it('explains an invalid response code', () => {
    const doc = oas3({ '/a': { get: { responses: { '99': { description: 'x' } } } } });
    const findings = validateStructure(doc, '3.0');
    expect(findings.map((f) => f.pointer)).toEqual(['/paths/~1a/get/responses/99']);
    expect(findings[0]!.message).toContain('Response code "99" is not valid');
  });

  it('treats a templated 2.0 host as a warning because Power Platform accepts it', () => {
    const findings = validateStructure(swagger2({}, { host: '{{your_domain}}' }), '2.0');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', pointer: '/host' });
    const plain = validateStructure(swagger2({}, { host: 'https://api.example.com' }), '2.0');
    expect(plain[0]).toMatchObject({ severity: 'error', pointer: '/host' });
  });

  it('reports a parameter listed twice, by the same $ref or inline with its members in another order', () => {
    const components = {
      parameters: { P: { name: 'p', in: 'query', schema: { type: 'string' } } },
      schemas: { S: { type: 'object', required: ['a', 'b', 'a'] } },
    };
    const inline = { name: 'x', in: 'query', schema: { type: 'string' } };
    const reordered = { schema: { type: 'string' }, in: 'query', name: 'x' };
    const ref = { $ref: '#/components/parameters/P' };
    const twice = (parameters: unknown[]) => validateStructure(oas3({ '/a': op(parameters) }, { components }), '3.0');
    const listedTwice = (parameters: unknown[]) =>
      twice(parameters)
        .filter((f) => f.message.includes('must not list the same item twice'))
        .map((f) => f.pointer);
    expect(listedTwice([ref, inline, ref])).toEqual(['/components/schemas/S/required', '/paths/~1a/get/parameters']);
    expect(listedTwice([inline, ref, reordered])).toEqual([
      '/components/schemas/S/required',
      '/paths/~1a/get/parameters',
    ]);
    expect(listedTwice([ref, inline])).toEqual(['/components/schemas/S/required']);
  });

  it('decides validity with the quick check exactly as the full validator does', () => {
    const documents: Array<[unknown, '2.0' | '3.0' | '3.1']> = [
      [swagger2({ '/a': op([{ name: 'a', in: 'query', type: 'string' }]) }), '2.0'],
      [swagger2({ '/a': op([{ name: 'a', in: 'nowhere', type: 'string' }]) }), '2.0'],
      [swagger2({}, { host: '{{tenant}}.example.com' }), '2.0'],
      [oas3({ '/a': op([{ name: 'a', in: 'query', schema: { type: 'string' } }]) }), '3.0'],
      [oas3({ '/a': op([{ name: 'a', in: 'query' }]) }), '3.0'],
      [oas3({ a: {} }), '3.0'],
      [oas3({}, { components: { schemas: { N: { type: ['string', 'null'] } } } }, '3.1.0'), '3.1'],
      [oas3({}, { components: { securitySchemes: { k: { type: 'apiKey', name: 'k' } } } }, '3.1.0'), '3.1'],
      [{ openapi: '3.0.3' }, '3.0'],
      [[], '2.0'],
    ];
    for (const [document, version] of documents) {
      const schema = structuralSchema(version);
      expect(schema.isValid(document), JSON.stringify(document)).toBe(schema.validate(document));
    }
  });

  it('does not throw on documents that are not objects at all', () => {
    for (const garbage of [null, 42, 'openapi', [], [{ paths: 1 }]]) {
      const findings = validateStructure(garbage, '3.0');
      expect(findings[0]).toMatchObject({ pointer: '', severity: 'error' });
    }
  });

  it('caps the list and ends with a summary finding', () => {
    const paths: JsonObject = {};
    for (let i = 0; i < MAX_STRUCTURAL_FINDINGS + 50; i++) paths[`/p${i}`] = { get: { responses: { '200': {} } } };
    const findings = validateStructure(swagger2(paths), '2.0');
    expect(findings).toHaveLength(MAX_STRUCTURAL_FINDINGS + 1);
    expect(findings[MAX_STRUCTURAL_FINDINGS]!.message).toMatch(/^50 more structural problems/);
  });
});
