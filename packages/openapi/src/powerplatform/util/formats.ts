/** The `format` values Power Platform's definition schema accepts, and a walker over every `format` keyword. */

import { memoized } from '../../memo.ts';
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
  for (const [holder, pointer] of memoized('eachFormat', document, () => listFormats(document))) visit(holder, pointer);
}

function listFormats(document: JsonObject): Array<[JsonObject, string]> {
  const out: Array<[JsonObject, string]> = [];
  const walk = (node: JsonValue, pointer: string, namesOnly: boolean) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i]!, `${pointer}/${i}`, false);
      return;
    }
    if (!isObject(node)) return;
    if (!namesOnly && typeof node.format === 'string') out.push([node, pointer]);
    for (const key in node) {
      const value = node[key]!;
      // Only objects and arrays can hold formats: skip the rest before building their pointer.
      if (value === null || typeof value !== 'object') continue;
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
  return out;
}
