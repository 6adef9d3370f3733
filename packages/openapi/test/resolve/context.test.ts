import { describe, expect, it } from 'vitest';
import { areaFor, kindAt, resolveUri, splitRef } from '../../src/resolve/index.ts';

describe('kindAt', () => {
  it('names the OpenAPI 3 object at common locations', () => {
    const op = ['paths', '/a', 'post'];
    expect(kindAt('3.0', [...op, 'responses', '200'])).toBe('response');
    expect(kindAt('3.0', [...op, 'parameters', '0'])).toBe('parameter');
    expect(kindAt('3.0', [...op, 'requestBody'])).toBe('requestBody');
    expect(kindAt('3.0', [...op, 'requestBody', 'content', 'application/json', 'schema', 'properties', 'x'])).toBe(
      'schema',
    );
    expect(kindAt('3.0', [...op, 'responses', '200', 'headers', 'X-Rate'])).toBe('header');
    expect(kindAt('3.0', [...op, 'responses', '200', 'links', 'next'])).toBe('link');
    expect(kindAt('3.0', [...op, 'callbacks', 'done', '{$request.body#/url}', 'post', 'requestBody'])).toBe(
      'requestBody',
    );
    expect(kindAt('3.0', ['components', 'schemas', 'A', 'allOf', '1', 'items'])).toBe('schema');
    expect(kindAt('3.1', ['webhooks', 'ping'])).toBe('pathItem');
    expect(kindAt('3.0', ['components', 'examples', 'e'])).toBe('example');
  });

  it('names Swagger 2.0 objects', () => {
    expect(kindAt('2.0', ['definitions', 'Pet', 'properties', 'tags', 'items'])).toBe('schema');
    expect(kindAt('2.0', ['paths', '/a', 'get', 'parameters', '0', 'schema'])).toBe('schema');
    expect(kindAt('2.0', ['paths', '/a', 'get', 'responses', '404', 'schema'])).toBe('schema');
    expect(kindAt('2.0', ['parameters', 'Limit'])).toBe('parameter');
  });

  it('returns undefined where no reusable object sits', () => {
    expect(kindAt('3.0', ['info'])).toBeUndefined();
    expect(kindAt('3.0', ['paths', '/a', 'get', 'parameters'])).toBeUndefined();
    expect(kindAt('3.0', ['components', 'schemas', 'A', 'example', 'x'])).toBeUndefined();
  });
});

describe('areaFor', () => {
  it('maps kinds to component areas per version, or to inlining', () => {
    expect(areaFor('3.0', 'schema')).toEqual(['components', 'schemas']);
    expect(areaFor('3.0', 'pathItem')).toBeUndefined();
    expect(areaFor('3.1', 'pathItem')).toEqual(['components', 'pathItems']);
    expect(areaFor('2.0', 'schema')).toEqual(['definitions']);
    expect(areaFor('2.0', 'header')).toBeUndefined();
  });
});

describe('resolveUri', () => {
  it('resolves against file and https URLs', () => {
    expect(resolveUri('file:///a/b/spec.yaml', './schemas/pet.yaml#/Pet')).toBe('file:///a/b/schemas/pet.yaml#/Pet');
    expect(resolveUri('file:///a/b/spec.yaml', '../c.json')).toBe('file:///a/c.json');
    expect(resolveUri('https://x.test/api/v1/spec.json', 'common.json')).toBe('https://x.test/api/v1/common.json');
    expect(resolveUri('https://x.test/spec.json', 'https://y.test/z.json')).toBe('https://y.test/z.json');
    expect(resolveUri('file:///a/spec.yaml', '#/components')).toBe('file:///a/spec.yaml#/components');
  });

  it('resolves against plain paths without turning them into URLs', () => {
    expect(resolveUri('specs/api.yaml', 'common/x.yaml#/X')).toBe('specs/common/x.yaml#/X');
    expect(resolveUri('specs/api.yaml', '../../x.yaml')).toBe('../x.yaml');
    expect(resolveUri('/srv/api.yaml', '../x.yaml')).toBe('/x.yaml');
    expect(resolveUri('<input>', 'x.yaml')).toBe('x.yaml');
  });

  it('splits the fragment off', () => {
    expect(splitRef('a.yaml#/b/c')).toEqual({ doc: 'a.yaml', fragment: '/b/c' });
    expect(splitRef('a.yaml')).toEqual({ doc: 'a.yaml', fragment: undefined });
  });
});
