/** Swagger 2.0: a request has either one body parameter or formData parameters, never both. */
import { eachOperation } from '../../walk.ts';
import { effectiveParameters, operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const noBodyAndFormdata: Rule = {
  id: 'no-body-and-formdata',
  description: 'Swagger 2.0 operations do not mix body and formData parameters.',
  versions: ['2.0'],
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const params = effectiveParameters(document, op);
      const body = params.find((p) => p.parameter.in === 'body');
      const form = params.find((p) => p.parameter.in === 'formData');
      if (!body || !form) continue;
      report({
        message: `${operationLabel(op)} has both a body parameter and formData parameters; Swagger 2.0 allows only one kind.`,
        pointer: body.pointer,
        fix: 'Keep either the body parameter or the formData parameters.',
      });
    }
  },
};
