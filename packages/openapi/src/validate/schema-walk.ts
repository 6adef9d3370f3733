/** Visits every object of a document that may be a schema or parameter, skipping example data and extensions. */

import { memoized } from '../memo.ts';
import { childPointer, isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';

/** Keys whose values are data, not OpenAPI objects. */
const DATA_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const']);

/** Calls `visit` for every object below `root` (depth first, iteratively, so deep documents cannot overflow). */
export function eachObject(root: JsonValue, visit: (node: JsonObject, pointer: string) => void): void {
  // Several rules walk the same document: inside `withDocumentMemo` the walk is made once.
  const nodes = root !== null && typeof root === 'object' ? memoized('eachObject', root, () => listObjects(root)) : [];
  for (const [node, pointer] of nodes) visit(node, pointer);
}

function listObjects(root: JsonValue): Array<[JsonObject, string]> {
  const out: Array<[JsonObject, string]> = [];
  const stack: Array<[JsonValue, string]> = [[root, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const item = node[i]!;
        if (item !== null && typeof item === 'object') stack.push([item, childPointer(pointer, i)]);
      }
      continue;
    }
    if (!isObject(node)) continue;
    out.push([node, pointer]);
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const value = node[key]!;
      if (value === null || typeof value !== 'object' || DATA_KEYS.has(key) || key.startsWith('x-')) continue;
      stack.push([value, childPointer(pointer, key)]);
    }
  }
  return out;
}
