/** JSON Pointer (RFC 6901) helpers used by every part of the core. */
import type { JsonValue } from './types.ts';

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unescapes one reference token. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds a pointer from tokens: `['paths', '/pets', 'get']` → `/paths/~1pets/get`. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.length === 0 ? '' : `/${tokens.map(escapeToken).join('/')}`;
}

/** Splits a pointer into unescaped tokens; accepts a leading `#` (URI fragment form). */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`Invalid JSON Pointer "${pointer}": it must be empty or start with "/".`);
  p = p.slice(1);
  return p.split('/').map(unescapeToken);
}

/** Appends tokens to a pointer. */
export function childPointer(pointer: string, ...tokens: Array<string | number>): string {
  return pointer + tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** Reads the value at a pointer, or undefined when any step is missing. */
export function getAt(root: unknown, pointer: string | string[]): JsonValue | undefined {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
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
