/** JSON at JSON.parse speed, plus the duplicate-key and syntax-error reporting JSON.parse lacks. */
import type { JsonValue } from '../types.ts';
import { DefinitionError, place } from './errors.ts';
import { JsonScanError, scanJson } from './json-index.ts';
import { LineIndex } from './lines.ts';

/** Counts object keys in valid JSON text: strings followed by ':' (outside strings no '"' can occur). */
function countTextKeys(text: string): number {
  let keys = 0;
  let i = 0;
  for (;;) {
    const open = text.indexOf('"', i);
    if (open < 0) return keys;
    let close = open + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) return keys;
      let b = close - 1;
      while (text.charCodeAt(b) === 92) b--;
      if (((close - 1 - b) & 1) === 0) break;
      close++;
    }
    let k = close + 1;
    let c = text.charCodeAt(k);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++k);
    if (c === 58) keys++;
    i = close + 1;
  }
}

/** Counts own keys of every object in a parsed value (iteratively, any depth). */
function countValueKeys(value: unknown): number {
  let keys = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        keys++;
        const child = record[key];
        if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
  return keys;
}

/** Throws duplicate-key when the text repeats a key inside one object (JSON.parse would keep the last). */
export function assertNoDuplicateJsonKeys(text: string, value: JsonValue, uri: string): void {
  if (countTextKeys(text) === countValueKeys(value)) return;
  const { duplicate } = scanJson(text);
  if (duplicate === undefined) return;
  const lines = new LineIndex(text);
  const at = lines.position(duplicate.offset);
  const first = lines.position(duplicate.firstOffset);
  throw new DefinitionError(
    'duplicate-key',
    `${place(uri, at.line, at.column)}: the key "${duplicate.key}" appears twice in the same object (at ${duplicate.pointer}, first on line ${first.line}); JSON.parse would silently keep only the last one, so remove or rename one of them.`,
    { uri, pointer: duplicate.pointer, line: at.line, column: at.column },
  );
}

/** Builds the json-syntax error for text JSON.parse rejected, placed by the scanner. */
export function jsonSyntaxError(text: string, uri: string, parseError: unknown): DefinitionError {
  let offset: number | undefined;
  let reason = parseError instanceof Error ? parseError.message : String(parseError);
  try {
    scanJson(text);
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    offset = error.offset;
    reason = error.message;
  }
  const at = offset === undefined ? undefined : new LineIndex(text).position(offset);
  return new DefinitionError(
    'json-syntax',
    `${place(uri, at?.line, at?.column)}: invalid JSON: ${reason}; fix the JSON at that position (a missing comma, quote or bracket, or a trailing comma, is the usual cause).`,
    { uri, ...(at === undefined ? {} : { line: at.line, column: at.column }), cause: parseError },
  );
}
