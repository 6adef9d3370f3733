/**
 * The shared walker of conversion passes: finds every schema of a document (3.x or 2.0) and every
 * subschema below it, iteratively and once per object, so deep or circular documents are safe.
 *
 * Slots and places are plain objects made by one factory, not class instances: V8 forgets the shape of
 * a class once no instance is left and then drops the optimised code that relied on it, so every
 * garbage collection between two conversions would send the walks back to the interpreter. The shape
 * of an object literal lives as long as the code making it.
 */
import { escapeToken, isObject } from '../pointer.ts';
import { ARRAY_SUBSCHEMA_KEYWORDS, MAP_SUBSCHEMA_KEYWORDS, SINGLE_SUBSCHEMA_KEYWORDS } from '../schema-keywords.ts';
import type { JsonObject, JsonValue, OasVersion } from '../types.ts';
import { HTTP_METHODS } from '../walk.ts';

/** A place in the document; its pointer is built only when asked (pointerOf), from the place holding it. */
export interface Place {
  /** The place holding this one (undefined for a place made with a known pointer). */
  readonly up: Place | undefined;
  /** This place's token in `up`. */
  readonly key: string | number;
  /** The keyword between `up`'s schema and this place's container (`properties`, `allOf`…), if any. */
  readonly via: string | undefined;
  /** The pointer, once built. */
  pointer: string | undefined;
  /** For a slot, the container holding the schema; undefined for a mere place. */
  readonly parent: JsonObject | JsonValue[] | undefined;
  value: JsonValue | undefined;
}

/**
 * Where a schema lives: `parent[key]`, so a visitor can replace it (setSlot). Its pointer is built only when
 * a loss needs it, from the slot of the schema it belongs to (or, for a top-level schema, the place of its holder).
 */
export interface Slot extends Place {
  readonly up: Place;
  readonly parent: JsonObject | JsonValue[];
  /**
   * What `parent[key]` held when the slot was made (read along with the parent's other keys, as a lookup
   * by key is slow on the many shapes of schema objects); the walk reads it again when it may have changed.
   */
  value: JsonValue | undefined;
}

function place(
  up: Place | undefined,
  key: string | number,
  via: string | undefined,
  parent: JsonObject | JsonValue[] | undefined,
  value: JsonValue | undefined,
): Place {
  return { up, key, via, pointer: undefined, parent, value };
}

/** A place whose pointer is known. */
export function placeAt(pointer: string): Place {
  const at = place(undefined, '', undefined, undefined, undefined);
  at.pointer = pointer;
  return at;
}

/** The place of a member or item of `up`. */
export function childPlace(up: Place, key: string | number): Place {
  return place(up, key, undefined, undefined, undefined);
}

/** The slot of `parent[key]`, holding `value`, below the slot or place `up` (through keyword `via`). */
export function slotAt(
  parent: JsonObject | JsonValue[],
  key: string | number,
  value: JsonValue | undefined,
  up: Place,
  via?: string,
): Slot {
  return place(up, key, via, parent, value) as Slot;
}

/** The JSON pointer of a place or slot. */
export function pointerOf(at: Place): string {
  if (at.pointer !== undefined) return at.pointer;
  // Up to the nearest place whose pointer is known, then down again: iterative, as schemas nest deeply.
  const chain: Place[] = [];
  let known: Place = at;
  while (known.pointer === undefined) {
    chain.push(known);
    known = known.up!;
  }
  let pointer = known.pointer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i]!;
    pointer =
      link.via === undefined
        ? `${pointer}/${escapeToken(link.key)}`
        : `${pointer}/${link.via}/${escapeToken(link.key)}`;
    link.pointer = pointer;
  }
  return pointer;
}

/** True for the slot of a top-level schema, which sits below a place, not below another schema's slot. */
function isRoot(slot: Slot): boolean {
  return slot.up.parent === undefined;
}

/** Reads the value in a slot. */
export function slotValue(slot: Slot): JsonValue | undefined {
  return slot.value;
}

/** Writes the value in a slot. */
export function setSlot(slot: Slot, value: JsonValue): void {
  (slot.parent as Record<string | number, JsonValue>)[slot.key] = value;
  slot.value = value;
}

const SINGLE = 0;
const MAP = 1;
const LIST = 2;
/** Every subschema keyword in the order its subschemas are visited, with the shape of its value. */
const SUBSCHEMA_KEYWORDS: ReadonlyArray<readonly [string, number]> = [
  ...SINGLE_SUBSCHEMA_KEYWORDS.map((k) => [k, SINGLE] as const),
  ...MAP_SUBSCHEMA_KEYWORDS.map((k) => [k, MAP] as const),
  ...ARRAY_SUBSCHEMA_KEYWORDS.map((k) => [k, LIST] as const),
];
const KEYWORD_RANK = new Map(SUBSCHEMA_KEYWORDS.map(([keyword], rank) => [keyword, rank]));

/**
 * Pushes the slots of the direct subschemas of `schema` (held in `slot`) on `stack`, last first, so they
 * pop in keyword order. The schema's own keys are read once: most schemas have none of the 21 keywords.
 */
function pushSubschemaSlots(stack: Slot[], schema: JsonObject, slot: Slot): void {
  let present = 0;
  for (const key in schema) {
    const rank = KEYWORD_RANK.get(key);
    if (rank === undefined) continue;
    present |= 1 << rank;
    found[rank] = schema[key];
  }
  for (let rank = SUBSCHEMA_KEYWORDS.length - 1; present !== 0 && rank >= 0; rank--) {
    if ((present & (1 << rank)) === 0) continue;
    present &= ~(1 << rank);
    const [key, shape] = SUBSCHEMA_KEYWORDS[rank]!;
    const value = found[rank];
    found[rank] = undefined;
    if (shape === SINGLE) {
      if (isObject(value) || typeof value === 'boolean') {
        if (key === 'additionalProperties' && typeof value === 'boolean') continue;
        stack.push(slotAt(schema, key, value, slot));
      } else if (key === 'items' && Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push(slotAt(value, i, value[i], slot, key));
      }
    } else if (shape === MAP) {
      if (!isObject(value)) continue;
      const first = stack.length;
      for (const name in value) stack.push(slotAt(value, name, value[name], slot, key));
      reverseFrom(stack, first);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(slotAt(value, i, value[i], slot, key));
    }
  }
}

/** The values of the subschema keywords of the schema being read, by rank (reused: this runs for every schema). */
const found: Array<JsonValue | undefined> = new Array(SUBSCHEMA_KEYWORDS.length).fill(undefined);

/** Reverses `list` from index `first` to its end, in place. */
function reverseFrom<T>(list: T[], first: number): void {
  for (let i = first, j = list.length - 1; i < j; i++, j--) {
    const item = list[i]!;
    list[i] = list[j]!;
    list[j] = item;
  }
}

/** How a walk tells which schemas it may reach twice. */
export interface WalkOptions {
  /** Objects the document may hold in more than one place (see ConvertContext.shared); undefined: any. */
  shared?: ReadonlySet<object> | undefined;
  /** Schemas already visited (by an earlier walk to continue). */
  visited?: Set<object>;
}

/**
 * Visits every schema reachable from the slots, parents before children. The visitor may replace the
 * schema in its slot; the walker then descends into whatever is there. Each object is visited once.
 * A visitor that places an existing schema in a second place must say so (ConvertContext.alias or
 * reusing) before the walk reaches it.
 *
 * The visitor gets `state` rather than closing over it: a module-level visitor is the same function on
 * every walk, which keeps the walk's optimised code valid from one conversion to the next.
 */
export function walkSchemaSlots<S>(
  roots: Slot[],
  visit: (slot: Slot, state: S) => void,
  state: S,
  options: WalkOptions = {},
): void {
  const { shared } = options;
  const visited = options.visited ?? new Set<object>();
  const stack = roots.slice().reverse();
  while (stack.length > 0) {
    const slot = stack.pop()!;
    // A container the document shares may have been edited through another of its places since the slot was
    // made; and its members may be reused elsewhere by a visitor (ConvertContext.reusing).
    const sharedParent = shared === undefined || shared.has(slot.parent);
    if (sharedParent) slot.value = (slot.parent as Record<string | number, JsonValue | undefined>)[slot.key];
    // Roots may repeat (a shared response lists its schemas twice); below them, only shared objects can.
    const tracked = sharedParent || isRoot(slot);
    const before = slot.value;
    if (isObject(before) && (tracked || shared!.has(before))) {
      if (visited.has(before)) continue;
      visited.add(before);
    }
    visit(slot, state);
    const node = slot.value;
    if (!isObject(node)) continue;
    if (node !== before && (tracked || shared!.has(node))) visited.add(node);
    pushSubschemaSlots(stack, node, slot);
  }
}

/** Visits every schema of a document, parents first. */
export function walkDocumentSchemas<S>(
  document: JsonObject,
  version: OasVersion,
  visit: (slot: Slot, state: S) => void,
  state: S,
  shared?: ReadonlySet<object>,
): void {
  walkSchemaSlots(version === '2.0' ? schemaRootsV2(document) : schemaRootsV3(document), visit, state, { shared });
}

/** The slots of the members of a map (component schemas, say), each a top-level schema below `at`. */
function mapSlots(map: JsonValue | undefined, at: Place): Slot[] {
  if (!isObject(map)) return [];
  const out: Slot[] = [];
  for (const key in map) out.push(slotAt(map, key, map[key], at));
  return out;
}

/** What schemaRootsV3 gathers. */
interface Roots {
  slots: Slot[];
  /** Path items still to read (callbacks found on the way add theirs). */
  items: JsonValue[];
  itemPlaces: Place[];
}

/** Queues the members of a map of path items. */
function pathItemsIn(roots: Roots, map: JsonValue | undefined, at: Place): void {
  if (!isObject(map)) return;
  for (const key in map) {
    roots.items.push(map[key]!);
    roots.itemPlaces.push(childPlace(at, key));
  }
}

/** The top-level schema slots of an OpenAPI 3.x document. */
export function schemaRootsV3(document: JsonObject): Slot[] {
  const roots: Roots = { slots: [], items: [], itemPlaces: [] };
  const components = document.components;
  if (isObject(components)) {
    const at = placeAt('/components');
    roots.slots.push(...mapSlots(components.schemas, childPlace(at, 'schemas')));
    const parameters = components.parameters;
    if (isObject(parameters)) {
      const parametersAt = childPlace(at, 'parameters');
      for (const name in parameters) parameterLike(roots, parameters[name], childPlace(parametersAt, name));
    }
    headers(roots, components.headers, childPlace(at, 'headers'));
    const responses = components.responses;
    if (isObject(responses)) {
      const responsesAt = childPlace(at, 'responses');
      for (const name in responses) response(roots, responses[name], childPlace(responsesAt, name));
    }
    const bodies = components.requestBodies;
    if (isObject(bodies)) {
      const bodiesAt = childPlace(at, 'requestBodies');
      for (const name in bodies) content(roots, bodies[name], childPlace(bodiesAt, name));
    }
    callbacks(roots, components.callbacks, childPlace(at, 'callbacks'));
    pathItemsIn(roots, components.pathItems, childPlace(at, 'pathItems'));
  }
  pathItemsIn(roots, document.paths, placeAt('/paths'));
  pathItemsIn(roots, document.webhooks, placeAt('/webhooks'));
  const seenItems = new Set<object>();
  for (let index = 0; index < roots.items.length; index++) {
    const item = roots.items[index];
    if (!isObject(item) || seenItems.has(item)) continue;
    seenItems.add(item);
    pathItem(roots, item, roots.itemPlaces[index]!);
  }
  return roots.slots;
}

function schemaIn(roots: Roots, holder: JsonValue | undefined, at: Place): void {
  if (isObject(holder) && holder.schema !== undefined && typeof holder.$ref !== 'string') {
    roots.slots.push(slotAt(holder, 'schema', holder.schema, at));
  }
}

function content(roots: Roots, holder: JsonValue | undefined, at: Place): void {
  if (!isObject(holder) || !isObject(holder.content)) return;
  const map = holder.content;
  const contentAt = childPlace(at, 'content');
  for (const mediaType in map) {
    const media = map[mediaType];
    const mediaAt = childPlace(contentAt, mediaType);
    schemaIn(roots, media, mediaAt);
    if (isObject(media) && isObject(media.encoding)) {
      const encodings = media.encoding;
      const encodingsAt = childPlace(mediaAt, 'encoding');
      for (const name in encodings) {
        const encoding = encodings[name];
        if (isObject(encoding)) headers(roots, encoding.headers, childPlace(childPlace(encodingsAt, name), 'headers'));
      }
    }
  }
}

function parameterLike(roots: Roots, item: JsonValue | undefined, at: Place): void {
  schemaIn(roots, item, at);
  content(roots, item, at);
}

function headers(roots: Roots, map: JsonValue | undefined, at: Place): void {
  if (isObject(map)) for (const name in map) parameterLike(roots, map[name], childPlace(at, name));
}

function parameters(roots: Roots, list: JsonValue | undefined, at: Place): void {
  if (Array.isArray(list)) for (let i = 0; i < list.length; i++) parameterLike(roots, list[i], childPlace(at, i));
}

function response(roots: Roots, item: JsonValue | undefined, at: Place): void {
  if (!isObject(item)) return;
  content(roots, item, at);
  headers(roots, item.headers, childPlace(at, 'headers'));
}

function callbacks(roots: Roots, map: JsonValue | undefined, at: Place): void {
  if (isObject(map)) for (const name in map) pathItemsIn(roots, map[name], childPlace(at, name));
}

function pathItem(roots: Roots, item: JsonObject, at: Place): void {
  parameters(roots, item.parameters, childPlace(at, 'parameters'));
  for (const method of HTTP_METHODS) {
    const operation = item[method];
    if (!isObject(operation)) continue;
    const operationAt = childPlace(at, method);
    parameters(roots, operation.parameters, childPlace(operationAt, 'parameters'));
    if (isObject(operation.requestBody) && typeof operation.requestBody.$ref !== 'string') {
      content(roots, operation.requestBody, childPlace(operationAt, 'requestBody'));
    }
    const responses = operation.responses;
    if (isObject(responses)) {
      const responsesAt = childPlace(operationAt, 'responses');
      for (const status in responses) {
        const value = responses[status];
        if (isObject(value) && typeof value.$ref !== 'string') response(roots, value, childPlace(responsesAt, status));
      }
    }
    callbacks(roots, operation.callbacks, childPlace(operationAt, 'callbacks'));
  }
}

/** The top-level schema slots of a Swagger 2.0 document (body parameters, responses, definitions). */
export function schemaRootsV2(document: JsonObject): Slot[] {
  const out: Slot[] = mapSlots(document.definitions, placeAt('/definitions'));
  schemasInMapV2(out, document.parameters, placeAt('/parameters'));
  schemasInMapV2(out, document.responses, placeAt('/responses'));
  const paths = document.paths;
  if (!isObject(paths)) return out;
  const pathsAt = placeAt('/paths');
  for (const path in paths) {
    const item = paths[path];
    if (!isObject(item)) continue;
    const at = childPlace(pathsAt, path);
    parametersV2(out, item.parameters, childPlace(at, 'parameters'));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const operationAt = childPlace(at, method);
      parametersV2(out, operation.parameters, childPlace(operationAt, 'parameters'));
      schemasInMapV2(out, operation.responses, childPlace(operationAt, 'responses'));
    }
  }
  return out;
}

function schemaInV2(out: Slot[], holder: JsonValue | undefined, at: Place): void {
  if (isObject(holder) && holder.schema !== undefined && typeof holder.$ref !== 'string') {
    out.push(slotAt(holder, 'schema', holder.schema, at));
  }
}

function schemasInMapV2(out: Slot[], map: JsonValue | undefined, at: Place): void {
  if (isObject(map)) for (const name in map) schemaInV2(out, map[name], childPlace(at, name));
}

function parametersV2(out: Slot[], list: JsonValue | undefined, at: Place): void {
  if (Array.isArray(list)) for (let i = 0; i < list.length; i++) schemaInV2(out, list[i], childPlace(at, i));
}
