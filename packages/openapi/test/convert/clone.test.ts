/** The iterative copy and equality used by every conversion. */
import { describe, expect, it } from 'vitest';
import { deepClone, jsonEqual, unshare } from '../../src/convert/clone.ts';
import type { JsonObject } from '../../src/types.ts';

describe('deepClone', () => {
  it('copies without sharing anything with the input', () => {
    const input: JsonObject = { a: [1, { b: 'c' }], d: { e: null } };
    const copy = deepClone(input);
    expect(copy).toEqual(input);
    expect(copy.a).not.toBe(input.a);
    expect(copy.d).not.toBe(input.d);
  });

  it('keeps a member named __proto__ as a plain member', () => {
    const input = JSON.parse('{"properties": {"__proto__": {"type": "string"}}}') as JsonObject;
    const copy = deepClone(input);
    expect(Object.keys(copy.properties as JsonObject)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.properties)).toBe(Object.prototype);
  });

  it('copies objects shared by several parents once, so anchors stay linear', () => {
    const shared: JsonObject = { type: 'string' };
    const copy = deepClone({ a: shared, b: shared });
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
  });
});

describe('unshare', () => {
  it('gives every place its own copy of an object reached twice', () => {
    const shared: JsonObject = { type: 'object', properties: { a: { type: 'string' } } };
    const document: JsonObject = { x: shared, y: [shared, shared] };
    unshare(document);
    const places = [document.x, ...(document.y as JsonObject[])] as JsonObject[];
    expect(new Set(places).size).toBe(3);
    expect(new Set(places.map((p) => p.properties)).size).toBe(3);
    expect(document).toEqual({ x: shared, y: [shared, shared] });
  });
});

describe('jsonEqual', () => {
  it('compares structure, not key order', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined as never })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
