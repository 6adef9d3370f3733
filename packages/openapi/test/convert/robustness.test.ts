/** Malformed documents (a subtree replaced by arbitrary JSON) never make the converter throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import { isObject } from '../../src/pointer.ts';
import type { JsonObject, JsonValue, OasVersion } from '../../src/types.ts';
import { openApi3Arb, swagger2Arb } from './arbitraries.ts';
import { unresolvedRefs } from './helpers.ts';

/** Every [parent, key] pair of a document except the version field. */
function slots(document: JsonObject): Array<[JsonObject | JsonValue[], string | number]> {
  const out: Array<[JsonObject | JsonValue[], string | number]> = [];
  const stack: JsonValue[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node))
      node.forEach((child, i) => {
        out.push([node, i]);
        stack.push(child);
      });
    else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (node === document && (key === 'openapi' || key === 'swagger')) continue;
        out.push([node, key]);
        stack.push(child);
      }
    }
  }
  return out;
}

const corrupted = (source: fc.Arbitrary<JsonObject>) =>
  fc.tuple(source, fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([document, index, junk]) => {
    const all = slots(document);
    const [parent, key] = all[index % all.length]!;
    (parent as Record<string | number, JsonValue>)[key] = junk as JsonValue;
    return document;
  });

describe('malformed documents', () => {
  const cases: Array<[OasVersion, fc.Arbitrary<JsonObject>]> = [
    ['3.0', corrupted(openApi3Arb('3.0'))],
    ['3.1', corrupted(openApi3Arb('3.1'))],
    ['2.0', corrupted(swagger2Arb())],
  ];
  for (const [from, arbitrary] of cases) {
    it(`converts corrupted ${from} documents to every version without throwing, repairing dangling refs`, () => {
      fc.assert(
        fc.property(arbitrary, (input) => {
          for (const to of ['2.0', '3.0', '3.1'] as const) {
            const { document } = convertDocument(input, { from, to });
            // A same-version conversion is a plain copy; the others repair references they cannot map.
            if (to !== from) expect(unresolvedRefs(document)).toEqual([]);
          }
        }),
        { numRuns: 100 },
      );
    });
  }
});
