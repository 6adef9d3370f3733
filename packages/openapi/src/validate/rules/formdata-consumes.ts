/**
 * Swagger 2.0: formData parameters are only sent as `multipart/form-data` or
 * `application/x-www-form-urlencoded`, and `type: file` only as `multipart/form-data`; `consumes` must say so.
 */
import { childPointer } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { effectiveParameters, operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

export const formdataConsumes: Rule = {
  id: 'formdata-consumes',
  description: 'Swagger 2.0 operations with formData parameters consume a form media type.',
  versions: ['2.0'],
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const form = effectiveParameters(document, op).filter((p) => p.parameter.in === 'formData');
      if (form.length === 0) continue;
      const declared = op.operation.consumes ?? document.consumes;
      const consumes = Array.isArray(declared)
        ? declared.map((t) => String(t).split(';')[0]!.trim().toLowerCase())
        : [];
      const hasFile = form.some((p) => p.parameter.type === 'file');
      const needed = hasFile ? ['multipart/form-data'] : FORM_TYPES;
      if (consumes.some((t) => needed.includes(t))) continue;
      report({
        message: `${operationLabel(op)} has ${hasFile ? 'a file parameter' : 'formData parameters'} but does not consume ${needed.join(' or ')}.`,
        pointer: op.operation.consumes !== undefined ? childPointer(op.pointer, 'consumes') : op.pointer,
        fix: `Add "consumes": ["${needed[0]}"] to the operation.`,
      });
    }
  },
};
