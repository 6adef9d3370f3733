/** Helpers for internal `$ref`s in Swagger 2.0 documents. */
import { getAt, isObject, parsePointer, toPointer } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

/** The normalized JSON Pointer a `#/…` reference names, or undefined for external or malformed refs. */
export function refPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  // Already normal (nothing to decode or unescape): the common case, on every `$ref` of every walk.
  if (ref.length > 1 && ref.charCodeAt(1) === 47 && ref.indexOf('%') === -1 && ref.indexOf('~') === -1)
    return ref.slice(1);
  try {
    return toPointer(parsePointer(ref));
  } catch {
    return undefined;
  }
}

/** Follows internal `$ref`s from `node`; returns the final target and the pointer where it lives. */
export function deref(
  document: JsonObject,
  node: JsonValue | undefined,
  pointer: string,
): { value: JsonValue | undefined; pointer: string } {
  let value = node;
  let at = pointer;
  for (let hops = 0; hops < 64; hops++) {
    if (!isObject(value) || typeof value.$ref !== 'string') return { value, pointer: at };
    const next = refPointer(value.$ref);
    if (next === undefined) return { value: undefined, pointer: at };
    at = next;
    value = getAt(document, next);
  }
  return { value: undefined, pointer: at };
}
