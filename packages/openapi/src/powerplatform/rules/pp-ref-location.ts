/** pp-ref-location: Power Platform resolves $refs only to entries directly under definitions/parameters/responses. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';
import type { Rule } from '../../validate/rule.ts';
import { refPointer } from '../util/refs.ts';

export const ppRefLocation: Rule = {
  id: 'pp-ref-location',
  versions: ['2.0'],
  description: '`$ref`s must point directly at `#/definitions/X`, `#/parameters/X` or `#/responses/X`.',
  check({ document, report }) {
    const walk = (node: JsonValue, pointer: string) => {
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) walk(node[i]!, `${pointer}/${i}`);
        return;
      }
      if (!isObject(node)) return;
      for (const key in node) {
        const value = node[key]!;
        if (key === '$ref' && typeof value === 'string') {
          const target = refPointer(value);
          if (target === undefined || !/^\/(definitions|parameters|responses)\/[^/]+$/.test(target)) {
            report({
              message: `$ref "${value}" does not point directly at an entry of definitions, parameters or responses.`,
              pointer: childPointer(pointer, key),
              fix: 'Move the target into `definitions` (or parameters/responses) and reference it there.',
            });
          }
        } else if (
          value !== null &&
          typeof value === 'object' &&
          key !== 'example' &&
          key !== 'examples' &&
          key !== 'default' &&
          key !== 'enum'
        ) {
          walk(value, childPointer(pointer, key));
        }
      }
    };
    walk(document, '');
  },
};
