/** pp-body-form-data: body and formData parameters cannot be mixed. */
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppBodyFormData: Rule = {
  id: 'pp-body-form-data',
  versions: ['2.0'],
  description: 'An operation cannot have both a body parameter and formData parameters.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const params = operationParameters(document, op);
      const body = params.find((p) => p.parameter.in === 'body');
      if (body && params.some((p) => p.parameter.in === 'formData')) {
        report({
          message: `${op.method.toUpperCase()} ${op.path} mixes a body parameter with formData parameters.`,
          pointer: body.usePointer,
          fix: 'Use either one body parameter or formData parameters, not both.',
        });
      }
    }
  },
};
