/** JSON helpers for the Power Platform profile: deep copy, serialization as written to a package. */
import type { JsonObject, JsonValue } from '../../types.ts';

/** Deep-copies a JSON value (the exporter never mutates its input). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Serializes a package file the way paconn and the corpus do: 2-space indent, newline at the end. */
export function serializeJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** UTF-8 byte length of a string (what the 1 MB import limit counts). */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Returns `object[key]` as an object, creating it when missing or not an object. */
export function ensureObject(object: JsonObject, key: string): JsonObject {
  const current = object[key];
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current;
  const created: JsonObject = {};
  object[key] = created;
  return created;
}
