import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { parseDefinition } from '../../src/parse/index.ts';
import { toPointer } from '../../src/pointer.ts';

describe('locate in JSON', () => {
  const text = [
    '{',
    '  "openapi": "3.0.3",',
    '  "paths": {',
    '    "/pets/{id}": {',
    '      "get": { "responses": { "200": { "description": "ok" } } },',
    '      "parameters": [ {"name": "id"}, {"name": "x~y"} ]',
    '    }',
    '  },',
    '  "a/b": [1, [2, 3]]',
    '}',
  ].join('\n');
  const doc = parseDefinition(text);

  it('gives the key position of object members', () => {
    expect(doc.locate('/openapi')).toEqual({ line: 2, column: 3 });
    expect(doc.locate('/paths/~1pets~1{id}')).toEqual({ line: 4, column: 5 });
    expect(doc.locate('/paths/~1pets~1{id}/get/responses/200/description')).toEqual({ line: 5, column: 40 });
    expect(doc.locate('/a~1b')).toEqual({ line: 9, column: 3 });
  });

  it('gives the value position of array items and of the root', () => {
    expect(doc.locate('')).toEqual({ line: 1, column: 1 });
    expect(doc.locate('/paths/~1pets~1{id}/parameters/1')).toEqual({ line: 6, column: 39 });
    expect(doc.locate('/a~1b/1/1')).toEqual({ line: 9, column: 18 });
  });

  it('accepts URI-fragment pointers and returns undefined for missing ones', () => {
    expect(doc.locate('#/paths/~1pets~1%7Bid%7D')).toEqual({ line: 4, column: 5 });
    expect(doc.locate('/nope')).toBeUndefined();
    expect(doc.locate('/a~1b/7')).toBeUndefined();
    expect(doc.locate('/a~1b/x')).toBeUndefined();
    expect(doc.locate('not a pointer')).toBeUndefined();
  });

  it('counts CRLF line ends once', () => {
    const crlf = parseDefinition('{\r\n  "a": {\r\n    "b": 1\r\n  }\r\n}');
    expect(crlf.locate('/a/b')).toEqual({ line: 3, column: 5 });
  });
});

describe('locate in YAML', () => {
  const text = [
    '# comment',
    'openapi: 3.0.3',
    'info: {title: "T", version: \'1\'}',
    'paths:',
    '  /pets/{id}:',
    '    get:',
    '      description: |',
    '        multi',
    '        line',
    '      responses:',
    '        200:',
    '          description: ok',
    '    parameters:',
    '    - name: id',
    '      in: path',
    '    -   name: q   # comment',
    '        in: query',
    '  "/quoted":',
    '    post: {}',
    'tags:',
    '  - plain',
    '  - [a, {b: c}]',
    '  -',
    '    name: nested',
    '',
  ].join('\n');
  const doc = parseDefinition(text);

  it('gives the key position of block and flow mapping members', () => {
    expect(doc.locate('/openapi')).toEqual({ line: 2, column: 1 });
    expect(doc.locate('/info/title')).toEqual({ line: 3, column: 8 });
    expect(doc.locate('/info/version')).toEqual({ line: 3, column: 20 });
    expect(doc.locate('/paths/~1pets~1{id}/get/description')).toEqual({ line: 7, column: 7 });
    expect(doc.locate('/paths/~1pets~1{id}/get/responses/200/description')).toEqual({ line: 12, column: 11 });
    expect(doc.locate('/paths/~1quoted/post')).toEqual({ line: 19, column: 5 });
  });

  it('gives the value position of sequence items, compact or not', () => {
    expect(doc.locate('/paths/~1pets~1{id}/parameters/0')).toEqual({ line: 14, column: 7 });
    expect(doc.locate('/paths/~1pets~1{id}/parameters/1/in')).toEqual({ line: 17, column: 9 });
    expect(doc.locate('/tags/0')).toEqual({ line: 21, column: 5 });
    expect(doc.locate('/tags/1/1/b')).toEqual({ line: 22, column: 10 });
    expect(doc.locate('/tags/2/name')).toEqual({ line: 24, column: 5 });
  });

  it('follows aliases and merge keys to where the value is written', () => {
    const anchored = parseDefinition(
      ['base: &b', '  type: object', '  description: d', 'one: *b', 'two:', '  <<: *b', '  extra: 1', ''].join('\n'),
    );
    expect(anchored.locate('/one/type')).toEqual({ line: 2, column: 3 });
    expect(anchored.locate('/two/description')).toEqual({ line: 3, column: 3 });
    expect(anchored.locate('/two/extra')).toEqual({ line: 7, column: 3 });
    expect(anchored.locate('/one')).toEqual({ line: 4, column: 1 });
  });

  it('counts CRLF line ends once', () => {
    const crlf = parseDefinition('a:\r\n  b:\r\n    - x\r\n    - y: 1\r\n');
    expect(crlf.locate('/a/b/1/y')).toEqual({ line: 4, column: 7 });
  });

  it('handles a document start marker, quoted keys with escapes, and numeric keys', () => {
    const d = parseDefinition("%YAML 1.2\n---\n\"a\\tb\": 1\n'c''d': 2\n0x10: hex\n~: nothing\n");
    expect(d.value).toEqual({ 'a\tb': 1, "c'd": 2, '16': 'hex', null: 'nothing' });
    expect(d.locate('/a\tb')).toEqual({ line: 3, column: 1 });
    expect(d.locate("/c'd")).toEqual({ line: 4, column: 1 });
    expect(d.locate('/16')).toEqual({ line: 5, column: 1 });
    expect(d.locate('/null')).toEqual({ line: 6, column: 1 });
  });
});

/** The position the `yaml` package gives a pointer (key for members, value for items): an independent reference. */
function referencePosition(text: string, pointer: string[]): { line: number; column: number } | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  let node: unknown = document.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const token of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token);
      if (pair === undefined || !isScalar(pair.key)) return undefined;
      offset = pair.key.range?.[0];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as Node | undefined;
      offset = item?.range?.[0];
      node = item;
    } else return undefined;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function pointers(value: unknown): string[][] {
  const out: string[][] = [];
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length > 0) {
    const [node, tokens] = stack.pop() as [unknown, string[]];
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      out.push([...tokens, key]);
      stack.push([child, [...tokens, key]]);
    }
  }
  return out;
}

const key = fc.oneof(
  fc.constantFrom('a', 'get', '200', 'x-y', '/pets/{id}', 'a b', 'with: colon', "it's", '#hash', 'true', 'k"q'),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('multi\nline\ntext', 'trailing ', '- dash', 'a: b', '#x', 'yes', ''),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  array: fc.array(tie('node'), { maxLength: 3 }),
})).object;

describe('locate in YAML agrees with the yaml package', () => {
  it('matches on generated documents in several dump styles', () => {
    const styles: yaml.DumpOptions[] = [
      {},
      { flowLevel: 2 },
      { indent: 4, noArrayIndent: true },
      { lineWidth: 20, quotingType: '"' },
      { flowLevel: 0 },
    ];
    fc.assert(
      fc.property(value, fc.constantFrom(...styles), (generated, style) => {
        const text = yaml.dump({ root: generated }, style);
        const doc = parseDefinition(text);
        for (const tokens of pointers(doc.value)) {
          expect(doc.locate(toPointer(tokens)), `${toPointer(tokens)} in\n${text}`).toEqual(
            referencePosition(text, tokens),
          );
        }
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  it('matches on hand-written YAML with comments, blank lines and block scalars', () => {
    const text = [
      'openapi: 3.1.0 # trailing',
      '',
      'paths:',
      '  # comment before a key',
      '  /a:',
      '    get:',
      '      summary: >-',
      '        folded',
      '',
      '        more',
      '      tags: [x,',
      '        y]',
      '      parameters:',
      '        - {name: a, in: query}',
      '        - name: "b"',
      '          in: "query"',
      '      x-plain: a plain',
      '        continued scalar',
      '      x-after: 1',
      '',
    ].join('\n');
    const doc = parseDefinition(text);
    for (const tokens of pointers(doc.value)) {
      expect(doc.locate(toPointer(tokens)), toPointer(tokens)).toEqual(referencePosition(text, tokens));
    }
  });
});
