/** pp-operation-summary: the summary is the action name users see. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { MAX_SUMMARY_LENGTH } from '../limits.ts';

export const ppOperationSummary: Rule = {
  id: 'pp-operation-summary',
  description: `Every operation should have a \`summary\` of at most ${MAX_SUMMARY_LENGTH} characters, without "/" and ending with a letter or digit.`,
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const summary = op.operation.summary;
      const at = childPointer(op.pointer, 'summary');
      if (typeof summary !== 'string' || summary.trim() === '') {
        report({
          message: `${op.method.toUpperCase()} ${op.path} has no summary; it is the action name users see.`,
          pointer: op.pointer,
          fix: 'Add a short sentence-case summary, e.g. "Get a pet" (`--fix` derives one).',
        });
        continue;
      }
      if (summary.length > MAX_SUMMARY_LENGTH) {
        report({
          message: `Summary is ${summary.length} characters; keep it at most ${MAX_SUMMARY_LENGTH}.`,
          pointer: at,
          fix: 'Shorten the summary and move detail into `description`.',
        });
      }
      if (summary.includes('/')) {
        report({ message: `Summary "${summary}" contains "/".`, pointer: at, fix: 'Reword the summary without "/".' });
      }
      if (!/[\p{L}\p{N})]$/u.test(summary)) {
        report({
          message: `Summary "${summary}" ends with a non-alphanumeric character.`,
          pointer: at,
          fix: 'Remove the trailing period, punctuation or space.',
        });
      }
    }
  },
};
