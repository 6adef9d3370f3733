/** Property-based tests: random documents of every version convert to every other version soundly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';
import { openApi3Arb, swagger2Arb } from './arbitraries.ts';
import { fastValidationError, unresolvedRefs } from './helpers.ts';

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
