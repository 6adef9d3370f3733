/** The `format` values Power Platform's definition schema accepts, and a walker over every `format` keyword. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

/** From `definitions/format` of apiDefinition.swagger.schema.json (Swagger formats plus date-no-tz and html). */
export const PP_FORMATS = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'date',
  'date-time',
  'password',
  'date-no-tz',
  'email',
  'html',
  'uri',
  'uuid',
];

/** Calls `visit` for each object that has a string `format` (schemas, parameters, headers, items); skips example data. */
export function eachFormat(document: JsonObject, visit: (holder: JsonObject, pointer: string) => void): void {
  const walk = (node: JsonValue, pointer: string, namesOnly: boolean) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, childPointer(pointer, i), false);
      });
      return;
    }
    if (!isObject(node)) return;
    if (!namesOnly && typeof node.format === 'string') visit(node, pointer);
    for (const [key, value] of Object.entries(node)) {
      if (
        !namesOnly &&
        (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key.startsWith('x-'))
      )
        continue;
      walk(
        value,
        childPointer(pointer, key),
        !namesOnly && (key === 'properties' || key === 'definitions' || key === 'headers'),
      );
    }
  };
  walk(document, '', false);
}
