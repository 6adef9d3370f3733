/** Callers (and connectors) read an operation's output from its success response, so one should exist. */
import { childPointer, isObject } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const operationSuccessResponse: Rule = {
  id: 'operation-success-response',
  description: 'Every operation has a 2XX, 3XX or default response.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const responses = op.operation.responses;
      if (!isObject(responses)) continue;
      const codes = Object.keys(responses).filter((k) => !k.startsWith('x-'));
      if (codes.length === 0 || codes.some((code) => /^(default|[23](\d\d|XX))$/i.test(code))) continue;
      report({
        message: `${operationLabel(op)} has no success response (2XX, 3XX or default); only ${codes.join(', ')}.`,
        pointer: childPointer(op.pointer, 'responses'),
        fix: 'Document the response the operation returns when it succeeds, e.g. "200".',
      });
    }
  },
};
