/** pp-operation-count: a connector has at most 256 operations. */
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { MAX_OPERATIONS } from '../limits.ts';

export const ppOperationCount: Rule = {
  id: 'pp-operation-count',
  description: `A connector may have at most ${MAX_OPERATIONS} operations.`,
  check({ document, report }) {
    const count = eachOperation(document).length;
    if (count <= MAX_OPERATIONS) return;
    report({
      message: `The definition has ${count} operations; a connector may have at most ${MAX_OPERATIONS}.`,
      pointer: '/paths',
      fix: 'Split the connector (`--split-by-tag`) or keep fewer operations (`--include-tags`, `--include-operations`).',
    });
  },
};
