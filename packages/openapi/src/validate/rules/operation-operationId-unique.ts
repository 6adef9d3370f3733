/** Operations are invoked by operationId, so two operations must never share one. */
import { childPointer } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const operationOperationIdUnique: Rule = {
  id: 'operation-operationId-unique',
  description: 'Every operationId is used by one operation only.',
  check({ document, report }) {
    const first = new Map<string, string>();
    for (const op of eachOperation(document)) {
      const id = op.operation.operationId;
      if (typeof id !== 'string') continue;
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, operationLabel(op));
        continue;
      }
      report({
        message: `operationId "${id}" of ${operationLabel(op)} is already used by ${earlier}.`,
        pointer: childPointer(op.pointer, 'operationId'),
        fix: 'Give each operation its own operationId.',
      });
    }
  },
};
