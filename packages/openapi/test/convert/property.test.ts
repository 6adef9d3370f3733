/** Property-based tests: random documents of every version convert to every other version soundly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import type { JsonObject, JsonValue, OasVersion } from '../../src/types.ts';
import { openApi3Arb, swagger2Arb } from './arbitraries.ts';
import { fastValidationError, sharedPlaces, unresolvedRefs } from './helpers.ts';

const sources: Array<[OasVersion, fc.Arbitrary<JsonObject>]> = [
  ['3.0', openApi3Arb('3.0')],
  ['3.1', openApi3Arb('3.1')],
  ['2.0', swagger2Arb()],
];
const targets: OasVersion[] = ['2.0', '3.0', '3.1'];

describe('conversion properties', () => {
  for (const [from, arbitrary] of sources) {
    for (const to of targets) {
      it(`converts random ${from} documents to a valid ${to} document without touching the input`, async () => {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (input) => {
            const before = JSON.stringify(input);
            const { document, losses } = convertDocument(input, { to });
            expect(JSON.stringify(input)).toBe(before);
            expect(unresolvedRefs(document)).toEqual([]);
            expect(await fastValidationError(document)).toBeUndefined();
            if (to === '2.0') expect(document.swagger).toBe('2.0');
            else expect(String(document.openapi).startsWith(to)).toBe(true);
            if (from === to) expect(losses).toEqual([]);
          }),
          { numRuns: 100 },
        );
      });
    }
  }
});

/** Every [parent, key] of a document holding an object or array, except the version field. */
function containerSlots(document: JsonObject): Array<[JsonObject | JsonValue[], string | number]> {
  const out: Array<[JsonObject | JsonValue[], string | number]> = [];
  const stack: JsonValue[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      if (node === document && (key === 'openapi' || key === 'swagger')) continue;
      if (child !== null && typeof child === 'object') out.push([node, Array.isArray(node) ? Number(key) : key]);
      stack.push(child);
    }
  }
  return out;
}

function holds(root: JsonValue, target: object): boolean {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === target) return true;
    if (node !== null && typeof node === 'object') stack.push(...Object.values(node));
  }
  return false;
}

/** Documents where some objects also sit in a second place (as YAML anchors would put them, never inside themselves). */
const withSharedParts = (source: fc.Arbitrary<JsonObject>) =>
  fc.tuple(source, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 })).map(([document, pairs]) => {
    for (const [from, to] of pairs) {
      const slots = containerSlots(document);
      const [sourceParent, sourceKey] = slots[from % slots.length]!;
      const [targetParent, targetKey] = slots[to % slots.length]!;
      const value = (sourceParent as Record<string | number, JsonValue>)[sourceKey] as object;
      if (!holds(value as JsonValue, targetParent))
        (targetParent as Record<string | number, JsonValue>)[targetKey] = value as JsonValue;
    }
    return document;
  });

/** The result of a call, or the error it threw. */
function attempt<T>(call: () => T): T | Error {
  try {
    return call();
  } catch (error) {
    return error as Error;
  }
}

describe('documents holding objects in several places', () => {
  for (const [from, arbitrary] of sources) {
    it(`converts them from ${from} to a tree, and in place to the same result`, () => {
      fc.assert(
        fc.property(withSharedParts(arbitrary), (input) => {
          for (const to of targets) {
            const copy = attempt(() => convertDocument(input, { from, to }));
            const own = structuredClone(input);
            const inPlace = attempt(() => convertDocument(own, { from, to, inPlace: true }));
            if (copy instanceof Error) {
              // A list shared with a schema can end up inside itself (a parameter list that is also the
              // `required` of the body schema the conversion adds to it): no tree can hold that.
              expect(copy.message).toMatch(/contains a cycle/);
              expect(inPlace).toEqual(copy);
              continue;
            }
            if (to !== from) expect(sharedPlaces(copy.document)).toEqual([]);
            expect(inPlace).not.toBeInstanceOf(Error);
            if (inPlace instanceof Error) continue;
            expect(inPlace.document).toBe(own);
            expect(JSON.stringify(inPlace.document)).toBe(JSON.stringify(copy.document));
            expect(inPlace.losses).toEqual(copy.losses);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
