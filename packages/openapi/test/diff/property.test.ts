/**
 * Property-based tests on random documents of every version (cyclic `$ref`s included): a definition does not
 * differ from itself nor from its own conversions, and removing an operation is always found and breaking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import { diffDefinitions } from '../../src/diff/index.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';
import { eachOperation } from '../../src/walk.ts';
import { openApi3Arb, swagger2Arb } from '../convert/arbitraries.ts';

const sources: Array<[OasVersion, fc.Arbitrary<JsonObject>]> = [
  ['3.0', openApi3Arb('3.0')],
  ['3.1', openApi3Arb('3.1')],
  ['2.0', swagger2Arb()],
];
const targets: OasVersion[] = ['2.0', '3.0', '3.1'];

describe('diff properties', () => {
  for (const [from, arbitrary] of sources) {
    for (const to of targets) {
      it(`finds no change between a random ${from} document and its ${to} conversion`, () => {
        fc.assert(
          fc.property(arbitrary, (document) => {
            const converted = from === to ? structuredClone(document) : convertDocument(document, { to }).document;
            expect(diffDefinitions(document, converted).changes).toEqual([]);
          }),
          { numRuns: 40 },
        );
      });
    }

    it(`reports a removed operation of a random ${from} document as breaking`, () => {
      fc.assert(
        fc.property(arbitrary, fc.nat(), (document, pick) => {
          const operations = eachOperation(document);
          fc.pre(operations.length > 0);
          const victim = operations[pick % operations.length]!;
          const changed = structuredClone(document);
          delete (changed.paths as Record<string, Record<string, unknown>>)[victim.path]![victim.method];
          const result = diffDefinitions(document, changed);
          expect(result.changes.filter((change) => change.kind === 'operation-removed')).toEqual([
            expect.objectContaining({ breaking: true, method: victim.method.toUpperCase(), path: victim.path }),
          ]);
          expect(result.summary.breaking).toBeGreaterThan(0);
        }),
        { numRuns: 40 },
      );
    });
  }
});
