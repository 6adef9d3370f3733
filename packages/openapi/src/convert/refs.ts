/** Finding and rewriting `$ref`s across a whole document, iteratively. */
import { toPointer } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import { refFromTokens, refTarget, refTokens, step } from './context.ts';

/** One object holding a `$ref`, with a lazy pointer to it. */
export interface RefSite {
  holder: JsonObject;
  parent: JsonObject | JsonValue[] | undefined;
  key: string | number | undefined;
  pointer(): string;
}

interface Frame {
  node: JsonValue;
  up: Frame | undefined;
  key: string | number | undefined;
}

function framePointer(frame: Frame): string {
  const tokens: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.up !== undefined; f = f.up) tokens.push(f.key!);
  return toPointer(tokens.reverse());
}

/** The result of one scan of a document for references. */
export interface RefScan {
  refs: RefSite[];
  mappings: JsonObject[];
}

/** Every object with a string `$ref` in the document (extensions included), each object once. */
export function findRefs(document: JsonValue): RefSite[] {
  return scanRefs(document).refs;
}

/**
 * Every `$ref` holder, plus every discriminator mapping (`discriminator.mapping` or the
 * `x-discriminator-mapping` a downgrade keeps), whose values are references too.
 */
export function scanRefs(document: JsonValue): RefScan {
  const out: RefSite[] = [];
  const mappings: JsonObject[] = [];
  const seen = new Set<object>();
  const stack: Frame[] = [{ node: document, up: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i]!, up: frame, key: i });
      continue;
    }
    if (frame.key === 'x-discriminator-mapping' || (frame.key === 'mapping' && frame.up?.key === 'discriminator')) {
      mappings.push(node);
    }
    if (typeof node.$ref === 'string') {
      out.push({
        holder: node,
        parent: frame.up?.node as JsonObject | JsonValue[] | undefined,
        key: frame.key,
        pointer: () => framePointer(frame),
      });
    }
    for (const key of Object.keys(node)) {
      const child = node[key]!;
      if (child !== null && typeof child === 'object') stack.push({ node: child, up: frame, key });
    }
  }
  return { refs: out, mappings };
}

/** Rewrites the tokens of a reference by the longest matching prefix in `prefixes` (pointer → pointer). */
export function mapByPrefix(tokens: string[], prefixes: ReadonlyMap<string, string>): string[] | undefined {
  for (let length = tokens.length; length >= 1; length--) {
    const prefix = toPointer(tokens.slice(0, length));
    const replacement = prefixes.get(prefix);
    if (replacement === undefined) continue;
    const head =
      replacement === ''
        ? []
        : replacement
            .slice(1)
            .split('/')
            .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    return [...head, ...tokens.slice(length)];
  }
  return undefined;
}

/** A reference holder whose reference resolves nowhere, with where it is. */
export interface DanglingRef {
  holder: JsonObject;
  parent: JsonObject | JsonValue[] | undefined;
  pointer: string;
  ref: string;
}

/** What one walk over the references of a document found. */
export interface RefReport {
  /** Holders whose (rewritten) internal reference resolves nowhere, in walk order. */
  dangling: DanglingRef[];
  /** Whether each reference string resolves, as found during the walk. */
  resolves: ReadonlyMap<string, boolean>;
  /** Where the walk met an object a second time (a place unshare must give its own copy). */
  repeats: Repeats;
}

/** The places where a walk over a whole document met an object it had met before. */
export interface Repeats {
  places: Array<{ parent: JsonObject | JsonValue[]; key: string | number; node: object }>;
  /** True when one of them is inside itself (a cycle, which no copy can undo). */
  cycle: boolean;
}

/**
 * Rewrites every internal `$ref` of the document: first the recorded moves (repeatedly, so moves of
 * moved things compose), then `rename` (e.g. `components/schemas` → `definitions`); discriminator mappings
 * too. Notes on the way which references resolve nowhere. Without moves or `rename`, only checks.
 *
 * One walk over every node, in the order of `scanRefs`; the path is kept as a stack of keys, so a pointer is
 * built only for a dangling reference. `shared` (see ConvertContext.shared) holds the only objects the
 * walk may reach twice (undefined: any); where it reaches one again is listed too, for unshare.
 */
export function rewriteRefs(
  document: JsonValue,
  moves: ReadonlyMap<string, string>,
  rename: ((tokens: string[]) => string[] | undefined) | undefined,
  shared?: ReadonlySet<object>,
): RefReport {
  const dangling: DanglingRef[] = [];
  const repeats: Repeats = { places: [], cycle: false };
  const mappings: JsonObject[] = [];
  // The same reference usually appears many times: rewrite and resolve each distinct string once.
  const rewritten = new Map<string, string | undefined>();
  const resolves = new Map<string, boolean>();
  const rewrites = moves.size > 0 || rename !== undefined;
  const seen = new Set<object>();
  // The walk's stack (node, its key, its depth), and the path to the node being visited.
  const nodes: object[] = [document as object];
  const keys: Array<string | number | undefined> = [undefined];
  const depths: number[] = [0];
  const pathKeys: Array<string | number | undefined> = [];
  const pathNodes: object[] = [];
  if (document === null || typeof document !== 'object') nodes.length = keys.length = depths.length = 0;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const key = keys.pop();
    const depth = depths.pop()!;
    if (shared === undefined || shared.has(node)) {
      if (seen.has(node)) {
        const parent = pathNodes[depth - 1] as JsonObject | JsonValue[];
        repeats.places.push({ parent, key: key!, node });
        if (pathNodes.lastIndexOf(node, depth - 1) !== -1) repeats.cycle = true;
        continue;
      }
      seen.add(node);
    }
    pathKeys[depth] = key;
    pathNodes[depth] = node;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child = node[i];
        if (child === null || typeof child !== 'object') continue;
        nodes.push(child);
        keys.push(i);
        depths.push(depth + 1);
      }
      continue;
    }
    const object = node as JsonObject;
    if (
      key === 'x-discriminator-mapping' ||
      (key === 'mapping' && depth > 0 && pathKeys[depth - 1] === 'discriminator')
    )
      mappings.push(object);
    let ref: string | undefined;
    for (const name in object) {
      const child = object[name];
      if (child === null || typeof child !== 'object') {
        if (name === '$ref' && typeof child === 'string') ref = child;
        continue;
      }
      nodes.push(child);
      keys.push(name);
      depths.push(depth + 1);
    }
    if (ref === undefined) continue;
    if (rewrites) {
      const next = rewriteCached(ref, rewritten, moves, rename);
      if (next !== undefined) {
        object.$ref = next;
        ref = next;
      }
    }
    let ok = resolves.get(ref);
    if (ok === undefined) {
      ok = !ref.startsWith('#') || refTarget(document, ref) !== undefined;
      resolves.set(ref, ok);
    }
    if (!ok) {
      const tokens = pathKeys.slice(1, depth + 1) as Array<string | number>;
      dangling.push({
        holder: object,
        parent: pathNodes[depth - 1] as JsonObject | JsonValue[] | undefined,
        pointer: toPointer(tokens),
        ref,
      });
    }
  }
  if (rewrites) {
    for (const mapping of mappings) {
      for (const [name, value] of Object.entries(mapping)) {
        if (typeof value !== 'string') continue;
        const next = rewriteCached(value, rewritten, moves, rename);
        if (next !== undefined) mapping[name] = next;
      }
    }
  }
  return { dangling, resolves, repeats };
}

/**
 * True when resolving some reference of the report steps through one of `changed` (containers a repair
 * is about to edit), so that repairing one dangling reference could change whether another resolves.
 */
export function resolutionDependsOn(document: JsonValue, report: RefReport, changed: ReadonlySet<object>): boolean {
  for (const ref of report.resolves.keys()) {
    const tokens = refTokens(ref);
    if (tokens === undefined) continue;
    let node: JsonValue | undefined = document;
    for (const token of tokens) {
      if (node === null || typeof node !== 'object') break;
      if (changed.has(node)) return true;
      node = step(node, token);
    }
  }
  return false;
}

/** rewriteRef, remembered per reference string in `cache`. */
function rewriteCached(
  ref: string,
  cache: Map<string, string | undefined>,
  moves: ReadonlyMap<string, string>,
  rename: ((tokens: string[]) => string[] | undefined) | undefined,
): string | undefined {
  if (cache.has(ref)) return cache.get(ref);
  const result = rewriteRef(ref, moves, rename);
  cache.set(ref, result);
  return result;
}

/** The rewritten form of one reference, or undefined when it does not change. */
function rewriteRef(
  original: string,
  moves: ReadonlyMap<string, string>,
  rename: ((tokens: string[]) => string[] | undefined) | undefined,
): string | undefined {
  let tokens = refTokens(original);
  if (tokens === undefined) return undefined;
  let changed = false;
  for (let round = 0; round < 16 && moves.size > 0; round++) {
    const moved = mapByPrefix(tokens, moves);
    if (moved === undefined) break;
    tokens = moved;
    changed = true;
  }
  const renamed = rename?.(tokens);
  if (renamed !== undefined) {
    tokens = renamed;
    changed = true;
  }
  return changed ? refFromTokens(tokens) : undefined;
}
