import { describe, expect, it } from 'vitest';
import { childPointer, getAt, parsePointer, toPointer } from '../../src/pointer.ts';
import { eachOperation, resolveInternal } from '../../src/walk.ts';

describe('JSON Pointer helpers', () => {
  it('escapes ~ and / in tokens and round-trips', () => {
    const tokens = ['paths', '/pets/{id}', 'get', 'a~b'];
    const pointer = toPointer(tokens);
    expect(pointer).toBe('/paths/~1pets~1{id}/get/a~0b');
    expect(parsePointer(pointer)).toEqual(tokens);
  });

  it('accepts the URI fragment form with percent-encoding', () => {
    expect(parsePointer('#/components/schemas/Pet%20Owner')).toEqual(['components', 'schemas', 'Pet Owner']);
  });

  it('rejects a pointer that does not start with a slash', () => {
    expect(() => parsePointer('paths')).toThrow(/must be empty or start with "\/"/);
  });

  it('reads values through objects and arrays and returns undefined for missing steps', () => {
    const doc = { a: [{ b: 1 }], 'x/y': { '~': true } };
    expect(getAt(doc, '/a/0/b')).toBe(1);
    expect(getAt(doc, '/x~1y/~0')).toBe(true);
    expect(getAt(doc, '/a/1/b')).toBeUndefined();
    expect(getAt(doc, '/a/01')).toBeUndefined();
    expect(getAt(doc, '/constructor')).toBeUndefined();
  });

  it('appends escaped child tokens', () => {
    expect(childPointer('/paths', '/a/b', 'get')).toBe('/paths/~1a~1b/get');
  });
});

describe('walk helpers', () => {
  it('lists operations including those of an internally referenced path item', () => {
    const doc = {
      paths: { '/a': { get: {}, post: {}, parameters: [] }, '/b': { $ref: '#/x-items/b' } },
      'x-items': { b: { delete: { operationId: 'del' } } },
    };
    const ops = eachOperation(doc);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(['get /a', 'post /a', 'delete /b']);
    expect(ops[2]?.pointer).toBe('/paths/~1b/delete');
  });

  it('follows $ref chains and gives up on cycles and broken targets', () => {
    const doc = {
      defs: { a: { $ref: '#/defs/b' }, b: { type: 'string' }, c: { $ref: '#/defs/d' }, d: { $ref: '#/defs/c' } },
    };
    expect(resolveInternal(doc, { $ref: '#/defs/a' })).toEqual({ type: 'string' });
    expect(resolveInternal(doc, { $ref: '#/defs/c' })).toBeUndefined();
    expect(resolveInternal(doc, { $ref: '#/defs/missing' })).toBeUndefined();
    expect(resolveInternal(doc, { $ref: 'other.yaml#/x' })).toBeUndefined();
  });
});
