/** Keeps only the definitions, parameters and responses a document reaches through `$ref` chains (cycle-safe). */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { refPointer } from '../util/refs.ts';

const COMPONENT_MAPS = ['definitions', 'parameters', 'responses'] as const;
type ComponentMap = (typeof COMPONENT_MAPS)[number];
const COMPONENT_REF = /^\/(definitions|parameters|responses)\/([^/]+)/;

/** The component a `$ref` names (map and unescaped name), or null; the same few strings repeat, so results are kept. */
const componentCache = new Map<string, readonly [ComponentMap, string] | null>();
function componentOf(ref: string): readonly [ComponentMap, string] | null {
  let found = componentCache.get(ref);
  if (found === undefined) {
    const target = refPointer(ref);
    const match = target === undefined ? null : COMPONENT_REF.exec(target);
    found = match ? ([match[1] as ComponentMap, match[2]!.replace(/~1/g, '/').replace(/~0/g, '~')] as const) : null;
    // Bounded: a document with an unusual number of distinct references does not grow the cache forever.
    if (componentCache.size > 100_000) componentCache.clear();
    componentCache.set(ref, found);
  }
  return found;
}

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
      const component = componentOf(node.$ref);
      if (component) {
        const [map, name] = component;
        if (!reached[map].has(name)) {
          reached[map].add(name);
          const holder = document[map];
          if (isObject(holder) && holder[name] !== undefined) queue.push(holder[name]!);
        }
      }
    }
    for (const key in node) {
      const value = node[key];
      if (value !== null && typeof value === 'object') queue.push(value as JsonValue);
    }
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
