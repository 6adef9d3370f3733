/** pp-schema-size: very large body/response schemas make the designer unusable and slow imports. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { MAX_SCHEMA_PROPERTIES } from '../limits.ts';
import { operationParameters } from '../util/parameters.ts';
import { deref } from '../util/refs.ts';

/** Counts properties reachable from a schema; each `$ref` target is counted once (cycle-safe). */
export function countSchemaProperties(
  document: JsonObject,
  schema: JsonValue | undefined,
  limit = Number.POSITIVE_INFINITY,
): number {
  const seenRefs = new Set<string>();
  let count = 0;
  const stack: Array<JsonValue | undefined> = [schema];
  while (stack.length > 0 && count <= limit) {
    let node = stack.pop();
    if (isObject(node) && typeof node.$ref === 'string') {
      if (seenRefs.has(node.$ref)) continue;
      seenRefs.add(node.$ref);
      node = deref(document, node, '').value;
    }
    if (!isObject(node)) continue;
    if (isObject(node.properties)) {
      const values = Object.values(node.properties);
      count += values.length;
      stack.push(...values);
    }
    if (Array.isArray(node.items)) stack.push(...node.items);
    else stack.push(node.items);
    if (isObject(node.additionalProperties)) stack.push(node.additionalProperties);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) stack.push(...list);
    }
  }
  return count;
}

export const ppSchemaSize: Rule = {
  id: 'pp-schema-size',
  versions: ['2.0'],
  description: `A request body or response schema should reach at most ${MAX_SCHEMA_PROPERTIES} properties (nested ones included, each referenced definition counted once).`,
  check({ document, resolve, report }) {
    for (const op of eachOperation(document)) {
      const check = (schema: JsonValue | undefined, pointer: string, what: string) => {
        const count = countSchemaProperties(document, schema, MAX_SCHEMA_PROPERTIES);
        if (count > MAX_SCHEMA_PROPERTIES) {
          report({
            message: `The ${what} of ${op.method.toUpperCase()} ${op.path} reaches more than ${MAX_SCHEMA_PROPERTIES} properties.`,
            pointer,
            fix: 'Simplify the schema (describe only the fields users need) or return a reference to the full object.',
          });
        }
      };
      for (const { parameter, pointer } of operationParameters(document, op)) {
        if (parameter.in === 'body') check(parameter.schema, childPointer(pointer, 'schema'), 'request body');
      }
      const responses = op.operation.responses;
      if (!isObject(responses)) continue;
      for (const [code, raw] of Object.entries(responses)) {
        const response = resolve(raw);
        if (isObject(response)) check(response.schema, childPointer(op.pointer, 'responses', code), `${code} response`);
      }
    }
  },
};
