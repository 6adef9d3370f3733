/** Without an operationId an operation cannot be called by name (and a connector cannot expose it). */
import { eachOperation } from '../../walk.ts';
import { operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const operationOperationIdPresent: Rule = {
  id: 'operation-operationId-present',
  description: 'Every operation has an operationId.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      if (op.operation.operationId !== undefined) continue;
      report({
        message: `${operationLabel(op)} has no operationId, so it cannot be called by name.`,
        pointer: op.pointer,
        fix: 'Add an "operationId", e.g. "getPet".',
      });
    }
  },
};
