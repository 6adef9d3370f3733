/** pp-schema-property-name: property names the designer can show and address. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachSchema } from '../util/schemas.ts';

export const ppSchemaPropertyName: Rule = {
  id: 'pp-schema-property-name',
  versions: ['2.0'],
  description: 'Schema property names must not be empty and should not start or end with whitespace.',
  check({ document, report }) {
    eachSchema(document, (schema, pointer) => {
      if (!isObject(schema.properties)) return;
      for (const name in schema.properties) {
        if (name === '') {
          report({
            message: 'A property has an empty name.',
            pointer: childPointer(pointer, 'properties', name),
            severity: 'error',
            fix: 'Give the property a name.',
          });
        } else if (name.trim() !== name) {
          report({
            message: `Property name ${JSON.stringify(name)} starts or ends with whitespace.`,
            pointer: childPointer(pointer, 'properties', name),
            fix: 'Remove the surrounding whitespace from the name.',
          });
        }
      }
    });
  },
};
