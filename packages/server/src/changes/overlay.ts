/**
 * The maker's customisations of a connector as an overlay: a JSON-Pointer-level patch from the package that was
 * imported from the source (the base) to the connector as it is now. Objects are compared key by key, arrays
 * and scalars as whole values, so each operation names the smallest place the maker changed.
 */
import { escapeToken, type JsonObject, type JsonValue, parsePointer, toPointer } from '@portico/openapi';

/** A connector's two documents as one tree, so one pointer space covers both (`/definition/…`, `/properties/…`). */
export interface SourceDocuments {
  definition: JsonObject;
  properties: JsonObject;
}

/** One change of the overlay: set a value (added or replaced) or remove one, at a JSON Pointer. */
export type OverlayOp = { op: 'add' | 'replace'; path: string; value: JsonValue } | { op: 'remove'; path: string };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

/** The patch that turns `base` into `current`: what the maker changed. */
export function computeOverlay(base: SourceDocuments, current: SourceDocuments): OverlayOp[] {
  const ops: OverlayOp[] = [];
  walk(base as unknown as JsonObject, current as unknown as JsonObject, [], ops);
  return ops;
}

function walk(before: JsonObject, after: JsonObject, tokens: string[], ops: OverlayOp[]): void {
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) ops.push({ op: 'remove', path: toPointer([...tokens, key]) });
  }
  for (const [key, value] of Object.entries(after)) {
    const path = [...tokens, key];
    if (!Object.hasOwn(before, key)) {
      ops.push({ op: 'add', path: toPointer(path), value });
      continue;
    }
    const old = before[key];
    if (isObject(old) && isObject(value)) walk(old, value, path, ops);
    else if (!sameJson(old, value)) ops.push({ op: 'replace', path: toPointer(path), value });
  }
}

/** The value at a pointer, or undefined when any step is missing (arrays are indexed by number). */
export function valueAt(root: unknown, pointer: string): JsonValue | undefined {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = /^\d+$/.test(token) ? node[Number(token)] : undefined;
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node as JsonValue;
}

/** True when every parent of the pointer exists as an object in `root`. */
export function parentExists(root: unknown, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  return isObject(valueAt(root, toPointer(tokens.slice(0, -1))));
}

/** Sets an own property, even one named `__proto__` (definitions are data; no prototype is ever touched). */
function setOwn(node: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Applies one operation to `root` in place. Missing parents are created from `fill` (the maker's document) when
 * given, so that keeping a customisation of something the source removed keeps the maker's whole object.
 */
export function applyOp(root: JsonObject, op: OverlayOp, fill?: JsonObject): void {
  const tokens = parsePointer(op.path);
  const last = tokens.pop();
  if (last === undefined) throw new Error('An overlay operation cannot target the document root.');
  let node: JsonObject = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = Object.hasOwn(node, token) ? node[token] : undefined;
    if (isObject(next)) {
      node = next;
      continue;
    }
    if (op.op === 'remove') return;
    const from = fill ? valueAt(fill, toPointer(tokens.slice(0, i + 1))) : undefined;
    if (isObject(from)) {
      setOwn(node, token, structuredClone(from));
      return;
    }
    const made: JsonObject = {};
    setOwn(node, token, made);
    node = made;
  }
  if (op.op === 'remove') delete node[last];
  else setOwn(node, last, structuredClone(op.value));
}

/** JSONPath (RFC 9535 normalized form) of a JSON Pointer, e.g. `/paths/~1items/get` → `$['paths']['/items']['get']`. */
export function toJsonPath(pointer: string): string {
  const quote = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `$${parsePointer(pointer)
    .map((t) => `[${quote(t)}]`)
    .join('')}`;
}

/** An OpenAPI Overlay 1.0 action. */
export type OverlayAction = { target: string; update: JsonValue } | { target: string; remove: true };

/**
 * The overlay operations on one document (`definition` or `properties`) as an OpenAPI Overlay 1.0 document:
 * a value set at `…/key` becomes an update of its parent with `{ key: value }`; a replaced array is removed
 * first (Overlay updates append to arrays); a removal removes its target.
 */
export function toOverlayDocument(
  ops: readonly OverlayOp[],
  document: 'definition' | 'properties',
  info: { title: string; version: string },
  extendsUrl?: string,
): JsonObject {
  const prefix = `/${document}`;
  const actions: OverlayAction[] = [];
  for (const op of ops) {
    if (!op.path.startsWith(`${prefix}/`)) continue;
    const inner = op.path.slice(prefix.length);
    if (op.op === 'remove') {
      actions.push({ target: toJsonPath(inner), remove: true });
      continue;
    }
    const tokens = parsePointer(inner);
    const key = tokens.pop()!;
    if (op.op === 'replace' && Array.isArray(op.value)) actions.push({ target: toJsonPath(inner), remove: true });
    actions.push({ target: toJsonPath(toPointer(tokens)), update: { [key]: op.value } });
  }
  return {
    overlay: '1.0.0',
    info: { title: info.title, version: info.version },
    ...(extendsUrl ? { extends: extendsUrl } : {}),
    actions: actions as unknown as JsonValue[],
  };
}

/** A readable name of where an overlay path points (operation and field), for messages. */
export function describePath(path: string): string {
  const tokens = parsePointer(path);
  if (tokens[0] === 'definition' && tokens[1] === 'paths' && tokens.length >= 4) {
    const rest = tokens.slice(4).map((t) => escapeToken(t));
    return `${tokens[3]!.toUpperCase()} ${tokens[2]}${rest.length ? ` → ${rest.join('/')}` : ''}`;
  }
  return path;
}
