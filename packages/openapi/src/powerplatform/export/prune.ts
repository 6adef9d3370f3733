/** Keeps only the definitions, parameters and responses a document reaches through `$ref` chains (cycle-safe). */
import { memoized } from '../../memo.ts';
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import { type Facts, factsAt } from '../util/facts.ts';
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

/**
 * Returns a shallow copy of `document` whose component maps hold only reachable entries (in their original order).
 * Every `$ref` counts, wherever it is written (examples and extension values too); the `$ref`s of each part come
 * from `factsAt`, so the parts shared by the packages of an export are walked once.
 */
export function pruneUnused(document: JsonObject): { document: JsonObject; removed: number } {
  const reached: Record<ComponentMap, Set<string>> = {
    definitions: new Set(),
    parameters: new Set(),
    responses: new Set(),
  };
  const queue: Array<readonly [ComponentMap, string]> = [];
  const reach = (ref: string) => {
    const component = componentOf(ref);
    if (component === null || reached[component[0]].has(component[1])) return;
    reached[component[0]].add(component[1]);
    queue.push(component);
  };
  const follow = (facts: Facts) => {
    for (const ref of facts.refs) reach(ref);
    for (const ref of facts.callRefs) reach(ref);
  };
  for (const key of Object.keys(document)) {
    if (!(COMPONENT_MAPS as readonly string[]).includes(key)) follow(factsAt(document[key]!, [key]));
  }
  while (queue.length > 0) {
    const [map, name] = queue.pop()!;
    const holder = document[map];
    if (isObject(holder) && Object.hasOwn(holder, name)) follow(factsAt(holder[name]!, [map, name]));
  }
  const out: JsonObject = { ...document };
  let removed = 0;
  for (const map of COMPONENT_MAPS) {
    const holder = document[map];
    if (!isObject(holder)) continue;
    const kept: JsonObject = {};
    // The component maps are the same objects in every package of a split: their names are listed once per memo.
    for (const name of memoized('componentNames', holder, () => Object.keys(holder))) {
      if (reached[map].has(name)) kept[name] = holder[name]!;
      else removed++;
    }
    out[map] = kept;
  }
  return { document: out, removed };
}
