/** A flattened, read-only view of one schema: `$ref`s resolved and `allOf` members merged, so two shapes compare. */
import { isObject, parsePointer } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import type { Place } from './locate.ts';

/** A schema node with the place (in the normalised document) it was found at. */
export interface SchemaSite {
  node: JsonValue | undefined;
  place: Place;
}

export interface SchemaView {
  /** The `$ref` the site started with (the key for cycle detection and memoisation), if any. */
  ref?: string;
  /** Where the resolved schema lives. */
  place: Place;
  type?: string;
  nullable: boolean;
  format?: string;
  enum?: JsonValue[];
  properties: Map<string, SchemaSite>;
  required: Set<string>;
  items?: SchemaSite;
  additionalProperties?: SchemaSite;
  oneOf?: SchemaSite[];
  anyOf?: SchemaSite[];
  readOnly: boolean;
  writeOnly: boolean;
  /** True when the schema says anything about properties (so that their absence is meaningful). */
  describesProperties: boolean;
}

const MAX_HOPS = 32;

/** Follows `$ref`s of a site through the normalised document; undefined when broken or circular. */
export function resolveSite(document: JsonObject, site: SchemaSite): { node: JsonObject; place: Place } | undefined {
  let node = site.node;
  let place = site.place;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    if (!isObject(node)) return undefined;
    if (typeof node.$ref !== 'string') return { node, place };
    const ref = node.$ref;
    if (!ref.startsWith('#')) return undefined;
    try {
      place = parsePointer(ref);
    } catch {
      return undefined;
    }
    let target: JsonValue | undefined = document;
    for (const token of place) target = isObject(target) ? target[token] : undefined;
    node = target;
  }
  return undefined;
}

/** Builds the view of a site; `allOf` members are merged breadth-first, each schema at most once. */
export function viewOf(document: JsonObject, site: SchemaSite): SchemaView | undefined {
  const root = resolveSite(document, site);
  if (root === undefined) return undefined;
  const view: SchemaView = {
    place: root.place,
    nullable: false,
    properties: new Map(),
    required: new Set(),
    readOnly: false,
    writeOnly: false,
    describesProperties: false,
  };
  if (isObject(site.node) && typeof site.node.$ref === 'string') view.ref = site.node.$ref;
  const queue = [root];
  const seen = new Set<object>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { node, place } = next;
    if (seen.has(node)) continue;
    seen.add(node);
    merge(view, node, place);
    for (const member of members(document, node, place, view)) queue.push(member);
  }
  return view;
}

/**
 * The subschemas that merge into the view: every `allOf` member, and the single remaining alternative of a
 * `oneOf` / `anyOf` once `{ type: 'null' }` branches became `nullable` (`anyOf: [X]` means X).
 */
function members(document: JsonObject, node: JsonObject, place: Place, view: SchemaView) {
  const out: Array<{ node: JsonObject; place: Place }> = [];
  const sites = (key: 'allOf' | 'oneOf' | 'anyOf') =>
    (Array.isArray(node[key]) ? node[key] : []).map((member, index) => ({
      node: member,
      place: [...place, key, String(index)],
    }));
  for (const site of sites('allOf')) {
    const resolved = resolveSite(document, site);
    if (resolved !== undefined) out.push(resolved);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(node[key])) continue;
    const branches = sites(key).filter((site) => {
      const resolved = resolveSite(document, site)?.node;
      const isNull = resolved !== undefined && resolved.type === 'null';
      if (isNull) view.nullable = true;
      return !isNull;
    });
    const only = branches.length === 1 ? resolveSite(document, branches[0]!) : undefined;
    if (only !== undefined) out.push(only);
    else if (view[key] === undefined) view[key] = branches;
  }
  return out;
}

function merge(view: SchemaView, node: JsonObject, place: Place): void {
  if (view.type === undefined) {
    const type = typeOf(node);
    if (type !== undefined) view.type = type;
  }
  if (node.nullable === true) view.nullable = true;
  if (node.readOnly === true) view.readOnly = true;
  if (node.writeOnly === true) view.writeOnly = true;
  if (view.format === undefined && typeof node.format === 'string') view.format = node.format;
  if (view.enum === undefined && Array.isArray(node.enum)) view.enum = node.enum;
  if (isObject(node.properties)) {
    view.describesProperties = true;
    for (const [name, schema] of Object.entries(node.properties)) {
      if (!view.properties.has(name))
        view.properties.set(name, { node: schema, place: [...place, 'properties', name] });
    }
  }
  if (Array.isArray(node.required))
    for (const name of node.required) if (typeof name === 'string') view.required.add(name);
  if (view.items === undefined && node.items !== undefined)
    view.items = { node: node.items, place: [...place, 'items'] };
  if (view.additionalProperties === undefined && isObject(node.additionalProperties)) {
    view.additionalProperties = { node: node.additionalProperties, place: [...place, 'additionalProperties'] };
  }
}

/** The declared type, or the one implied by `properties` / `items`. */
function typeOf(node: JsonObject): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (isObject(node.properties)) return 'object';
  if (node.items !== undefined) return 'array';
  return undefined;
}

/** The text of a type for messages: `integer (int64)`, `string, nullable`. */
export function describeType(view: SchemaView): string {
  return `${view.type ?? 'any'}${view.format !== undefined ? ` (${view.format})` : ''}`;
}
