/** pp-schema-size: very large body/response schemas make the designer unusable and slow imports. */
import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { MAX_SCHEMA_PROPERTIES } from '../limits.ts';
import { operationParameters } from '../util/parameters.ts';
import { deref } from '../util/refs.ts';

/**
 * Counts properties reachable from a schema; each `$ref` is followed once (cycle-safe). The count stops as soon
 * as it exceeds `limit`. Inside `withDocumentMemo` each referenced schema is walked once for every count: a
 * count adds up the properties written in the schema and in each distinct `$ref` target it reaches.
 */
export function countSchemaProperties(
  document: JsonObject,
  schema: JsonValue | undefined,
  limit = Number.POSITIVE_INFINITY,
): number {
  const top = inlineProperties(schema, limit);
  let count = top.count;
  const seenRefs = new Set<string>();
  const queue = [...top.refs];
  while (queue.length > 0 && count <= limit) {
    const ref = queue.pop()!;
    if (seenRefs.has(ref)) continue;
    seenRefs.add(ref);
    const target = refTarget(document, ref);
    if (!isObject(target)) continue;
    const inline = targetProperties(target, limit);
    count += inline.count;
    for (const next of inline.refs) if (!seenRefs.has(next)) queue.push(next);
  }
  return count;
}

/** Properties written in a schema (nested objects, arrays, allOf… included) and the `$ref`s it holds, not followed. */
interface InlineProperties {
  count: number;
  refs: string[];
}

function inlineProperties(schema: JsonValue | undefined, limit: number): InlineProperties {
  const refs: string[] = [];
  let count = 0;
  const stack: Array<JsonValue | undefined> = [schema];
  while (stack.length > 0 && count <= limit) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (typeof node.$ref === 'string') {
      refs.push(node.$ref);
      continue;
    }
    const { properties, items } = node;
    if (isObject(properties)) {
      for (const name in properties) {
        count++;
        stack.push(properties[name]);
      }
    }
    if (Array.isArray(items)) for (const item of items) stack.push(item);
    else stack.push(items);
    if (isObject(node.additionalProperties)) stack.push(node.additionalProperties);
    for (const key of COMBINATIONS) {
      const list = node[key];
      if (Array.isArray(list)) for (const item of list) stack.push(item);
    }
  }
  return { count, refs };
}

const COMBINATIONS = ['allOf', 'anyOf', 'oneOf'] as const;

const MEMO_KEY = {};

/** `inlineProperties` of a `$ref` target, kept per memo when complete (within the limit). */
function targetProperties(target: JsonObject, limit: number): InlineProperties {
  const cache = memoized('schemaInlineProperties', MEMO_KEY, () => new WeakMap<object, InlineProperties>());
  let found = cache.get(target);
  if (found === undefined) {
    found = inlineProperties(target, limit);
    if (found.count <= limit) cache.set(target, found);
  }
  return found;
}

/** The schema a `$ref` leads to (following chains), looked up once per document inside `withDocumentMemo`. */
function refTarget(document: JsonObject, ref: string): JsonValue | undefined {
  const targets = memoized('schemaRefTargets', document, () => new Map<string, JsonValue | undefined>());
  if (!targets.has(ref)) targets.set(ref, deref(document, { $ref: ref }, '').value);
  return targets.get(ref);
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
