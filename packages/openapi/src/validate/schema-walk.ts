/** Visits every object of a document that may be a schema or parameter, skipping example data and extensions. */
import { childPointer, isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';

/** Keys whose values are data, not OpenAPI objects. */
const DATA_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const']);

/** Calls `visit` for every object below `root` (depth first, iteratively, so deep documents cannot overflow). */
export function eachObject(root: JsonValue, visit: (node: JsonObject, pointer: string) => void): void {
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
    visit(node, pointer);
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      if (DATA_KEYS.has(key) || key.startsWith('x-') || value === null || typeof value !== 'object') continue;
      stack.push([value, childPointer(pointer, key)]);
    }
  }
}
