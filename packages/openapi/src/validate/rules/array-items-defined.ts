/** Swagger 2.0 and OpenAPI 3.0 require `items` whenever `type` is `array`; without it the element type is unknown. */
import type { Rule } from '../rule.ts';
import { eachObject } from '../schema-walk.ts';

export const arrayItemsDefined: Rule = {
  id: 'array-items-defined',
  description: 'Schemas and parameters with type: array define items.',
  versions: ['2.0', '3.0'],
  check({ document, report }) {
    eachObject(document, (node, pointer) => {
      if (node.type !== 'array' || node.items !== undefined || node.$ref !== undefined) return;
      report({
        message: 'This array has no "items", so the type of its elements is unknown.',
        pointer: pointer(),
        fix: 'Add "items", e.g. { "type": "string" } (or {} for any value).',
      });
    });
  },
};
