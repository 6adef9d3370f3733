/** pp-operation-id-unique: operationIds are unique, compared case-insensitively as Power Platform does. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppOperationIdUnique: Rule = {
  id: 'pp-operation-id-unique',
  description: 'operationIds must be unique (case-insensitively).',
  check({ document, report }) {
    const first = new Map<string, string>();
    for (const op of eachOperation(document)) {
      const id = op.operation.operationId;
      if (typeof id !== 'string' || id === '') continue;
      const key = id.toLowerCase();
      const previous = first.get(key);
      if (previous === undefined) {
        first.set(key, `${op.method.toUpperCase()} ${op.path}`);
        continue;
      }
      report({
        message: `operationId "${id}" of ${op.method.toUpperCase()} ${op.path} is already used by ${previous}.`,
        pointer: childPointer(op.pointer, 'operationId'),
        fix: 'Rename one of the operations (`--fix` appends a number).',
      });
    }
  },
};
