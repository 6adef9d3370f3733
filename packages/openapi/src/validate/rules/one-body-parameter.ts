/** Swagger 2.0: a request has at most one body, so at most one `in: body` parameter applies. */
import { eachOperation } from '../../walk.ts';
import { effectiveParameters, operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const oneBodyParameter: Rule = {
  id: 'one-body-parameter',
  description: 'Swagger 2.0 operations have at most one body parameter.',
  versions: ['2.0'],
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const bodies = effectiveParameters(document, op).filter((p) => p.parameter.in === 'body');
      for (const extra of bodies.slice(1)) {
        report({
          message: `${operationLabel(op)} has ${bodies.length} body parameters; a request has only one body.`,
          pointer: extra.pointer,
          fix: 'Merge the body parameters into one object schema.',
        });
      }
    }
  },
};
