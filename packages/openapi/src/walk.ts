/** Small traversal helpers shared by rules, converters and the model. */

import { memoized } from './memo.ts';
import { childPointer, isObject, parsePointer } from './pointer.ts';
import type { JsonObject, JsonValue } from './types.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationRef {
  path: string;
  method: HttpMethod;
  operation: JsonObject;
  pathItem: JsonObject;
  /** Pointer of the operation object, e.g. `/paths/~1pets/get`. */
  pointer: string;
}

/**
 * Lists every operation of `paths` (following a `$ref`'d path item when it is internal). Inside
 * `withDocumentMemo` (rule runs, where the document is only read) the list is made once per document and shared.
 */
export function eachOperation(document: JsonObject): OperationRef[] {
  return memoized('eachOperation', document, () => listOperations(document));
}

function listOperations(document: JsonObject): OperationRef[] {
  const out: OperationRef[] = [];
  const paths = document.paths;
  if (!isObject(paths)) return out;
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = resolveInternal(document, rawItem);
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) {
        out.push({ path, method, operation, pathItem, pointer: childPointer('/paths', path, method) });
      }
    }
  }
  return out;
}

/**
 * Follows a chain of internal `$ref`s (`#/…`) from `node`; returns the final target, `node` itself
 * when it is not a reference, or undefined when the chain is broken, external or circular.
 */
export function resolveInternal(document: JsonValue, node: unknown, maxHops = 64): JsonValue | undefined {
  let current = node;
  for (let hops = 0; hops < maxHops; hops++) {
    if (!isObject(current) || typeof current.$ref !== 'string') return current as JsonValue | undefined;
    const ref = current.$ref;
    if (!ref.startsWith('#')) return undefined;
    let target: unknown = document;
    try {
      for (const token of parsePointer(ref)) {
        if (Array.isArray(target)) target = target[Number(token)];
        else if (isObject(target) && Object.hasOwn(target, token)) target = target[token];
        else return undefined;
      }
    } catch {
      return undefined;
    }
    current = target;
  }
  return undefined;
}
