/** pp-parameter-summary: parameters carry an x-ms-summary label for the designer. */
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppParameterSummary: Rule = {
  id: 'pp-parameter-summary',
  versions: ['2.0'],
  description: 'Visible parameters should have an `x-ms-summary` (the label shown in the designer).',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      for (const { parameter, pointer } of operationParameters(document, op)) {
        if (parameter['x-ms-visibility'] === 'internal' || parameter.in === 'body') continue;
        if (typeof parameter['x-ms-summary'] === 'string' && parameter['x-ms-summary'] !== '') continue;
        report({
          message: `Parameter "${String(parameter.name)}" has no x-ms-summary.`,
          pointer,
          fix: 'Add `x-ms-summary` with a Title Case label (`--fix` derives it from the name).',
        });
      }
    }
  },
};
