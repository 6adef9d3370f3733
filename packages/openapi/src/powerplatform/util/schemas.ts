/** Visits every schema object of a Swagger 2.0 document once, at the place it is written. */

import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { eachOperation, HTTP_METHODS } from '../../walk.ts';

export type SchemaVisitor = (schema: JsonObject, pointer: string) => void;

/** Calls `visit` for each schema (definitions, parameter and response schemas, nested subschemas); `$ref`s are not followed. */
export function eachSchema(document: JsonObject, visit: SchemaVisitor): void {
  for (const [schema, pointer] of memoized('eachSchema', document, () => listSchemas(document))) visit(schema, pointer);
}

function listSchemas(document: JsonObject): Array<[JsonObject, string]> {
  const out: Array<[JsonObject, string]> = [];
  const seen = new Set<object>();
  const walk = (node: JsonValue | undefined, pointer: string) => {
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    out.push([node, pointer]);
    if (isObject(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) walk(sub, childPointer(pointer, 'properties', name));
    }
    if (Array.isArray(node.items))
      node.items.forEach((sub, i) => {
        walk(sub, childPointer(pointer, 'items', i));
      });
    else walk(node.items, childPointer(pointer, 'items'));
    walk(node.additionalProperties, childPointer(pointer, 'additionalProperties'));
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list))
        list.forEach((sub, i) => {
          walk(sub, childPointer(pointer, key, i));
        });
    }
    walk(node.not, childPointer(pointer, 'not'));
  };
  if (isObject(document.definitions)) {
    for (const [name, schema] of Object.entries(document.definitions)) walk(schema, childPointer('/definitions', name));
  }
  const parameterSchemas = (list: JsonValue | undefined, pointer: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (isObject(p)) walk(p.schema, childPointer(pointer, i, 'schema'));
    });
  };
  if (isObject(document.parameters)) {
    for (const [name, p] of Object.entries(document.parameters)) {
      if (isObject(p)) walk(p.schema, childPointer('/parameters', name, 'schema'));
    }
  }
  const responseSchemas = (responses: JsonValue | undefined, pointer: string) => {
    if (!isObject(responses)) return;
    for (const [code, r] of Object.entries(responses)) {
      if (isObject(r)) walk(r.schema, childPointer(pointer, code, 'schema'));
    }
  };
  responseSchemas(document.responses, '/responses');
  if (isObject(document.paths)) {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!isObject(item)) continue;
      const itemPointer = childPointer('/paths', path);
      parameterSchemas(item.parameters, childPointer(itemPointer, 'parameters'));
      const notification = item['x-ms-notification-content'];
      if (isObject(notification))
        walk(notification.schema, childPointer(itemPointer, 'x-ms-notification-content', 'schema'));
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const opPointer = childPointer(itemPointer, method);
        parameterSchemas(op.parameters, childPointer(opPointer, 'parameters'));
        responseSchemas(op.responses, childPointer(opPointer, 'responses'));
      }
    }
  }
  return out;
}

/** Counts operations (path item methods) of a document. */
export function countOperations(document: JsonObject): number {
  return eachOperation(document).length;
}
