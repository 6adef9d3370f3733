/** pp-property-summary: schema properties carry x-ms-summary labels (reported once per schema). */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachSchema } from '../util/schemas.ts';

export const ppPropertySummary: Rule = {
  id: 'pp-property-summary',
  versions: ['2.0'],
  description:
    'Visible schema properties should have an `x-ms-summary`; reported once per schema that has unlabelled properties.',
  check({ document, report }) {
    eachSchema(document, (schema, pointer) => {
      if (!isObject(schema.properties)) return;
      const missing = Object.entries(schema.properties)
        .filter(([, p]) => isObject(p) && typeof p.$ref !== 'string' && p['x-ms-visibility'] !== 'internal')
        .filter(([, p]) => isObject(p) && (typeof p['x-ms-summary'] !== 'string' || p['x-ms-summary'] === ''))
        .map(([name]) => name);
      if (missing.length === 0) return;
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length} in all)` : '');
      report({
        message: `${missing.length} propert${missing.length === 1 ? 'y has' : 'ies have'} no x-ms-summary: ${shown}.`,
        pointer: childPointer(pointer, 'properties'),
        fix: 'Add `x-ms-summary` (a Title Case label) to each property; `--fix` leaves schemas as they are to keep the definition small.',
      });
    });
  },
};
