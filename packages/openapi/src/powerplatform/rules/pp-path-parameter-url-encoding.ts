/** pp-path-parameter-url-encoding: x-ms-url-encoding is single or double; its absence means single. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppPathParameterUrlEncoding: Rule = {
  id: 'pp-path-parameter-url-encoding',
  versions: ['2.0'],
  description: 'Path parameters should state `x-ms-url-encoding` (`single` or `double`); other values are errors.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      for (const { parameter, pointer } of operationParameters(document, op)) {
        const encoding = parameter['x-ms-url-encoding'];
        if (encoding !== undefined && encoding !== 'single' && encoding !== 'double') {
          report({
            message: `x-ms-url-encoding ${JSON.stringify(encoding)} must be "single" or "double".`,
            pointer: childPointer(pointer, 'x-ms-url-encoding'),
            severity: 'error',
            fix: 'Use "single" (the default) or "double".',
          });
        } else if (encoding === undefined && parameter.in === 'path') {
          report({
            message: `Path parameter "${String(parameter.name)}" has no x-ms-url-encoding (Power Platform assumes "single").`,
            pointer,
            fix: 'Add `x-ms-url-encoding: single` (`--fix` does), or `double` when the value may contain "/".',
          });
        }
      }
    }
  },
};
