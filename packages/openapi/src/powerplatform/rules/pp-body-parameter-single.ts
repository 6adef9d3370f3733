/** pp-body-parameter-single: an operation has at most one body parameter. */
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppBodyParameterSingle: Rule = {
  id: 'pp-body-parameter-single',
  versions: ['2.0'],
  description: 'An operation may have at most one `in: body` parameter.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const bodies = operationParameters(document, op).filter((p) => p.parameter.in === 'body');
      for (const extra of bodies.slice(1)) {
        report({
          message: `${op.method.toUpperCase()} ${op.path} has ${bodies.length} body parameters; only one is allowed.`,
          pointer: extra.usePointer,
          fix: 'Merge the bodies into one object schema with a property per part.',
        });
      }
    }
  },
};
