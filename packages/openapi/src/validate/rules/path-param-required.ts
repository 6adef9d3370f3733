/** A path parameter is part of the URL, so it must be declared `required: true`. */
import { childPointer } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { operationParameters } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const pathParamRequired: Rule = {
  id: 'path-param-required',
  description: 'Parameters with in: path have required: true.',
  check({ document, report }) {
    const reported = new Set<string>();
    for (const op of eachOperation(document)) {
      for (const p of operationParameters(document, op)) {
        if (p.parameter.in !== 'path' || p.parameter.required === true || reported.has(p.definedAt)) continue;
        reported.add(p.definedAt);
        report({
          message: `Path parameter "${String(p.parameter.name)}" must have "required": true.`,
          pointer: p.parameter.required === undefined ? p.definedAt : childPointer(p.definedAt, 'required'),
          fix: 'Set "required": true.',
        });
      }
    }
  },
};
