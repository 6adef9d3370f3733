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

/** Runs of characters outside ASCII: each adds 1 or 2 bytes per UTF-16 code unit to the text's length. */
const NON_ASCII = /[\u0080-\uffff]+/g;

/** UTF-8 byte length of a string (what the 1 MB import limit counts), counted without encoding it. */
export function byteLength(text: string): number {
  let bytes = text.length;
  NON_ASCII.lastIndex = 0;
  for (let match = NON_ASCII.exec(text); match !== null; match = NON_ASCII.exec(text)) {
    const run = match[0];
    for (let i = 0; i < run.length; i++) {
      const code = run.charCodeAt(i);
      if (code < 0x800) bytes += 1;
      else if (code >= 0xd800 && code <= 0xdbff && (run.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes += 2; // a surrogate pair: 4 bytes for 2 code units
        i++;
      } else bytes += 2; // 3 bytes (a lone surrogate is written as U+FFFD, also 3 bytes)
    }
  }
  return bytes;
}

/** `serializeJson(document)`, made once per document inside `withDocumentMemo` (the size rule and the file share it). */
export function definitionTextOf(document: JsonObject): string {
  return definitionOf(document).text;
}

/** `byteLength(definitionTextOf(document))`, likewise made once. */
export function definitionBytesOf(document: JsonObject): number {
  return definitionOf(document).bytes;
}

function definitionOf(document: JsonObject): { text: string; bytes: number } {
  return memoized('definition', document, () => {
    // Counted before the final newline is added: the text as `JSON.stringify` returns it is read in one piece.
    const json = JSON.stringify(document, null, 2);
    return { text: `${json}\n`, bytes: byteLength(json) + 1 };
  });
}

/** Returns `object[key]` as an object, creating it when missing or not an object. */
export function ensureObject(object: JsonObject, key: string): JsonObject {
  const current = object[key];
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current;
  const created: JsonObject = {};
  object[key] = created;
  return created;
}
