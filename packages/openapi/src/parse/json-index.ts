/**
 * A validating JSON scanner that records where every value and key starts. It runs lazily (first
 * `locate()`), to find duplicate keys that JSON.parse silently merges, and to place syntax errors.
 */
import { toPointer } from '../pointer.ts';
import type { DuplicateKey, PosIndex, PosNode } from './position-tree.ts';

/** A syntax error found by the scanner, at a 0-based offset. */
export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Result of scanning: positions and the first duplicate key met, if any. */
export interface JsonScan {
  index: PosIndex;
  duplicate?: DuplicateKey;
}

/** A JSON string: characters from U+0020 except the quote and the backslash, or escape sequences. */
const STRING = /"(?:[\x20\x21\x23-\x5b\x5d-\uffff]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

interface Frame {
  node: PosNode;
  /** Key or index of this container in its parent (for duplicate pointers). */
  token: string;
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the input';
  return `'${text[i]}'`;
}

/** Scans a whole JSON text; throws JsonScanError at the first syntax error. */
export function scanJson(text: string): JsonScan {
  const n = text.length;
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const fail = (what: string): never => {
    throw new JsonScanError(i, `${what}, found ${describe(text, i)}`);
  };
  const readString = (): string => {
    STRING.lastIndex = i;
    if (!STRING.test(text)) {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new JsonScanError(i, 'unterminated string');
      throw new JsonScanError(i, 'invalid string (a control character or a bad escape sequence)');
    }
    const end = STRING.lastIndex;
    const raw = text.slice(i + 1, end - 1);
    const value = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
    i = end;
    return value;
  };

  const stack: Frame[] = [];
  let root: PosNode | undefined;
  let duplicate: DuplicateKey | undefined;
  let key = '';
  let keyAt = -1;

  const readKey = () => {
    if (text.charCodeAt(i) !== 34) fail('expected a property name in double quotes');
    keyAt = i;
    key = readString();
    ws();
    if (text.charCodeAt(i) !== 58) fail("expected ':' after a property name");
    i++;
    ws();
  };

  const attach = (node: PosNode): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = node;
      return '';
    }
    if (top.node.items !== undefined) {
      top.node.items.push(node);
      return String(top.node.items.length - 1);
    }
    const members = top.node.members as Map<string, PosNode>;
    node.key = keyAt;
    const first = members.get(key);
    if (first !== undefined && duplicate === undefined) {
      const tokens = stack.slice(1).map((f) => f.token);
      duplicate = { pointer: toPointer([...tokens, key]), key, offset: keyAt, firstOffset: first.key ?? first.at };
    }
    members.set(key, node);
    return key;
  };

  ws();
  for (;;) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    const at = i;
    let opened = false;
    if (c === 123 || c === 91) {
      const node: PosNode = c === 123 ? { at, members: new Map() } : { at, items: [] };
      const token = attach(node);
      stack.push({ node, token });
      i++;
      ws();
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(i) === close) {
        i++;
        stack.pop();
      } else {
        if (c === 123) readKey();
        opened = true;
      }
    } else {
      if (c === 34) readString();
      else if (c === 116 && text.startsWith('true', i)) i += 4;
      else if (c === 102 && text.startsWith('false', i)) i += 5;
      else if (c === 110 && text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) fail('expected a value');
        i = NUMBER.lastIndex;
      }
      attach({ at });
    }
    if (opened) continue;
    // After a value: close containers or move to the next entry.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < n) fail('expected the end of the input after the top-level value');
        return duplicate === undefined
          ? { index: { root: root as PosNode, anchors: new Map() } }
          : {
              index: { root: root as PosNode, anchors: new Map() },
              duplicate,
            };
      }
      const isObject = top.node.members !== undefined;
      const ch = text.charCodeAt(i);
      if (ch === 44) {
        i++;
        ws();
        if (isObject) readKey();
        break;
      }
      if (ch === (isObject ? 125 : 93)) {
        i++;
        stack.pop();
        continue;
      }
      fail(isObject ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element");
    }
  }
}
