import { describe, expect, it } from 'vitest';
import { arrayItemsDefined } from '../../src/validate/rules/array-items-defined.ts';
import { formdataConsumes } from '../../src/validate/rules/formdata-consumes.ts';
import { noBodyAndFormdata } from '../../src/validate/rules/no-body-and-formdata.ts';
import { oneBodyParameter } from '../../src/validate/rules/one-body-parameter.ts';
import { parameterUnique } from '../../src/validate/rules/parameter-unique.ts';
import { schemaEnumTypeMatch } from '../../src/validate/rules/schema-enum-type-match.ts';
import { check, oas3, ok, pointers, swagger2 } from './fixtures.ts';

const q = (name: string) => ({ name, in: 'query', type: 'string' });
const body = (name: string) => ({ name, in: 'body', schema: { type: 'object' } });

describe('parameter-unique', () => {
  it('accepts the same name in different locations and an operation overriding a path parameter', () => {
    const doc = swagger2({
      '/a': {
        parameters: [q('id')],
        get: { parameters: [q('id'), { name: 'id', in: 'header', type: 'string' }], responses: ok },
      },
    });
    expect(check(parameterUnique, doc)).toEqual([]);
  });

  it('reports a duplicate in one list, comparing header names case-insensitively and following $ref', () => {
    const doc = swagger2(
      {
        '/a': {
          get: {
            parameters: [
              { name: 'X-Key', in: 'header', type: 'string' },
              { name: 'x-key', in: 'header', type: 'string' },
              q('p'),
              { $ref: '#/parameters/p' },
            ],
            responses: ok,
          },
        },
      },
      { parameters: { p: q('p') } },
    );
    expect(pointers(check(parameterUnique, doc))).toEqual([
      '/paths/~1a/get/parameters/1',
      '/paths/~1a/get/parameters/3',
    ]);
  });
});

describe('no-body-and-formdata', () => {
  it('accepts formData alone and reports body plus formData, also across path and operation', () => {
    const form = { name: 'f', in: 'formData', type: 'string' };
    const doc = swagger2({
      '/ok': { post: { parameters: [form], responses: ok } },
      '/bad': { parameters: [form], post: { parameters: [body('b')], responses: ok } },
    });
    expect(pointers(check(noBodyAndFormdata, doc))).toEqual(['/paths/~1bad/post/parameters/0']);
  });

  it('does not apply to OpenAPI 3', () => {
    const doc = oas3({ '/a': { post: { parameters: [body('b'), { name: 'f', in: 'formData' }], responses: ok } } });
    expect(check(noBodyAndFormdata, doc, '3.0')).toEqual([]);
  });
});

describe('one-body-parameter', () => {
  it('accepts one body and reports the second one', () => {
    const doc = swagger2({
      '/ok': { post: { parameters: [body('a')], responses: ok } },
      '/bad': { post: { parameters: [body('a'), body('b')], responses: ok } },
    });
    expect(pointers(check(oneBodyParameter, doc))).toEqual(['/paths/~1bad/post/parameters/1']);
  });

  it('lets an operation body override the path item body', () => {
    const doc = swagger2({ '/a': { parameters: [body('a')], post: { parameters: [body('a')], responses: ok } } });
    expect(check(oneBodyParameter, doc)).toEqual([]);
  });
});

describe('array-items-defined', () => {
  it('accepts arrays with items and reports arrays without, in parameters and schemas', () => {
    const doc = swagger2(
      { '/a': { get: { parameters: [{ name: 'ids', in: 'query', type: 'array' }], responses: ok } } },
      { definitions: { Good: { type: 'array', items: {} }, Bad: { properties: { tags: { type: 'array' } } } } },
    );
    expect(pointers(check(arrayItemsDefined, doc)).sort()).toEqual([
      '/definitions/Bad/properties/tags',
      '/paths/~1a/get/parameters/0',
    ]);
  });

  it('reports an object reached at two places (a shared subtree) at both, in document order', () => {
    const shared = { type: 'array' };
    const doc = swagger2(
      {},
      {
        definitions: {
          A: { properties: { x: shared } },
          B: { items: { type: 'array', items: shared }, 'x-note': shared },
        },
      },
    );
    expect(pointers(check(arrayItemsDefined, doc))).toEqual([
      '/definitions/A/properties/x',
      '/definitions/B/items/items',
    ]);
  });

  it('ignores example data and does not apply to 3.1', () => {
    const doc = oas3({}, { components: { schemas: { A: { type: 'array', items: {}, example: { type: 'array' } } } } });
    expect(check(arrayItemsDefined, doc, '3.0')).toEqual([]);
    const doc31 = oas3({}, { components: { schemas: { A: { type: 'array' } } } }, '3.1.0');
    expect(check(arrayItemsDefined, doc31, '3.1')).toEqual([]);
  });
});

describe('formdata-consumes', () => {
  const field = { name: 'f', in: 'formData', type: 'string' };
  const file = { name: 'upload', in: 'formData', type: 'file' };

  it('accepts form media types from the operation or the document', () => {
    const doc = swagger2(
      {
        '/a': { post: { parameters: [field], responses: ok } },
        '/b': { post: { consumes: ['multipart/form-data; boundary=x'], parameters: [file], responses: ok } },
      },
      { consumes: ['application/x-www-form-urlencoded'] },
    );
    expect(check(formdataConsumes, doc)).toEqual([]);
  });

  it('reports formData without a form media type and a file without multipart', () => {
    const doc = swagger2({
      '/a': { post: { consumes: ['application/json'], parameters: [field], responses: ok } },
      '/b': { post: { consumes: ['application/x-www-form-urlencoded'], parameters: [file], responses: ok } },
      '/c': { post: { parameters: [field], responses: ok } },
    });
    const findings = check(formdataConsumes, doc);
    expect(pointers(findings)).toEqual(['/paths/~1a/post/consumes', '/paths/~1b/post/consumes', '/paths/~1c/post']);
    expect(findings[1]!.message).toContain('multipart/form-data');
  });
});

describe('schema-enum-type-match', () => {
  it('accepts matching values, null when nullable, and types it does not know', () => {
    const doc = oas3(
      {
        '/a': {
          get: { parameters: [{ name: 'n', in: 'query', schema: { type: 'integer', enum: [1, 2] } }], responses: ok },
        },
      },
      {
        components: {
          schemas: {
            A: { type: 'string', nullable: true, enum: ['a', null] },
            B: { type: ['string', 'null'], enum: ['b', null] },
            C: { type: 'object', enum: [{ a: 1 }], example: { type: 'string', enum: [1] } },
          },
        },
      },
    );
    expect(check(schemaEnumTypeMatch, doc, '3.0')).toEqual([]);
  });

  it('reports values of the wrong type in schemas and 2.0 parameters', () => {
    const doc = swagger2(
      {
        '/a': {
          get: { parameters: [{ name: 'n', in: 'query', type: 'integer', enum: [1, '2', 2.5] }], responses: ok },
        },
      },
      { definitions: { A: { type: 'string', enum: ['a', 1, null] } } },
    );
    expect(pointers(check(schemaEnumTypeMatch, doc))).toEqual([
      '/paths/~1a/get/parameters/0/enum/1',
      '/paths/~1a/get/parameters/0/enum/2',
      '/definitions/A/enum/1',
      '/definitions/A/enum/2',
    ]);
  });
});
