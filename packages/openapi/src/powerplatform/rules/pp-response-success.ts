/** pp-response-success: each operation documents a 2xx response (the action's output). */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppResponseSuccess: Rule = {
  id: 'pp-response-success',
  versions: ['2.0'],
  description: 'Every operation should document a 2xx response; its schema becomes the action output.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const responses = op.operation.responses;
      if (isObject(responses) && Object.keys(responses).some((code) => /^2\d\d$/.test(code))) continue;
      report({
        message: `${op.method.toUpperCase()} ${op.path} has no 2xx response.`,
        pointer: isObject(responses) ? childPointer(op.pointer, 'responses') : op.pointer,
        fix: 'Document the success response, e.g. `200` with its schema (`--fix` adds a `200` when only `default` exists).',
      });
    }
  },
};
