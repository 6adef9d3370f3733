/** pp-ref-location: Power Platform resolves $refs only to entries directly under definitions/parameters/responses. */
import type { Rule } from '../../validate/rule.ts';
import { documentFacts } from '../util/facts.ts';

export const ppRefLocation: Rule = {
  id: 'pp-ref-location',
  versions: ['2.0'],
  description: '`$ref`s must point directly at `#/definitions/X`, `#/parameters/X` or `#/responses/X`.',
  check({ document, report }) {
    for (const { ref, pointer } of documentFacts(document).misplacedRefs) {
      report({
        message: `$ref "${ref}" does not point directly at an entry of definitions, parameters or responses.`,
        pointer,
        fix: 'Move the target into `definitions` (or parameters/responses) and reference it there.',
      });
    }
  },
};
