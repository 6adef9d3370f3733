/** Visits every schema object of a Swagger 2.0 document once, at the place it is written. */

import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { eachOperation, HTTP_METHODS } from '../../walk.ts';

export type SchemaVisitor = (schema: JsonObject, pointer: string) => void;

type SchemaList = Array<[JsonObject, string]>;

/** Calls `visit` for each schema (definitions, parameter and response schemas, nested subschemas); `$ref`s are not followed. */
export function eachSchema(document: JsonObject, visit: SchemaVisitor): void {
  for (const [schema, pointer] of memoized('eachSchema', document, () => listSchemas(document))) visit(schema, pointer);
}

/**
 * Every schema in document order, each at its first place. The schemas of each part packages share (a path
 * item's parameters, notification content and operations; an entry of definitions, parameters or responses)
 * are listed once per memo and replayed: a part's list skips what earlier parts reached, exactly as one walk does,
 * because everything reachable from a listed schema is listed with it.
 */
function listSchemas(document: JsonObject): SchemaList {
  const out: SchemaList = [];
  const seen = new Set<object>();
  const replay = (list: SchemaList) => {
    for (const entry of list) {
      if (seen.has(entry[0])) continue;
      seen.add(entry[0]);
      out.push(entry);
    }
  };
  const parts = memoized('schemaParts', MEMO_KEY, () => new WeakMap<object, { pointer: string; list: SchemaList }>());
  /** The schemas of the part `node` at `pointer`, listed by `list`. */
  const part = (node: JsonValue | undefined, pointer: string, list: (node: JsonObject, into: Walk) => void) => {
    if (node === null || typeof node !== 'object') return;
    const known = parts.get(node);
    if (known !== undefined && known.pointer === pointer) return replay(known.list);
    const walk = new Walk();
    list(node as JsonObject, walk);
    if (known === undefined) parts.set(node, { pointer, list: walk.list });
    replay(walk.list);
  };
  if (isObject(document.definitions)) {
    for (const [name, schema] of Object.entries(document.definitions)) {
      const pointer = childPointer('/definitions', name);
      part(schema, pointer, (node, walk) => walk.schema(node, pointer));
    }
  }
  const parameterSchemas = (list: JsonValue | undefined, pointer: string, walk: Walk) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (isObject(p)) walk.schema(p.schema, childPointer(pointer, i, 'schema'));
    });
  };
  const responseSchemas = (responses: JsonValue | undefined, pointer: string, walk: Walk) => {
    if (!isObject(responses)) return;
    for (const [code, r] of Object.entries(responses)) {
      if (isObject(r)) walk.schema(r.schema, childPointer(pointer, code, 'schema'));
    }
  };
  for (const map of ['parameters', 'responses'] as const) {
    const holder = document[map];
    if (!isObject(holder)) continue;
    for (const [name, entry] of Object.entries(holder)) {
      const pointer = childPointer(`/${map}`, name);
      part(entry, pointer, (node, walk) => {
        if (!Array.isArray(node)) walk.schema(node.schema, childPointer(pointer, 'schema'));
      });
    }
  }
  if (isObject(document.paths)) {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!isObject(item)) continue;
      const itemPointer = childPointer('/paths', path);
      const parameters = childPointer(itemPointer, 'parameters');
      part(item.parameters, parameters, (node, walk) => parameterSchemas(node, parameters, walk));
      const notification = childPointer(itemPointer, 'x-ms-notification-content');
      part(item['x-ms-notification-content'], notification, (node, walk) => {
        if (!Array.isArray(node)) walk.schema(node.schema, childPointer(notification, 'schema'));
      });
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const opPointer = childPointer(itemPointer, method);
        part(op, opPointer, (node, walk) => {
          parameterSchemas(node.parameters, childPointer(opPointer, 'parameters'), walk);
          responseSchemas(node.responses, childPointer(opPointer, 'responses'), walk);
        });
      }
    }
  }
  return out;
}

const MEMO_KEY = {};
const COMBINATIONS = ['allOf', 'anyOf', 'oneOf'] as const;

/** A walk of schemas and their subschemas, each listed once, at its first place. */
class Walk {
  readonly list: SchemaList = [];
  readonly #seen = new Set<object>();

  schema(node: JsonValue | undefined, pointer: string): void {
    if (!isObject(node) || this.#seen.has(node)) return;
    this.#seen.add(node);
    this.list.push([node, pointer]);
    // Pointers are built only for subschemas that are there.
    const { properties, items, additionalProperties, not } = node;
    if (isObject(properties)) {
      for (const name in properties) this.schema(properties[name], childPointer(pointer, 'properties', name));
    }
    if (Array.isArray(items)) this.#list(items, pointer, 'items');
    else if (isObject(items)) this.schema(items, childPointer(pointer, 'items'));
    if (isObject(additionalProperties))
      this.schema(additionalProperties, childPointer(pointer, 'additionalProperties'));
    for (const key of COMBINATIONS) {
      const list = node[key];
      if (Array.isArray(list)) this.#list(list, pointer, key);
    }
    if (isObject(not)) this.schema(not, childPointer(pointer, 'not'));
  }

  #list(list: JsonValue[], pointer: string, key: string): void {
    for (let i = 0; i < list.length; i++) if (isObject(list[i])) this.schema(list[i], childPointer(pointer, key, i));
  }
}

/** Counts operations (path item methods) of a document. */
export function countOperations(document: JsonObject): number {
  return eachOperation(document).length;
}
