/** pp-operation-id-required: every operation needs an operationId (it names the action). */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppOperationIdRequired: Rule = {
  id: 'pp-operation-id-required',
  description: 'Every operation must have an `operationId`; Power Platform identifies actions by it.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const id = op.operation.operationId;
      if (typeof id !== 'string' || id === '') {
        report({
          message: `${op.method.toUpperCase()} ${op.path} has no operationId.`,
          pointer: id === undefined ? op.pointer : childPointer(op.pointer, 'operationId'),
          fix: 'Add an operationId such as `GetPets` (`--fix` generates one from the method and path).',
        });
      }
    }
  },
};
