/** An operation documents at least one response; otherwise callers cannot know what comes back. */
import { childPointer, isObject } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const operationResponsesDefined: Rule = {
  id: 'operation-responses-defined',
  description: 'Every operation has at least one response.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const responses = op.operation.responses;
      const codes = isObject(responses) ? Object.keys(responses).filter((k) => !k.startsWith('x-')) : [];
      if (codes.length > 0) continue;
      report({
        message: `${operationLabel(op)} documents no responses.`,
        pointer: responses === undefined ? op.pointer : childPointer(op.pointer, 'responses'),
        fix: 'Add at least the success response, e.g. "200": { "description": "OK" }.',
      });
    }
  },
};
