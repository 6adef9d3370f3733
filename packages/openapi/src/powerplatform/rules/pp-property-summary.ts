/** pp-property-summary: schema properties carry x-ms-summary labels (reported once per schema). */
import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachSchema } from '../util/schemas.ts';

const MEMO_KEY = {};

/** The finding's message for a schema with unlabelled visible properties, or null. */
function describeMissing(schema: JsonObject): string | null {
  const properties = schema.properties;
  if (!isObject(properties)) return null;
  const missing: string[] = [];
  for (const name in properties) {
    const p = properties[name];
    if (!isObject(p) || typeof p.$ref === 'string' || p['x-ms-visibility'] === 'internal') continue;
    if (typeof p['x-ms-summary'] !== 'string' || p['x-ms-summary'] === '') missing.push(name);
  }
  if (missing.length === 0) return null;
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length} in all)` : '');
  return `${missing.length} propert${missing.length === 1 ? 'y has' : 'ies have'} no x-ms-summary: ${shown}.`;
}

export const ppPropertySummary: Rule = {
  id: 'pp-property-summary',
  versions: ['2.0'],
  description:
    'Visible schema properties should have an `x-ms-summary`; reported once per schema that has unlabelled properties.',
  check({ document, report }) {
    // The message depends on the schema only: made once per schema per memo (packages of a split share schemas).
    const messages = memoized('pp-property-summary', MEMO_KEY, () => new WeakMap<object, string | null>());
    eachSchema(document, (schema, pointer) => {
      if (!isObject(schema.properties)) return;
      let message = messages.get(schema);
      if (message === undefined) {
        message = describeMissing(schema);
        messages.set(schema, message);
      }
      if (message === null) return;
      report({
        message,
        pointer: childPointer(pointer, 'properties'),
        fix: 'Add `x-ms-summary` (a Title Case label) to each property; `--fix` leaves schemas as they are to keep the definition small.',
      });
    });
  },
};
