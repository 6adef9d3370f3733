/** pp-default-response-schema: `default` responses carry no schema (certification guidance). */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppDefaultResponseSchema: Rule = {
  id: 'pp-default-response-schema',
  versions: ['2.0'],
  description:
    'A `default` response should not have a schema when a 2xx response exists; Power Platform would mix error and success outputs.',
  check({ document, resolve, report }) {
    for (const op of eachOperation(document)) {
      const responses = op.operation.responses;
      if (!isObject(responses) || !Object.keys(responses).some((code) => /^2\d\d$/.test(code))) continue;
      const response = resolve(responses.default);
      if (isObject(response) && response.schema !== undefined) {
        report({
          message: `The default response of ${op.method.toUpperCase()} ${op.path} has a schema.`,
          pointer: childPointer(op.pointer, 'responses', 'default', 'schema'),
          fix: 'Remove the schema from the default response (`--fix` does).',
        });
      }
    }
  },
};
