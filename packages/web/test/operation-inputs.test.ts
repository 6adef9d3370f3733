/** The Test tab's form model: inputs read from a Swagger 2.0 operation, and the invoke body built from the form. */
import { describe, expect, it } from 'vitest';
import { invokeInputs, operationInputs } from '../src/api/operation-inputs.ts';

const doc = {
  swagger: '2.0',
  info: { title: 'T', version: '1' },
  parameters: {
    Top: { name: 'top', in: 'query', type: 'integer', 'x-ms-summary': 'Top', 'x-ms-visibility': 'advanced' },
  },
  definitions: {
    Item: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        size: { type: 'string', enum: ['s', 'm'], 'x-ms-visibility': 'important' },
        note: { type: 'string' },
      },
    },
  },
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', type: 'string', 'x-ms-summary': 'Item ID' }],
      get: {
        operationId: 'GetItem',
        parameters: [
          { $ref: '#/parameters/Top' },
          { name: 'kind', in: 'query', type: 'string', enum: ['a', 'b'], required: true },
          { name: 'api-version', in: 'query', type: 'string', default: '2024', 'x-ms-visibility': 'internal' },
          { name: 'verbose', in: 'header', type: 'boolean' },
        ],
      },
      put: {
        operationId: 'PutItem',
        parameters: [{ name: 'item', in: 'body', schema: { $ref: '#/definitions/Item' } }],
      },
    },
  },
};

describe('operationInputs', () => {
  it('reads path-level and operation parameters with labels, enums, visibility and resolved references', () => {
    const inputs = operationInputs(doc, 'GetItem');
    expect(inputs?.map((i) => [i.name, i.in, i.label, i.required, i.visibility ?? ''])).toEqual([
      ['id', 'path', 'Item ID', true, ''],
      ['top', 'query', 'Top', false, 'advanced'],
      ['kind', 'query', 'kind', true, ''],
      ['api-version', 'query', 'api-version', false, 'internal'],
      ['verbose', 'header', 'verbose', false, ''],
    ]);
    expect(inputs?.find((i) => i.name === 'kind')?.enum).toEqual(['a', 'b']);
    expect(inputs?.find((i) => i.name === 'api-version')?.default).toBe('2024');
  });

  it('gives a body a JSON skeleton of its required and important properties', () => {
    const body = operationInputs(doc, 'PutItem')?.find((i) => i.in === 'body');
    expect(body?.in).toBe('body');
    expect(JSON.parse(body?.example ?? 'null')).toEqual({ name: '', size: 's' });
  });

  it('answers undefined for an operation the definition does not have', () => {
    expect(operationInputs(doc, 'Nope')).toBeUndefined();
  });
});

describe('invokeInputs', () => {
  it('types numbers and booleans, parses the body and leaves empty fields out', () => {
    const inputs = [...(operationInputs(doc, 'GetItem') ?? []), ...(operationInputs(doc, 'PutItem') ?? [])];
    expect(
      invokeInputs(inputs, { id: '7', top: '5', kind: 'a', verbose: 'true', 'api-version': '', item: '{"name":"x"}' }),
    ).toEqual({ id: '7', top: 5, kind: 'a', verbose: true, body: { name: 'x' } });
  });

  it('says which field is wrong when a number or the JSON body cannot be read', () => {
    const inputs = [...(operationInputs(doc, 'GetItem') ?? []), ...(operationInputs(doc, 'PutItem') ?? [])];
    expect(() => invokeInputs(inputs, { top: 'many' })).toThrow('"Top" must be a number.');
    expect(() => invokeInputs(inputs, { item: '{ name: ' })).toThrow('The body is not valid JSON');
  });
});
