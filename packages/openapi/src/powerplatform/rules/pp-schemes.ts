/** pp-schemes: only http and https are callable by the connector runtime. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';

export const ppSchemes: Rule = {
  id: 'pp-schemes',
  versions: ['2.0'],
  description: '`schemes` must list only `http` and/or `https` (and should be present).',
  check({ document, report }) {
    const check = (schemes: unknown, pointer: string) => {
      if (!Array.isArray(schemes)) return;
      schemes.forEach((scheme, i) => {
        if (scheme !== 'http' && scheme !== 'https') {
          report({
            message: `Scheme ${JSON.stringify(scheme)} is not supported; Power Platform calls APIs over http or https only.`,
            pointer: childPointer(pointer, i),
            fix: 'Use `https` (or `http`) in `schemes`.',
          });
        }
      });
      if (schemes.length === 0) {
        report({
          message: '`schemes` is empty.',
          pointer,
          severity: 'warning',
          fix: 'Set `schemes: ["https"]`.',
        });
      }
    };
    if (document.schemes === undefined) {
      report({
        message: 'The definition has no `schemes`; state the protocol explicitly.',
        pointer: '',
        severity: 'warning',
        fix: 'Add `schemes: ["https"]` (`--fix` does).',
      });
    } else check(document.schemes, '/schemes');
    for (const op of eachOperation(document)) {
      if (isObject(op.operation) && op.operation.schemes !== undefined)
        check(op.operation.schemes, childPointer(op.pointer, 'schemes'));
    }
  },
};
