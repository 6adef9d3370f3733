import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../src/parse/json-index.ts';
import { jsonSeeker } from '../../src/parse/json-seek.ts';
import { LineIndex } from '../../src/parse/lines.ts';
import { offsetOf } from '../../src/parse/position-tree.ts';
import { toPointer } from '../../src/pointer.ts';

const key = fc.oneof(
  fc.constantFrom('a', 'paths', '/pets/{id}', 'a~b', 'q"t', 'back\\slash', '{', ']', '0', '10', '', 'é', '😀'),
  fc.string({ maxLength: 5 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a " } ] {', '\\', '\\"', '[]{}', 'line\nbreak'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  array: fc.array(tie('node'), { maxLength: 4 }),
})).node;

/** JSON text of `value` with whitespace (spaces, tabs, LF, CRLF, CR) picked by `spacing` between tokens. */
function spacedJson(value: unknown, spacing: string[]): string {
  let n = 0;
  const space = () => spacing[n++ % spacing.length] ?? '';
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map((item) => space() + write(item) + space()).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const members = Object.entries(v).map(
        ([k, item]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${write(item)}`,
      );
      return `{${members.join(',')}${space()}}`;
    }
    return JSON.stringify(v);
  };
  return space() + write(value) + space();
}

function pointers(value: unknown, prefix: string[] = [], out: string[][] = [[]]): string[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, child] of Object.entries(value)) {
      out.push([...prefix, k]);
      pointers(child, [...prefix, k], out);
    }
  }
  return out;
}

const spacing = fc.array(fc.constantFrom('', ' ', '\n  ', '\r\n', '\t', '\r'), { minLength: 1, maxLength: 6 });

describe('jsonSeeker', () => {
  it('finds what the full position index finds, whatever the order of look-ups', () => {
    fc.assert(
      fc.property(value, spacing, fc.infiniteStream(fc.nat()), (generated, spaces, picks) => {
        const text = spacedJson(generated, spaces);
        const reference = scanJson(text).index;
        const all = pointers(JSON.parse(text)).map((tokens) => toPointer(tokens));
        const queries = [...all, ...all.map((p) => `${p}/missing`), ...all.map((p) => `${p}/0`)];
        // Look-ups in a shuffled order: each one resumes where the earlier ones left the text.
        const order = queries.map((_, i) => [picks.next().value, i] as const).sort((a, b) => a[0] - b[0]);
        const seek = jsonSeeker(text);
        for (const [, i] of order) {
          const pointer = queries[i] as string;
          expect(seek(pointer), pointer).toBe(offsetOf(reference, pointer));
        }
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('skips a member read halfway by an earlier look-up when a later one needs what follows it', () => {
    const text = '{"a": {"x": [1, {"y": "}"}], "z": 2}, "b": {"c": 3}}';
    const seek = jsonSeeker(text);
    expect(seek('/a/x/1/y')).toBe(text.indexOf('"y"'));
    expect(seek('/b/c')).toBe(text.indexOf('"c"'));
    expect(seek('/a/z')).toBe(text.indexOf('"z"'));
  });
});

describe('LineIndex', () => {
  it('agrees with splitting the text at LF, CRLF and lone CR, for offsets asked in any order', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\r\r\n', 'é', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: -1, max: 80 })), (pieces, offsets) => {
        const text = pieces.join('');
        const starts = [0];
        for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
        const lines = new LineIndex(text);
        for (const offset of offsets) {
          let line = 0;
          while (line + 1 < starts.length && (starts[line + 1] as number) <= offset) line++;
          expect(lines.position(offset)).toEqual({ line: line + 1, column: offset - (starts[line] as number) + 1 });
        }
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  it('finds lines past the first chunk it searches for carriage returns', () => {
    const text = `${'x'.repeat(70_000)}\r${'y'.repeat(70_000)}\n\rz`;
    const lines = new LineIndex(text);
    expect(lines.position(text.length - 1)).toEqual({ line: 4, column: 1 });
    expect(lines.position(70_001)).toEqual({ line: 2, column: 1 });
  });
});
