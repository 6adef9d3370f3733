/** pp-file-parameter: `type: file` only in formData, with a form content type. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../util/parameters.ts';

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

export const ppFileParameter: Rule = {
  id: 'pp-file-parameter',
  versions: ['2.0'],
  description:
    '`type: file` parameters must be `in: formData`, and the operation must consume multipart/form-data or application/x-www-form-urlencoded.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const consumes = Array.isArray(op.operation.consumes) ? op.operation.consumes : document.consumes;
      const formConsumed =
        Array.isArray(consumes) &&
        consumes.some((c) => typeof c === 'string' && FORM_TYPES.includes(c.split(';')[0]!.trim()));
      for (const { parameter, pointer } of operationParameters(document, op)) {
        if (parameter.type !== 'file') continue;
        if (parameter.in !== 'formData') {
          report({
            message: `Parameter "${String(parameter.name)}" has type file but is in ${String(parameter.in)}; files can only be formData.`,
            pointer: childPointer(pointer, 'type'),
            fix: 'Make it `in: formData`, or use `type: string, format: binary` in a body schema.',
          });
        } else if (!formConsumed) {
          report({
            message: `${op.method.toUpperCase()} ${op.path} uploads a file but does not consume multipart/form-data.`,
            pointer: op.pointer,
            fix: 'Add `consumes: [multipart/form-data]` to the operation.',
          });
        }
      }
    }
  },
};
