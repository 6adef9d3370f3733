/** JSON helpers for the Power Platform profile: deep copy, serialization as written to a package. */

import { memoized } from '../../memo.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

/** Deep-copies a JSON value (the exporter never mutates its input). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Serializes a package file the way paconn and the corpus do: 2-space indent, newline at the end. */
export function serializeJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 byte length of a string (what the 1 MB import limit counts), counted without encoding it. */
export function byteLength(text: string): number {
  const first = text.search(NON_ASCII);
  if (first === -1) return text.length;
  let bytes = text.length;
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2; // 3 bytes (a lone surrogate is written as U+FFFD, also 3 bytes)
  }
  return bytes;
}

/** `serializeJson(document)`, made once per document inside `withDocumentMemo` (the size rule and the file share it). */
export function definitionTextOf(document: JsonObject): string {
  return memoized('definitionText', document, () => serializeJson(document));
}

/** `byteLength(definitionTextOf(document))`, likewise made once. */
export function definitionBytesOf(document: JsonObject): number {
  return memoized('definitionBytes', document, () => byteLength(definitionTextOf(document)));
}

/** Returns `object[key]` as an object, creating it when missing or not an object. */
export function ensureObject(object: JsonObject, key: string): JsonObject {
  const current = object[key];
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current;
  const created: JsonObject = {};
  object[key] = created;
  return created;
}
