import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition, parseSource } from '../../src/parse/index.ts';

const OAS = 'openapi: 3.0.3\ninfo:\n  title: Pets\n  version: "1"\npaths: {}\n';

/** Runs fn and returns the DefinitionError it throws (fails the test otherwise). */
function failure(fn: () => unknown): DefinitionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error('expected a DefinitionError');
}

describe('parseDefinition formats', () => {
  it('parses JSON and reports the json format', () => {
    const doc = parseDefinition('{"openapi":"3.0.3","paths":{}}', { uri: 'file:///a.json' });
    expect(doc.format).toBe('json');
    expect(doc.value).toEqual({ openapi: '3.0.3', paths: {} });
    expect(doc.uri).toBe('file:///a.json');
  });

  it('parses YAML and keeps dates, versions and status codes as strings', () => {
    const doc = parseDefinition(`${OAS}x-date: 2024-01-02\nx-codes:\n  200: ok\n`);
    expect(doc.format).toBe('yaml');
    expect(doc.value['x-date']).toBe('2024-01-02');
    expect(doc.value['x-codes']).toEqual({ '200': 'ok' });
  });

  it('reads flow-style YAML that starts with a brace but is not JSON', () => {
    const doc = parseDefinition('{openapi: 3.0.3, paths: {}} # a comment');
    expect(doc.format).toBe('yaml');
    expect(doc.value).toEqual({ openapi: '3.0.3', paths: {} });
  });

  it('strips a UTF-8 BOM from bytes and from strings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a": "é"}')]);
    const fromBytes = parseDefinition(bytes);
    expect(fromBytes.value).toEqual({ a: 'é' });
    expect(fromBytes.text.startsWith('{')).toBe(true);
    expect(parseDefinition('\ufeffa: 1\n').value).toEqual({ a: 1 });
  });

  it('refuses UTF-16 text with a clear encoding error', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]);
    const error = failure(() => parseDefinition(utf16, { uri: 'spec.json' }));
    expect(error.code).toBe('encoding');
    expect(error.message).toContain('UTF-16');
    expect(error.message).toContain('spec.json');
  });

  it('refuses invalid UTF-8 and names the line', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a: 1\nb: '), 0xe9, 0x0a]);
    const error = failure(() => parseDefinition(bytes, { uri: 'latin1.yaml' }));
    expect(error.code).toBe('encoding');
    expect(error.line).toBe(2);
  });

  it('refuses documents over maxBytes, counting UTF-8 bytes', () => {
    expect(failure(() => parseDefinition('{"a": "0123456789"}', { maxBytes: 10 })).code).toBe('too-large');
    // 6 characters, 12 bytes in UTF-8.
    expect(failure(() => parseDefinition('a: €€€', { maxBytes: 11 })).code).toBe('too-large');
    expect(parseDefinition('a: €€€', { maxBytes: 12 }).value).toEqual({ a: '€€€' });
  });

  it('refuses empty and comment-only documents', () => {
    expect(failure(() => parseDefinition('  \n\t')).code).toBe('empty');
    expect(failure(() => parseDefinition('# only a comment\n---\n')).code).toBe('empty');
  });

  it('parses files reached by $ref whatever value they hold', () => {
    expect(parseSource('- a\n- b\n').value).toEqual(['a', 'b']);
    expect(parseSource('"text"').value).toBe('text');
    expect(failure(() => parseSource('# nothing\n')).code).toBe('empty');
  });

  it('refuses values that are not objects and spots HTML pages', () => {
    expect(failure(() => parseDefinition('[1, 2]')).code).toBe('not-object');
    expect(failure(() => parseDefinition('just a string')).code).toBe('not-object');
    const html = failure(() => parseDefinition('<!DOCTYPE html><html><body>Sign in</body></html>'));
    expect(html.code).toBe('not-object');
    expect(html.message).toContain('HTML');
  });
});

describe('parseDefinition syntax errors', () => {
  it('places a JSON syntax error at its line and column', () => {
    const error = failure(() => parseDefinition('{\n  "a": 1,\n  "b": 2,\n}', { uri: 'bad.json' }));
    expect(error.code).toBe('json-syntax');
    expect([error.line, error.column]).toEqual([4, 1]);
    expect(error.message).toMatch(/^bad\.json:4:1: invalid JSON/);
  });

  it('reads a trailing comma as flow YAML unless the file is named .json', () => {
    expect(parseDefinition('{"a": 1,}').format).toBe('yaml');
    expect(failure(() => parseDefinition('{"a": 1,}', { uri: 'x.JSON' })).code).toBe('json-syntax');
  });

  it('places a missing comma in JSON', () => {
    const error = failure(() => parseDefinition('{\n  "a": 1\n  "b": 2\n}'));
    expect([error.code, error.line, error.column]).toEqual(['json-syntax', 3, 3]);
  });

  it('places a YAML syntax error at its line and column', () => {
    const error = failure(() =>
      parseDefinition('openapi: 3.0.3\ninfo:\n  title: "unclosed\n  version: 1\n', { uri: 'x.yaml' }),
    );
    expect(error.code).toBe('yaml-syntax');
    expect(error.line).toBe(5);
    expect(error.message).toContain('x.yaml:5');
  });

  it('reports bad indentation with the line of the offending entry', () => {
    const error = failure(() => parseDefinition('a:\n  b: 1\n c: 2\n'));
    expect(error.code).toBe('yaml-syntax');
    expect(error.line).toBe(3);
  });

  it('refuses YAML nested deeper than the depth limit instead of overflowing the stack', () => {
    const error = failure(() => parseDefinition(`a: ${'['.repeat(400)}${']'.repeat(400)}`, { uri: 'deep.yaml' }));
    expect(error.code).toBe('yaml-syntax');
    expect(error.message).toContain('deeper than');
  });

  it('refuses custom YAML tags with a hint to use $ref', () => {
    const error = failure(() => parseDefinition('openapi: 3.0.3\npaths: !include paths.yaml\n'));
    expect(error.code).toBe('yaml-syntax');
    expect(error.line).toBe(2);
    expect(error.message).toContain('$ref');
  });

  it('refuses several YAML documents in one file', () => {
    const error = failure(() => parseDefinition('a: 1\n---\nb: 2\n'));
    expect(error.code).toBe('yaml-syntax');
    expect(error.message).toContain('one document');
  });
});

describe('parseDefinition duplicate keys', () => {
  it('detects duplicate keys in JSON that JSON.parse would merge', () => {
    const text = '{\n  "paths": {\n    "/a": {},\n    "/b": {},\n    "/a": {"get": {}}\n  }\n}';
    const error = failure(() => parseDefinition(text, { uri: 'dup.json' }));
    expect(error.code).toBe('duplicate-key');
    expect(error.pointer).toBe('/paths/~1a');
    expect([error.line, error.column]).toEqual([5, 5]);
    expect(error.message).toContain('first on line 3');
  });

  it('accepts the same key in different objects and escaped keys in JSON', () => {
    const doc = parseDefinition('{"a": {"x": 1}, "b": {"x": 2}, "c\\"d": 3, "e": "\\"f\\": 1"}');
    expect(doc.value).toEqual({ a: { x: 1 }, b: { x: 2 }, 'c"d': 3, e: '"f": 1' });
  });

  it('keeps a __proto__ key as an ordinary member without reporting a duplicate', () => {
    const doc = parseDefinition('{"a": {"__proto__": {"x": 1}, "b": 2}}');
    expect(Object.keys(doc.value.a as object)).toEqual(['__proto__', 'b']);
    expect(doc.locate('/a/b')).toEqual({ line: 1, column: 31 });
  });

  it('detects duplicate keys in YAML flow mappings', () => {
    const error = failure(() => parseDefinition('info: {title: a, version: "1", title: b}\n'));
    expect(error.code).toBe('duplicate-key');
    expect(error.pointer).toBe('/info/title');
    expect([error.line, error.column]).toEqual([1, 32]);
  });

  it('detects duplicate keys in YAML with the pointer and line of the second one', () => {
    const text = 'openapi: 3.0.3\npaths:\n  /pets:\n    get: {}\n    post: {}\n    get: {}\n';
    const error = failure(() => parseDefinition(text, { uri: 'dup.yaml' }));
    expect(error.code).toBe('duplicate-key');
    expect(error.pointer).toBe('/paths/~1pets/get');
    expect([error.line, error.column]).toEqual([6, 5]);
  });
});

describe('parseDefinition YAML aliases', () => {
  it('expands small legitimate anchors into independent copies', () => {
    const text = [
      'openapi: 3.0.3',
      'x-base: &base',
      '  type: object',
      '  properties: {id: {type: string}}',
      'components:',
      '  schemas:',
      '    A: *base',
      '    B:',
      '      <<: *base',
      '      description: b',
      '',
    ].join('\n');
    const doc = parseDefinition(text);
    const schemas = (doc.value.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(schemas.A).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    expect(schemas.B).toEqual({ type: 'object', properties: { id: { type: 'string' } }, description: 'b' });
    expect(schemas.A).not.toBe(doc.value['x-base']);
    expect(schemas.B?.properties).not.toBe(schemas.A?.properties);
  });

  it('refuses a billion-laughs alias bomb', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const prev = `*${names[i - 1]}`;
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`);
    }
    const error = failure(() => parseDefinition(lines.join('\n')));
    expect(error.code).toBe('alias-bomb');
    expect(error.message).toContain('alias');
  });

  it('refuses too many alias uses', () => {
    const text = `x: &x {a: 1}\nlist: [${Array(50).fill('*x').join(', ')}]\n`;
    expect(failure(() => parseDefinition(text, { aliases: { maxAliases: 10 } })).code).toBe('alias-bomb');
    expect(parseDefinition(text).value.list).toHaveLength(50);
  });

  it('refuses documents that merge keys excessively', () => {
    const lines = ['b0: &b0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}'];
    for (let i = 1; i < 1200; i++) lines.push(`b${i}: {<<: *b0, own: ${i}}`);
    expect(failure(() => parseDefinition(lines.join('\n'))).code).toBe('alias-bomb');
  });

  it('refuses an alias that contains itself', () => {
    const error = failure(() => parseDefinition('a: &a\n  b: *a\n'));
    expect(['alias-cycle', 'yaml-syntax']).toContain(error.code);
  });
});
