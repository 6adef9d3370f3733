/** Iterative deep copy of JSON values: deep documents never overflow the stack. */
import type { JsonObject, JsonValue } from '../types.ts';
import type { Repeats } from './refs.ts';

/**
 * Copies a JSON value without recursion. Objects shared by several parents (YAML anchors) are copied
 * once and stay shared, so the work is linear in the input and an object cycle cannot loop forever.
 */
export function deepClone<T extends JsonValue>(value: T): T {
  return cloneNoting(value, undefined);
}

/**
 * `deepClone` that also adds to `shared` every copy placed in more than one place (the copies of objects
 * the input shares), so walks over the copy know the only objects they can reach twice.
 */
export function cloneNoting<T extends JsonValue>(value: T, shared: Set<object> | undefined): T {
  if (value === null || typeof value !== 'object') return value;
  const copies = new Map<object, JsonValue>();
  const root: JsonValue = Array.isArray(value) ? new Array(value.length) : {};
  copies.set(value, root);
  // Pairs (source, its empty copy) pushed flat: this runs for every node of large documents.
  const stack: Array<object | JsonValue> = [value, root];
  while (stack.length > 0) {
    const target = stack.pop() as Record<string | number, JsonValue>;
    const source = stack.pop() as Record<string | number, JsonValue>;
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) {
        const child = source[i] as JsonValue;
        target[i] = child === null || typeof child !== 'object' ? child : copyOf(child, copies, stack, shared);
      }
      continue;
    }
    // for…in reads JSON objects' own keys without allocating a key list (they inherit no enumerable keys).
    let first = true;
    for (const key in source) {
      // Index-like keys (status codes) come first: see keepIndexKeysSparse.
      if (first) {
        first = false;
        if (startsWithDigit(key)) keepIndexKeysSparse(target);
      }
      const value = source[key]!;
      const child = value !== null && typeof value === 'object' ? copyOf(value, copies, stack, shared) : value;
      // A member named "__proto__" (legal JSON) must stay a plain member, not become the prototype.
      if (key === '__proto__')
        Object.defineProperty(target, key, { value: child, enumerable: true, writable: true, configurable: true });
      else target[key] = child;
    }
  }
  return root as T;
}

/**
 * Adds to `shared` every object `value` holds in more than one place (as cloneNoting does for its copy);
 * returns `value`.
 */
export function noteShared<T extends JsonValue>(value: T, shared: Set<object>): T {
  const seen = new Set<object>();
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) {
      shared.add(node);
      continue;
    }
    seen.add(node);
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]!);
    else for (const key in node) stack.push(node[key]!);
  }
  return value;
}

const FAR_INDEX = 2 ** 31;

/**
 * Makes `object`, still empty, keep the members it will get under array-index keys (status codes such as
 * "200" or "404") in a small table, as JSON.parse does. Set one by one on a plain new object, V8 would give
 * them an array as long as the largest index (some 5 kB for a map of responses), which costs memory and
 * every later walk of the object. A member at a far index, set and deleted, makes V8 choose the table.
 */
export function keepIndexKeysSparse(object: Record<string | number, JsonValue>): void {
  object[FAR_INDEX] = null;
  delete object[FAR_INDEX];
}

function startsWithDigit(key: string): boolean {
  const code = key.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** The copy of a container met by cloneNoting: made empty and queued the first time, reused (and noted) after. */
function copyOf(
  child: JsonObject | JsonValue[],
  copies: Map<object, JsonValue>,
  stack: Array<object | JsonValue>,
  shared: Set<object> | undefined,
): JsonValue {
  const known = copies.get(child);
  if (known !== undefined) {
    shared?.add(known as object);
    return known;
  }
  const copy: JsonValue = Array.isArray(child) ? new Array(child.length) : {};
  copies.set(child, copy);
  stack.push(child, copy);
  return copy;
}

/** Structural equality of two JSON values, iterative (and allocating little: it compares large schemas). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  // Pairs to compare, pushed flat.
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    const isArray = Array.isArray(x);
    if (isArray !== Array.isArray(y)) return false;
    if (isArray) {
      const xs = x as unknown[];
      const ys = y as unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) stack.push(xs[i], ys[i]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    let unmatched = 0;
    for (const key in xo) {
      if (!Object.hasOwn(yo, key)) return false;
      stack.push(xo[key], yo[key]);
      unmatched++;
    }
    // Every key of x is in y; equal counts then mean the same keys.
    for (const _ in yo) unmatched--;
    if (unmatched !== 0) return false;
  }
  return true;
}

/**
 * Makes a document a tree again: every object reached a second time (a component inlined in several
 * places) is replaced by its own copy, so a caller that edits one place does not edit the others.
 *
 * `shared`, when given, holds every object the document may hold in more than one place (see
 * `cloneNoting`); only those are tracked, so a document with none is walked without a set of all objects.
 * `repeats`, when given, lists every place where a walk of the document met one of them again (see
 * rewriteRefs): those alone get copies, with no walk at all (or the walk when a place has changed since).
 * Throws on a cycle (an object inside itself), which no copy can make a tree.
 */
export function unshare(document: JsonValue, shared?: Set<object>, repeats?: Repeats): void {
  if (document === null || typeof document !== 'object') return;
  if (shared !== undefined && shared.size === 0) return;
  if (repeats !== undefined && shared !== undefined && copyAtRepeats(repeats)) return;
  const walk: UnshareWalk = { shared, reached: new Set<object>([document]), stack: [document, 0], path: [] };
  const { stack, path } = walk;
  // Depth-first, keeping the containers of the current path to tell a cycle from a second parent.
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const node = stack.pop() as Record<string | number, JsonValue>;
    path.length = depth;
    path.push(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child = node[i]!;
        if (child === null || typeof child !== 'object') continue;
        const next = reach(walk, child, depth + 1);
        if (next !== child) node[i] = next;
      }
      continue;
    }
    for (const key in node) {
      const child = node[key]!;
      if (child === null || typeof child !== 'object') continue;
      const next = reach(walk, child, depth + 1);
      if (next !== child) setMember(node, key, next);
    }
  }
}

const CYCLE = 'The document contains a cycle (an object inside itself); it cannot be converted.';

/** Gives each listed place its own copy; false (nothing changed) when a place no longer holds its object. */
function copyAtRepeats(repeats: Repeats): boolean {
  if (repeats.cycle) throw new Error(CYCLE);
  const places = repeats.places;
  for (const { parent, key, node } of places) {
    if ((parent as Record<string | number, unknown>)[key] !== node) return false;
  }
  for (const { parent, key, node } of places) {
    const inner = new Set<object>();
    const copy = cloneNoting(node as JsonObject, inner);
    // The copy is a tree unless the original held an object twice.
    if (inner.size > 0) unshare(copy, inner);
    if (Array.isArray(parent)) parent[key as number] = copy;
    else setMember(parent, key as string, copy);
  }
  return true;
}

/** Replaces a member, keeping a member named "__proto__" a plain member. */
function setMember(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

interface UnshareWalk {
  shared: Set<object> | undefined;
  reached: Set<object>;
  /** Pairs (container, depth) still to walk. */
  stack: Array<JsonObject | JsonValue[] | number>;
  /** The containers from the root to the one being walked. */
  path: object[];
}

/** The child unshare keeps: itself, or its copy when it was reached before; queued when it needs walking. */
function reach(walk: UnshareWalk, child: JsonObject | JsonValue[], depth: number): JsonValue {
  const { shared, reached, stack } = walk;
  if (shared !== undefined && !shared.has(child)) {
    stack.push(child, depth);
    return child;
  }
  if (!reached.has(child)) {
    reached.add(child);
    stack.push(child, depth);
    return child;
  }
  if (walk.path.lastIndexOf(child, depth - 1) !== -1) throw new Error(CYCLE);
  const copyShared = shared === undefined ? undefined : new Set<object>();
  const copy = cloneNoting(child, copyShared) as JsonObject | JsonValue[];
  // The copy is a tree unless the original held an object twice: walk it only then.
  if (copyShared !== undefined && copyShared.size === 0) return copy;
  if (copyShared !== undefined) for (const inner of copyShared) shared!.add(inner);
  reached.add(copy);
  stack.push(copy, depth);
  return copy;
}
