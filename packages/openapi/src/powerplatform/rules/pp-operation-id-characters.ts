/** pp-operation-id-characters: operationIds use letters, digits and underscores (connector string guidance). */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppOperationIdCharacters: Rule = {
  id: 'pp-operation-id-characters',
  description: 'operationIds should contain only `A–Z a–z 0–9 _`.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const id = op.operation.operationId;
      if (typeof id !== 'string' || id === '' || /^[A-Za-z0-9_]+$/.test(id)) continue;
      report({
        message: `operationId "${id}" contains characters other than letters, digits and "_".`,
        pointer: childPointer(op.pointer, 'operationId'),
        fix: 'Rename it in camel case, e.g. `ListPetComments` (`--fix` rewrites it).',
      });
    }
  },
};
