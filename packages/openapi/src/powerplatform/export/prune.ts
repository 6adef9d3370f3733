/** Keeps only the definitions, parameters and responses a document reaches through `$ref` chains (cycle-safe). */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { refPointer } from '../util/refs.ts';

const COMPONENT_MAPS = ['definitions', 'parameters', 'responses'] as const;

/** Returns a shallow copy of `document` whose component maps hold only reachable entries (in their original order). */
export function pruneUnused(document: JsonObject): { document: JsonObject; removed: number } {
  const reached: Record<(typeof COMPONENT_MAPS)[number], Set<string>> = {
    definitions: new Set(),
    parameters: new Set(),
    responses: new Set(),
  };
  const queue: JsonValue[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (!(COMPONENT_MAPS as readonly string[]).includes(key)) queue.push(value);
  }
  const visited = new Set<object>();
  while (queue.length > 0) {
    const node = queue.pop();
    if (node === null || typeof node !== 'object' || visited.has(node)) continue;
    visited.add(node);
    if (Array.isArray(node)) {
      queue.push(...node);
      continue;
    }
    if (typeof node.$ref === 'string') {
      const target = refPointer(node.$ref);
      const match = target === undefined ? null : /^\/(definitions|parameters|responses)\/([^/]+)/.exec(target);
      if (match) {
        const map = match[1] as (typeof COMPONENT_MAPS)[number];
        const name = match[2]!.replace(/~1/g, '/').replace(/~0/g, '~');
        if (!reached[map].has(name)) {
          reached[map].add(name);
          const holder = document[map];
          if (isObject(holder) && holder[name] !== undefined) queue.push(holder[name]!);
        }
      }
    }
    for (const value of Object.values(node)) if (value !== null && typeof value === 'object') queue.push(value);
  }
  const out: JsonObject = { ...document };
  let removed = 0;
  for (const map of COMPONENT_MAPS) {
    const holder = document[map];
    if (!isObject(holder)) continue;
    const kept: JsonObject = {};
    for (const [name, value] of Object.entries(holder)) {
      if (reached[map].has(name)) kept[name] = value;
      else removed++;
    }
    out[map] = kept;
  }
  return { document: out, removed };
}
