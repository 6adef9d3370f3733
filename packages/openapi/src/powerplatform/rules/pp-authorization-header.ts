/** pp-authorization-header: the connection owns the Authorization header. */
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

export const ppAuthorizationHeader: Rule = {
  id: 'pp-authorization-header',
  versions: ['2.0'],
  description:
    'Operations must not declare an `Authorization` header parameter; Power Platform sets it from the connection.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      for (const { parameter, pointer } of operationParameters(document, op)) {
        if (
          parameter.in !== 'header' ||
          typeof parameter.name !== 'string' ||
          parameter.name.toLowerCase() !== 'authorization'
        )
          continue;
        report({
          message: `${op.method.toUpperCase()} ${op.path} declares an Authorization header parameter; the connection provides it.`,
          pointer,
          fix: 'Remove the parameter and describe the authentication in `securityDefinitions` (`--fix` removes it).',
        });
      }
    }
  },
};
