/** The lazily built map from JSON Pointers to source offsets that `locate()` reads. */
import { parsePointer } from '../pointer.ts';

/** One node of the source: where its value starts, where its key starts, and its children. */
export interface PosNode {
  /** Offset of the value (after any YAML anchor or tag). */
  at: number;
  /** Offset of the key when the node is an object member. */
  key?: number;
  members?: Map<string, PosNode>;
  items?: PosNode[];
  /** YAML alias name (`*name`): children are found in the anchored node. */
  alias?: string;
  /** YAML merge sources (`<<: *base`), searched when a key is not found in `members`. */
  merges?: PosNode[];
}

/** A whole document's positions plus the YAML anchors that aliases refer to. */
export interface PosIndex {
  root: PosNode;
  anchors: Map<string, PosNode>;
}

/** The first duplicate key a scanner saw: pointer of the duplicate member and both key offsets. */
export interface DuplicateKey {
  pointer: string;
  key: string;
  offset: number;
  firstOffset: number;
}

function follow(index: PosIndex, node: PosNode): PosNode | undefined {
  let current: PosNode | undefined = node;
  for (let hops = 0; current?.alias !== undefined && hops < 64; hops++) current = index.anchors.get(current.alias);
  return current?.alias === undefined ? current : undefined;
}

function member(index: PosIndex, node: PosNode, token: string, depth = 0): PosNode | undefined {
  const direct = node.members?.get(token);
  if (direct !== undefined || node.merges === undefined || depth > 16) return direct;
  // Merge keys: explicit members win; later sources do not override earlier ones.
  for (const source of node.merges) {
    const targets = source.items ?? [source];
    for (const item of targets) {
      const target = follow(index, item);
      const found = target === undefined ? undefined : member(index, target, token, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Finds the offset a pointer designates: the key of an object member, else the start of the value. */
export function offsetOf(index: PosIndex, pointer: string): number | undefined {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return undefined;
  }
  let node: PosNode | undefined = index.root;
  for (const token of tokens) {
    const container: PosNode | undefined = follow(index, node as PosNode);
    if (container === undefined) return undefined;
    if (container.items !== undefined) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      node = container.items[Number(token)];
    } else {
      node = member(index, container, token);
    }
    if (node === undefined) return undefined;
  }
  return node.key ?? node.at;
}
