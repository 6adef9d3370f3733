/** JSON Pointer (RFC 6901) helpers used by every part of the core. */
import type { JsonValue } from './types.ts';

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  // Fast path: most tokens hold neither character, and this runs for every node of large documents.
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unescapes one reference token. */
export function unescapeToken(token: string): string {
  if (token.indexOf('~') === -1) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds a pointer from tokens: `['paths', '/pets', 'get']` → `/paths/~1pets/get`. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.length === 0 ? '' : `/${tokens.map(escapeToken).join('/')}`;
}

/** Splits a pointer into unescaped tokens; accepts a leading `#` (URI fragment form). */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? decodeFragment(pointer.slice(1)) : pointer;
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`Invalid JSON Pointer "${pointer}": it must be empty or start with "/".`);
  p = p.slice(1);
  return p.split('/').map(unescapeToken);
}

/** `decodeURIComponent`, skipped when there is nothing to decode (the common case, on every `$ref`). */
function decodeFragment(fragment: string): string {
  return fragment.indexOf('%') === -1 ? fragment : decodeURIComponent(fragment);
}

/** Appends tokens to a pointer. */
export function childPointer(pointer: string, ...tokens: Array<string | number>): string {
  let out = pointer;
  for (const token of tokens) out += `/${escapeToken(token)}`;
  return out;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Reads the value at a pointer, or undefined when any step is missing. */
export function getAt(root: unknown, pointer: string | string[]): JsonValue | undefined {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(token)) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object') {
      if (!Object.hasOwn(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node as JsonValue;
}

/** True when the value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
