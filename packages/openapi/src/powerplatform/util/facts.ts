/**
 * One walk over a Swagger 2.0 document that finds what several fixes, rules and the export look for anywhere in
 * it: x-ms-* extensions, `format`s Power Platform does not accept, `$ref`s (every one, and those that do not point
 * at a component entry) and the operations x-ms-* extensions call at design time.
 *
 * The parts a package is assembled from — each value of a path item (`/paths/{path}/{key}`) and each entry of
 * `definitions`, `parameters` and `responses` — are walked once per cache (inside `withDocumentMemo`, once for
 * the whole export): every package of a split reuses their facts instead of walking them again.
 */
import { memoized } from '../../memo.ts';
import { toPointer } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { PP_FORMATS } from './formats.ts';
import { refPointer } from './refs.ts';

export interface ExtensionRef {
  name: string;
  value: JsonValue;
  /** Pointer of the extension itself. */
  pointer: string;
  /** The object that carries it, and that object's pointer. */
  owner: JsonObject;
  ownerPointer: string;
  /** The key under which the owner sits in its parent (`get`, `properties`…), for location checks. */
  ownerKey: string | undefined;
}

/** An object whose string `format` is not one Power Platform accepts, and its pointer. */
export interface FormatRef {
  holder: JsonObject;
  pointer: string;
}

/** A `$ref` that does not point directly at an entry of definitions, parameters or responses. */
export interface MisplacedRef {
  ref: string;
  /** Pointer of the `$ref` member. */
  pointer: string;
}

export interface Facts {
  /** Every `x-ms-*` key, in document order; example payloads and the names in name maps are not searched. */
  extensions: ExtensionRef[];
  /** Objects (schemas, parameters, headers, items) with an unsupported `format`; example data is not searched. */
  formats: FormatRef[];
  /** `$ref`s Power Platform cannot resolve, in document order; example data is not searched. */
  misplacedRefs: MisplacedRef[];
  /** Every `$ref` string outside the values of the extensions that call operations. */
  refs: string[];
  /** The `$ref` strings inside those values (unused components are kept for them, operations are not). */
  callRefs: string[];
  /** The operationIds those values name. */
  calls: string[];
}

/** Extensions whose value names operations the connector calls at design time. */
export const CALLERS = new Set([
  'x-ms-dynamic-values',
  'x-ms-dynamic-list',
  'x-ms-dynamic-schema',
  'x-ms-dynamic-properties',
  'x-ms-dynamic-tree',
  'x-ms-notification',
  'x-ms-capabilities',
  'x-ms-operation-context',
]);
const SUPPORTED_FORMATS = new Set(PP_FORMATS);
const COMPONENT_ENTRY = /^\/(definitions|parameters|responses)\/[^/]+$/;

/**
 * What the walk is looking for below a node, as bits: extensions (or only names, in a name map), formats (or
 * only names), `$ref` locations, every `$ref` and call (`REFS`), and whether the node is inside an extension
 * value that calls operations. A node where nothing is looked for is not walked.
 */
const EXTENSIONS = 1;
const EXTENSION_NAMES = 2;
const FORMATS = 4;
const FORMAT_NAMES = 8;
const REF_LOCATIONS = 16;
const REFS = 32;
const IN_CALL = 64;
const LOOKING = EXTENSIONS | EXTENSION_NAMES | FORMATS | FORMAT_NAMES | REF_LOCATIONS | REFS;
const ROOT_STATE = EXTENSIONS | FORMATS | REF_LOCATIONS | REFS;

/**
 * Literal data (examples, defaults): searched only for `$ref`s and calls, which the export must keep. The key
 * `default` also names an operation's default response, which is therefore not searched either.
 */
function isData(key: string): boolean {
  return key === 'example' || key === 'examples' || key === 'default' || key === 'enum';
}

function isMsExtension(key: string): boolean {
  return key.charCodeAt(0) === 120 && key.startsWith('x-ms-');
}

/** Keys that change the state below them, besides `x-…` keys: data, and the name maps. */
const SPECIAL_KEYS = new Set([
  'example',
  'examples',
  'default',
  'enum',
  'properties',
  'definitions',
  'securityDefinitions',
  'scopes',
  'headers',
  'patternProperties',
  'parameters',
  'responses',
]);

/** The state below `key` of an object in `state` (`atRoot`: the object is the document). */
function stateBelow(state: number, key: string, atRoot: boolean): number {
  // Most keys change nothing: below them, as below an array, name maps end.
  if (key.charCodeAt(0) !== 120 && !SPECIAL_KEYS.has(key)) return stateOfItems(state);
  let next = state & (REF_LOCATIONS | REFS | IN_CALL);
  if (state & EXTENSION_NAMES) next |= EXTENSIONS;
  else if (state & EXTENSIONS && !isMsExtension(key) && !isData(key) && key !== 'x-example') {
    const nameMap =
      key === 'properties' ||
      key === 'definitions' ||
      key === 'securityDefinitions' ||
      key === 'scopes' ||
      key === 'headers' ||
      key === 'patternProperties' ||
      (atRoot && (key === 'parameters' || key === 'responses'));
    next |= nameMap ? EXTENSION_NAMES : EXTENSIONS;
  }
  if (state & FORMAT_NAMES) next |= FORMATS;
  else if (state & FORMATS && !isData(key) && !key.startsWith('x-')) {
    next |= key === 'properties' || key === 'definitions' || key === 'headers' ? FORMAT_NAMES : FORMATS;
  }
  if (isData(key)) next &= ~REF_LOCATIONS;
  if (CALLERS.has(key)) next |= IN_CALL;
  return next;
}

/** The state of an array's items: the names of a name map are never arrays, so items are searched in full. */
function stateOfItems(state: number): number {
  let next = state & (REF_LOCATIONS | REFS | IN_CALL);
  if (state & (EXTENSIONS | EXTENSION_NAMES)) next |= EXTENSIONS;
  if (state & (FORMATS | FORMAT_NAMES)) next |= FORMATS;
  return next;
}

/** The state at a place reached from the root (in `rootState`) through object members only. */
function stateAt(path: readonly string[], rootState: number): number {
  let state = rootState;
  for (let i = 0; i < path.length; i++) state = stateBelow(state, path[i]!, i === 0);
  return state;
}

/** True at the parts packages share: values of a path item and entries of the component maps. */
function isSharedPart(path: ReadonlyArray<string | number>): boolean {
  if (path.length === 3) return path[0] === 'paths';
  return path.length === 2 && (path[0] === 'definitions' || path[0] === 'parameters' || path[0] === 'responses');
}

function emptyFacts(): Facts {
  return { extensions: [], formats: [], misplacedRefs: [], refs: [], callRefs: [], calls: [] };
}

function append(to: Facts, from: Facts): void {
  for (const x of from.extensions) to.extensions.push(x);
  for (const x of from.formats) to.formats.push(x);
  for (const x of from.misplacedRefs) to.misplacedRefs.push(x);
  for (const x of from.refs) to.refs.push(x);
  for (const x of from.callRefs) to.callRefs.push(x);
  for (const x of from.calls) to.calls.push(x);
}

interface Part {
  path: ReadonlyArray<string | number>;
  state: number;
  facts: Facts;
}

/** Facts of shared parts by identity, valid while those parts are not changed (or are forgotten when they are). */
export class FactsCache {
  #parts = new WeakMap<object, Part>();
  /** The state at the root of the documents walked with this cache. */
  readonly rootState: number;

  /**
   * `refs: false` leaves out everything about `$ref`s and calls (`refs`, `callRefs`, `calls`, `misplacedRefs`),
   * so that example data, which holds nothing else the facts list, is not walked.
   */
  constructor(options: { refs?: boolean } = {}) {
    this.rootState = options.refs === false ? ROOT_STATE & ~(REFS | REF_LOCATIONS) : ROOT_STATE;
  }

  /** Drops what is known about `part` (a value of a path item or a component entry) after it was changed. */
  forget(part: object): void {
    this.#parts.delete(part);
  }

  /** Drops everything known (after changes all over the document). */
  clear(): void {
    this.#parts = new WeakMap();
  }

  /** Facts of the shared part `node` at `path`, walked unless known from the same place. */
  partFacts(node: JsonObject | JsonValue[], state: number, path: Array<string | number>): Facts {
    const known = this.#parts.get(node);
    if (known !== undefined && known.state === state && samePath(known.path, path)) return known.facts;
    const facts = emptyFacts();
    walk(node, state, path, facts, this);
    // A part written at two places (shared objects) is remembered at the first only.
    if (known === undefined) this.#parts.set(node, { path: [...path], state, facts });
    return facts;
  }
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The key under which the object at `path` sits in its parent object (array items take their array's key). */
function ownerKeyOf(path: ReadonlyArray<string | number>): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const token = path[i];
    if (typeof token === 'string') return token;
  }
  return undefined;
}

/** Appends the facts of `node` (at `path`, in `state`) to `out`; `path` is restored on return. */
function walk(
  node: JsonObject | JsonValue[],
  state: number,
  path: Array<string | number>,
  out: Facts,
  cache: FactsCache,
): void {
  if (Array.isArray(node)) {
    const itemState = stateOfItems(state);
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (item === null || typeof item !== 'object') continue;
      path.push(i);
      walk(item, itemState, path, out, cache);
      path.pop();
    }
    return;
  }
  if (state & IN_CALL && state & REFS && typeof node.operationId === 'string') out.calls.push(node.operationId);
  if (state & FORMATS && typeof node.format === 'string' && !SUPPORTED_FORMATS.has(node.format))
    out.formats.push({ holder: node, pointer: toPointer(path) });
  for (const key in node) {
    const value = node[key]!;
    if (state & EXTENSIONS && isMsExtension(key)) {
      const ownerPointer = toPointer(path);
      out.extensions.push({
        name: key,
        value,
        pointer: toPointer([...path, key]),
        owner: node,
        ownerPointer,
        ownerKey: ownerKeyOf(path),
      });
    }
    if (key === '$ref' && typeof value === 'string') {
      if (state & REFS) (state & IN_CALL ? out.callRefs : out.refs).push(value);
      if (state & REF_LOCATIONS) {
        const target = refPointer(value);
        if (target === undefined || !COMPONENT_ENTRY.test(target))
          out.misplacedRefs.push({ ref: value, pointer: toPointer([...path, key]) });
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const below = stateBelow(state, key, path.length === 0);
    if ((below & LOOKING) === 0) continue;
    path.push(key);
    if (isSharedPart(path)) append(out, cache.partFacts(value, below, path));
    else walk(value, below, path, out, cache);
    path.pop();
  }
}

/** The shared-part cache of the current `withDocumentMemo` (a fresh one outside it). */
const MEMO_KEY = {};
function memoCache(): FactsCache {
  return memoized('facts', MEMO_KEY, () => new FactsCache());
}

/** Facts of a whole document, made once per document inside `withDocumentMemo`. */
export function documentFacts(document: JsonObject): Facts {
  return memoized('documentFacts', document, () => collectFacts(document, memoCache()));
}

/** Facts of a whole document, sharing parts through `cache` (for a caller that changes the document and says what). */
export function collectFacts(document: JsonObject, cache: FactsCache): Facts {
  const out = emptyFacts();
  walk(document, cache.rootState, [], out, cache);
  return out;
}

/**
 * Facts of `node`, the value at `path` (object members from the root) of a document: a shared part, a member
 * of the root, or any other node. Shared parts are taken from the memo's cache.
 */
export function factsAt(node: JsonValue, path: readonly string[]): Facts {
  if (node === null || typeof node !== 'object') return emptyFacts();
  const cache = memoCache();
  const state = stateAt(path, cache.rootState);
  if (isSharedPart(path)) return cache.partFacts(node, state, [...path]);
  const out = emptyFacts();
  walk(node, state, [...path], out, cache);
  return out;
}

/**
 * Facts of the shared part `node` at `path` from the memo's cache, or undefined when `path` is not a shared
 * part's place or lies inside an extension value that calls operations (the part's own calls and `$ref`s would
 * then be counted as that value's).
 */
export function sharedPartFacts(node: JsonValue, path: readonly string[]): Facts | undefined {
  if (node === null || typeof node !== 'object' || !isSharedPart(path)) return undefined;
  const cache = memoCache();
  const state = stateAt(path, cache.rootState);
  return state & IN_CALL ? undefined : cache.partFacts(node, state, [...path]);
}
