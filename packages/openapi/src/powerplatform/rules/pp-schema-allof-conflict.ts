/** pp-schema-allof-conflict: allOf members must agree on their type. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachSchema } from '../util/schemas.ts';

export const ppSchemaAllofConflict: Rule = {
  id: 'pp-schema-allof-conflict',
  versions: ['2.0'],
  description: '`allOf` members (and the schema itself) must not declare conflicting `type`s.',
  check({ document, resolve, report }) {
    eachSchema(document, (schema, pointer) => {
      if (!Array.isArray(schema.allOf)) return;
      const types = new Set<string>();
      if (typeof schema.type === 'string') types.add(schema.type);
      for (const member of schema.allOf) {
        const target = resolve(member);
        if (isObject(target) && typeof target.type === 'string') types.add(target.type);
        else if (isObject(target) && target.type === undefined && isObject(target.properties)) types.add('object');
      }
      // integer is a subset of number: not a conflict.
      if (types.has('integer') && types.has('number')) types.delete('number');
      if (types.size > 1) {
        report({
          message: `allOf combines conflicting types: ${[...types].join(', ')}.`,
          pointer: childPointer(pointer, 'allOf'),
          fix: 'Give all allOf members the same type, or flatten the schema.',
        });
      }
    });
  },
};
