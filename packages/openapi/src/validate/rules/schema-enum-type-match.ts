/** Every `enum` value has the declared `type`; a mismatched value can never be sent or received. */
import { childPointer } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { Rule } from '../rule.ts';
import { eachObject } from '../schema-walk.ts';

export const schemaEnumTypeMatch: Rule = {
  id: 'schema-enum-type-match',
  description: 'enum values match the type of their schema or parameter.',
  check({ document, report }) {
    eachObject(document, (node, pointer) => {
      const values = node.enum;
      if (!Array.isArray(values)) return;
      const types = declaredTypes(node);
      if (types.length === 0) return;
      for (let index = 0; index < values.length; index++) {
        const value = values[index] as JsonValue;
        if (types.some((type) => hasType(value, type))) continue;
        report({
          message: `enum value ${JSON.stringify(value)} is not of type ${types.join(' or ')}.`,
          pointer: childPointer(pointer(), 'enum', index),
          fix: `Write the value as ${types[0]} (e.g. "1" for a string, 1 for a number), or correct "type".`,
        });
      }
    });
  },
};

function declaredTypes(node: JsonObject): string[] {
  const raw = node.type;
  const types = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((t) => typeof t === 'string') : [];
  if (types.length === 0) return [];
  if (node.nullable === true || node['x-nullable'] === true) types.push('null');
  return types as string[];
}

function hasType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true; // `file` (2.0) and unknown types are the schema's business
  }
}
