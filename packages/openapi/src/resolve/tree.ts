/** Small JSON tree helpers for bundling: containers, safe member assignment, pointer walks, path copying. */
import type { JsonObject, JsonValue } from '../types.ts';

export type Container = JsonValue[] | JsonObject;

/** True for objects and arrays. */
export const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** True for an object with a string `$ref`. */
export const isRefObject = (v: unknown): v is JsonObject & { $ref: string } =>
  isContainer(v) && !Array.isArray(v) && typeof (v as JsonObject).$ref === 'string';

/** Sets a member or item; `__proto__` becomes an own property, as JSON.parse makes it. */
export function setMember(target: Container, key: string, value: JsonValue): void {
  if (Array.isArray(target)) target[Number(key)] = value;
  else if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An empty container of the same kind (array or object). */
export const emptyLike = (v: Container): Container => (Array.isArray(v) ? [] : {});

/** Encodes a pointer for use as a URI fragment (`%`, `#`, spaces and quotes escaped). */
export function fragment(pointer: string): string {
  return `#${pointer.replace(/[%#\s"<>\\^`|]/g, (c) => encodeURIComponent(c))}`;
}

/** A node on a walk: linked to its parent so pointers are only built when needed. */
export interface Frame {
  key: string;
  parent: Frame | undefined;
  /** Tokens of the walk's starting point, in the main document and in the source document. */
  mainBase?: readonly string[];
  srcBase?: readonly string[];
}

/** The pointer tokens of a frame, from the main document's or the source document's root. */
export function tokensOf(frame: Frame, base: 'mainBase' | 'srcBase'): string[] {
  const out: string[] = [];
  let f: Frame | undefined = frame;
  while (f !== undefined && f[base] === undefined) {
    out.push(f.key);
    f = f.parent;
  }
  out.reverse();
  return f === undefined ? out : [...(f[base] as readonly string[]), ...out];
}

/** Returns a copy of `root` with values set at the given paths; containers on those paths are copied, the rest shared. */
export function withChanges(
  root: JsonObject,
  replacements: ReadonlyArray<{ tokens: string[]; value: JsonValue }>,
  additions: ReadonlyArray<{ tokens: string[]; value: JsonValue }>,
): JsonObject {
  if (replacements.length === 0 && additions.length === 0) return root;
  const fresh = new Set<object>();
  const document: JsonObject = { ...root };
  fresh.add(document);
  const parentOf = (tokens: string[], create: boolean): Container | undefined => {
    let current: Container = document;
    for (const token of tokens.slice(0, -1)) {
      let child: JsonValue | undefined = Array.isArray(current)
        ? current[Number(token)]
        : Object.hasOwn(current, token)
          ? current[token]
          : undefined;
      if (!isContainer(child)) {
        if (!create) return undefined;
        child = {};
      } else if (!fresh.has(child)) {
        child = Array.isArray(child) ? [...child] : { ...child };
      }
      fresh.add(child);
      setMember(current, token, child);
      current = child;
    }
    return current;
  };
  for (const { tokens, value } of replacements) {
    const parent = parentOf(tokens, false);
    if (parent !== undefined) setMember(parent, tokens[tokens.length - 1] as string, value);
  }
  for (const { tokens, value } of additions) {
    const parent = parentOf(tokens, true) as Container;
    setMember(parent, tokens[tokens.length - 1] as string, value);
  }
  return document;
}
