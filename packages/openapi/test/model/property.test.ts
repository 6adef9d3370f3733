/** Property tests: the model of a document does not change when the converter rewrites it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import type { ApiModel } from '../../src/model/index.ts';
import { buildModel } from '../../src/model/index.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';
import { openApi3Arb, swagger2Arb } from '../convert/arbitraries.ts';

/** What a caller sees of each operation: its id, route and the parameters it passes by name. */
function surface(model: ApiModel): string[] {
  return model.operations.map((o) => {
    const parameters = o.parameters
      .filter((p) => p.in !== 'cookie' && p.in !== 'formData')
      .map((p) => `${p.in}:${p.name}`);
    return `${o.operationId} ${o.method} ${o.path} ${parameters.join(',')}`;
  });
}

describe('model properties', () => {
  const lossless: Array<[string, fc.Arbitrary<JsonObject>, OasVersion]> = [
    ['3.0', openApi3Arb('3.0'), '3.1'],
    ['2.0', swagger2Arb(), '3.0'],
    ['2.0', swagger2Arb(), '3.1'],
  ];
  for (const [from, arbitrary, to] of lossless) {
    it(`builds the same model from a random ${from} document and its ${to} conversion`, () => {
      fc.assert(
        fc.property(arbitrary, (input) => {
          expect(buildModel(convertDocument(input, { to }).document)).toEqual(buildModel(input));
        }),
        { numRuns: 100 },
      );
    });
  }

  it('keeps the operations and their parameters through a lossy 3.x → 2.0 conversion, except dropped cookies and TRACE', () => {
    fc.assert(
      fc.property(fc.oneof(openApi3Arb('3.0'), openApi3Arb('3.1')), (input) => {
        const before = buildModel(input);
        before.operations = before.operations.filter((o) => o.method !== 'trace');
        expect(surface(buildModel(convertDocument(input, { to: '2.0' }).document))).toEqual(surface(before));
      }),
      { numRuns: 100 },
    );
  });
});
