/** Iterative deep copy of JSON values: deep documents never overflow the stack. */
import type { JsonObject, JsonValue } from '../types.ts';

/**
 * Copies a JSON value without recursion. Objects shared by several parents (YAML anchors) are copied
 * once and stay shared, so the work is linear in the input and an object cycle cannot loop forever.
 */
export function deepClone<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copies = new Map<object, JsonValue>();
  const root: JsonValue = Array.isArray(value) ? new Array(value.length) : {};
  copies.set(value, root);
  const stack: Array<[source: object, target: JsonValue]> = [[value, root]];
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    if (Array.isArray(source)) {
      const out = target as JsonValue[];
      for (let i = 0; i < source.length; i++) out[i] = copyChild(source[i] as JsonValue, copies, stack);
    } else {
      const out = target as Record<string, JsonValue>;
      for (const key of Object.keys(source)) {
        const child = copyChild((source as Record<string, JsonValue>)[key] as JsonValue, copies, stack);
        // A member named "__proto__" (legal JSON) must stay a plain member, not become the prototype.
        if (key === '__proto__')
          Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
        else out[key] = child;
      }
    }
  }
  return root as T;
}

function copyChild(child: JsonValue, copies: Map<object, JsonValue>, stack: Array<[object, JsonValue]>): JsonValue {
  if (child === null || typeof child !== 'object') return child;
  const known = copies.get(child);
  if (known !== undefined) return known;
  const copy: JsonValue = Array.isArray(child) ? new Array(child.length) : {};
  copies.set(child, copy);
  stack.push([child, copy]);
  return copy;
}

/** Structural equality of two JSON values, iterative. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(yo, key)) return false;
      stack.push([xo[key], yo[key]]);
    }
  }
  return true;
}

/**
 * Makes a document a tree again: every object reached a second time (a component inlined in several
 * places) is replaced by its own copy, so a caller that edits one place does not edit the others.
 */
export function unshare(document: JsonValue): void {
  if (document === null || typeof document !== 'object') return;
  const seen = new Set<object>([document]);
  const stack: Array<JsonObject | JsonValue[]> = [document];
  // `next` is the child to keep walking: itself, or its copy when it was reached a second time.
  const visit = (child: JsonValue): JsonValue => {
    let next = child;
    if (seen.has(child as object)) next = deepClone(child);
    seen.add(next as object);
    stack.push(next as JsonObject | JsonValue[]);
    return next;
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child = node[i]!;
        if (child === null || typeof child !== 'object') continue;
        const next = visit(child);
        if (next !== child) node[i] = next;
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const child = node[key]!;
      if (child === null || typeof child !== 'object') continue;
      const next = visit(child);
      if (next !== child)
        Object.defineProperty(node, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
}
