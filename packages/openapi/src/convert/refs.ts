/** Finding and rewriting `$ref`s across a whole document, iteratively. */
import { toPointer } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import { refFromTokens, refTokens } from './context.ts';

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

/**
 * Rewrites every internal `$ref` of the document: first the recorded moves (repeatedly, so moves of
 * moved things compose), then `rename` (e.g. `components/schemas` → `definitions`).
 */
export function rewriteRefs(
  document: JsonValue,
  moves: ReadonlyMap<string, string>,
  rename: (tokens: string[]) => string[] | undefined,
): RefScan {
  const scan = scanRefs(document);
  const { refs, mappings } = scan;
  // The same reference usually appears many times: rewrite each distinct string once.
  const cache = new Map<string, string | undefined>();
  const rewrite = (ref: string): string | undefined => {
    if (cache.has(ref)) return cache.get(ref);
    const result = rewriteRef(ref, moves, rename);
    cache.set(ref, result);
    return result;
  };
  for (const site of refs) {
    const rewritten = rewrite(site.holder.$ref as string);
    if (rewritten !== undefined) site.holder.$ref = rewritten;
  }
  for (const mapping of mappings) {
    for (const [name, value] of Object.entries(mapping)) {
      if (typeof value !== 'string') continue;
      const rewritten = rewrite(value);
      if (rewritten !== undefined) mapping[name] = rewritten;
    }
  }
  return scan;
}

/** The rewritten form of one reference, or undefined when it does not change. */
function rewriteRef(
  original: string,
  moves: ReadonlyMap<string, string>,
  rename: (tokens: string[]) => string[] | undefined,
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
  const renamed = rename(tokens);
  if (renamed !== undefined) {
    tokens = renamed;
    changed = true;
  }
  return changed ? refFromTokens(tokens) : undefined;
}
