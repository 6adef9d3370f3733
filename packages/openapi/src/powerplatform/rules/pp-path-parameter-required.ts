/** pp-path-parameter-required: path parameters are always required. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppPathParameterRequired: Rule = {
  id: 'pp-path-parameter-required',
  versions: ['2.0'],
  description: 'Path parameters must have `required: true`.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      for (const { parameter, pointer } of operationParameters(document, op)) {
        if (parameter.in !== 'path' || parameter.required === true) continue;
        report({
          message: `Path parameter "${String(parameter.name)}" is not marked required.`,
          pointer: parameter.required === undefined ? pointer : childPointer(pointer, 'required'),
          fix: 'Set `required: true` (`--fix` does).',
        });
      }
    }
  },
};
