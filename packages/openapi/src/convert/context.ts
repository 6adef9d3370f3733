/** The state shared by conversion passes: the working copy, the losses found and the moves made. */
import { isObject, parsePointer, toPointer } from '../pointer.ts';
import type { JsonObject, JsonValue, Loss, OasVersion } from '../types.ts';
import { cloneNoting } from './clone.ts';
import type { LossKind } from './losses.ts';
import type { RefReport, Repeats } from './refs.ts';

/**
 * One conversion step over a working copy, testable alone. A pass that puts an object where it also stays
 * (a component's value into an operation, say) says so with `context.alias`, `reusing` or `copy`: walks
 * remember only the objects noted as shared, and the result is made a tree from them.
 */
export interface Pass {
  readonly name: string;
  run(context: ConvertContext): void;
  /** True for a pass that leaves every object where it is (it only orders keys, say). */
  readonly movesNothing?: boolean;
}

export class ConvertContext {
  readonly losses: Loss[] = [];
  /** Pointer prefix moves (old → new), applied to `$ref`s by the rewrite-refs pass. */
  readonly moves = new Map<string, string>();
  private readonly seen = new Set<string>();
  /**
   * What the last rewrite of references found, kept only until the next pass that changes the document's
   * shape (rewrite-refs leaves it for repair-refs, which runs right after it).
   */
  refReport: RefReport | undefined;

  /**
   * Where the walk of repair-refs met shared objects again: the places convertDocument gives their own
   * copies, as long as the passes after it move nothing (it forgets them otherwise).
   */
  repeats: Repeats | undefined;

  /**
   * @param document the working copy; passes mutate it in place
   * @param from the version the working copy is in when the step starts
   * @param to the version this step produces
   * @param shared every object the working copy may hold in more than one place: the copies of objects
   *   the input shares, and what passes place a second time (`alias`, `copy`). Any other object is reached
   *   once by any walk, so walks remember only these. Undefined when unknown (a context made on a caller's
   *   document): walks then remember every object.
   */
  constructor(
    public document: JsonObject,
    readonly from: OasVersion,
    readonly to: OasVersion,
    readonly shared?: Set<object>,
  ) {}

  /**
   * One context alive for the life of the module. V8 forgets the shape of a class's objects once none is
   * left, and with it the optimised code of every pass (which reads contexts); without this, each garbage
   * collection between two conversions would send the passes back to the interpreter.
   */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: only its being alive matters (see above).
  static readonly #shapeKeeper = new ConvertContext({}, '3.0', '3.0', new Set());

  /** Notes that `value`, which may stay where it was, is also placed somewhere else; returns it. */
  alias<T extends JsonValue | undefined>(value: T): T {
    if (value !== null && typeof value === 'object') this.shared?.add(value);
    return value;
  }

  /**
   * Notes that a pass replaces `container` by a new one reusing its members: when `container` is shared
   * it stays in its other places, so its members now live in two.
   */
  reusing(container: JsonValue | undefined): void {
    if (container === null || typeof container !== 'object' || this.shared?.has(container) !== true) return;
    for (const member of Object.values(container)) this.alias(member);
  }

  /** A deep copy of `value` (sharing within it kept, and noted). */
  copy<T extends JsonValue>(value: T): T {
    return cloneNoting(value, this.shared);
  }

  /** Where moved subtrees came from (new pointer → source pointer), so losses point into the source. */
  readonly origins = new Map<string, string>();

  /** Records a loss once per kind and pointer (translated back to the source when its subtree moved). */
  loss(kind: LossKind, at: string, message: string, action: string): void {
    const pointer = this.sourcePointer(at);
    const key = `${kind}\u0000${pointer}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.losses.push({ kind, pointer, message, action });
  }

  /** True when a loss of this kind was recorded at the pointer. */
  hasLoss(kind: LossKind, pointer: string): boolean {
    return this.seen.has(`${kind}\u0000${this.sourcePointer(pointer)}`);
  }

  /** The source pointer of a working-copy pointer, following recorded origins (longest prefix first). */
  sourcePointer(pointer: string): string {
    if (this.origins.size === 0) return pointer;
    for (let end = pointer.length; end > 0; end = pointer.lastIndexOf('/', end - 1)) {
      const origin = this.origins.get(pointer.slice(0, end));
      if (origin !== undefined) return origin + pointer.slice(end);
    }
    return pointer;
  }

  /** Notes that whatever lived at `from` now lives at `to`, so references to it are rewritten. */
  move(from: string, to: string): void {
    this.moves.set(from, to);
  }

  /** The pointer of what `node` finally refers to (itself at `pointer` when it is not a reference). */
  targetPointer(node: JsonValue | undefined, pointer: string): string {
    let current = node;
    let at = pointer;
    for (let hop = 0; hop < 32 && isObject(current) && typeof current.$ref === 'string'; hop++) {
      const tokens = refTokens(current.$ref);
      if (tokens === undefined) break;
      at = toPointer(tokens);
      current = refTarget(this.document, current.$ref);
    }
    return at;
  }

  /** Follows internal `$ref`s from a node to its target (or undefined when broken or circular). */
  resolve(node: JsonValue | undefined): JsonValue | undefined {
    return resolveRef(this.document, node);
  }
}

/** Follows a chain of internal references in `document`; undefined when broken, external or circular. */
export function resolveRef(document: JsonValue, node: JsonValue | undefined, maxHops = 32): JsonValue | undefined {
  let current = node;
  for (let hop = 0; hop < maxHops; hop++) {
    if (!isObject(current) || typeof current.$ref !== 'string') return current;
    const target = refTarget(document, current.$ref);
    if (target === undefined) return undefined;
    current = target;
  }
  return undefined;
}

/** The value a `#/…` reference points at, or undefined. */
export function refTarget(document: JsonValue, ref: string): JsonValue | undefined {
  const tokens = refTokens(ref);
  if (tokens === undefined) return undefined;
  let node: JsonValue | undefined = document;
  for (const token of tokens) {
    node = step(node, token);
    if (node === undefined) return undefined;
  }
  return node;
}

/** The member or item of a container named by one pointer token, or undefined. */
export function step(node: JsonValue | undefined, token: string): JsonValue | undefined {
  if (Array.isArray(node)) return /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
  if (isObject(node) && Object.hasOwn(node, token)) return node[token];
  return undefined;
}

/** Tokens of an internal reference, or undefined when it is external or malformed. */
export function refTokens(ref: string): string[] | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    return parsePointer(ref);
  } catch {
    return undefined;
  }
}

/** Builds an internal reference from tokens. */
export function refFromTokens(tokens: readonly string[]): string {
  return `#${toPointer(tokens).replace(/[%\s"<>\\^`|]/g, (c) => encodeURIComponent(c))}`;
}
