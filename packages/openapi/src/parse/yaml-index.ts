/**
 * Builds the pointer → offset index of a YAML document that js-yaml has already accepted. It reads block
 * mappings and sequences by indentation and flow collections by brackets, which covers what OpenAPI
 * tools write; it is run lazily on the first `locate()`, so parsing stays at js-yaml speed.
 */
import { toPointer } from '../pointer.ts';
import type { DuplicateKey, PosIndex, PosNode } from './position-tree.ts';
import { plainKeyString, unquote } from './scalars.ts';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQ = 34;
const HASH = 35;
const AMP = 38;
const SQ = 39;
const STAR = 42;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const GT = 62;
const QMARK = 63;
const LBRACK = 91;
const BACKSLASH = 92;
const RBRACK = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const PERCENT = 37;

const isWs = (c: number) => c === SPACE || c === TAB;
/** Line break or end of input (charCodeAt past the end is NaN). */
const isEol = (c: number) => c === LF || c === CR || Number.isNaN(c);
const isWsOrEol = (c: number) => isWs(c) || isEol(c);
const isFlowIndicator = (c: number) => c === COMMA || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE;

/** Result of indexing: the positions and the first duplicate key met, if any. */
export interface YamlScan {
  index: PosIndex;
  duplicate?: DuplicateKey;
}

class YamlIndexer {
  private pos = 0;
  private lineStart = 0;
  private readonly n: number;
  private readonly anchors = new Map<string, PosNode>();
  private readonly path: string[] = [];
  duplicate?: DuplicateKey;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  private ch(p = this.pos): number {
    return this.text.charCodeAt(p);
  }

  private col(): number {
    return this.pos - this.lineStart;
  }

  private newline(): void {
    if (this.ch() === CR && this.ch(this.pos + 1) === LF) this.pos += 2;
    else this.pos += 1;
    this.lineStart = this.pos;
  }

  private skipInline(): void {
    while (isWs(this.ch())) this.pos++;
  }

  private skipToEol(): void {
    while (!isEol(this.ch())) this.pos++;
  }

  private atDocumentMarker(): boolean {
    if (this.pos !== this.lineStart) return false;
    const t = this.text;
    const p = this.pos;
    const three = t.startsWith('---', p) || t.startsWith('...', p);
    return three && isWsOrEol(this.ch(p + 3));
  }

  /** Skips blanks, comments and line breaks; true when content follows (not end of input or a document marker). */
  private skipBlank(): boolean {
    for (;;) {
      this.skipInline();
      const c = this.ch();
      if (c === HASH) this.skipToEol();
      else if (c === LF || c === CR) this.newline();
      else return this.pos < this.n && !this.atDocumentMarker();
    }
  }

  private skipFlowBlank(): void {
    for (;;) {
      this.skipInline();
      const c = this.ch();
      if (c === HASH) this.skipToEol();
      else if (c === LF || c === CR) this.newline();
      else return;
    }
  }

  private skipQuoted(): void {
    const quote = this.ch();
    this.pos++;
    while (this.pos < this.n) {
      const c = this.ch();
      if (c === LF || c === CR) this.newline();
      else if (quote === DQ && c === BACKSLASH) {
        this.pos++;
        if (this.ch() === LF || this.ch() === CR) this.newline();
        else this.pos++;
      } else if (c === quote) {
        if (quote === SQ && this.ch(this.pos + 1) === SQ) this.pos += 2;
        else {
          this.pos++;
          return;
        }
      } else this.pos++;
    }
  }

  private readName(): string {
    const start = ++this.pos;
    while (!isWsOrEol(this.ch()) && !isFlowIndicator(this.ch())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads anchors and tags before a node; returns the anchor name. */
  private readProperties(flow: boolean): string | undefined {
    let anchor: string | undefined;
    for (;;) {
      const c = this.ch();
      if (c === AMP) anchor = this.readName();
      else if (c === BANG) {
        while (!isWsOrEol(this.ch()) && !(flow && isFlowIndicator(this.ch()))) this.pos++;
      } else return anchor;
      if (flow) this.skipFlowBlank();
      else this.skipInline();
    }
  }

  /** Offset of the `:` ending a plain implicit key on this line, or -1. */
  private plainKeyColon(from: number): number {
    for (let p = from; ; p++) {
      const c = this.ch(p);
      if (isEol(c)) return -1;
      if (c === COLON && isWsOrEol(this.ch(p + 1))) return p;
      if (c === HASH && p > from && isWs(this.ch(p - 1))) return -1;
    }
  }

  private quotedIsKey(): boolean {
    const [pos, lineStart] = [this.pos, this.lineStart];
    this.skipQuoted();
    this.skipInline();
    const result = this.lineStart === lineStart && this.ch() === COLON && isWsOrEol(this.ch(this.pos + 1));
    this.pos = pos;
    this.lineStart = lineStart;
    return result;
  }

  private setMember(node: PosNode, key: string, value: PosNode): void {
    const members = node.members as Map<string, PosNode>;
    const first = members.get(key);
    if (first !== undefined && this.duplicate === undefined) {
      this.duplicate = {
        pointer: toPointer([...this.path, key]),
        key,
        offset: value.key ?? value.at,
        firstOffset: first.key ?? first.at,
      };
    }
    members.set(key, value);
  }

  private addMerge(node: PosNode, value: PosNode): void {
    if (node.merges === undefined) node.merges = [];
    node.merges.push(value);
  }

  /** Parses the node at the current content position. `blockOk`: a block collection may start here. */
  parseNode(parentIndent: number, blockOk: boolean, seqAtParentIndent = false): PosNode {
    const start = this.pos;
    const startCol = this.col();
    let anchor = this.readProperties(false);
    let node: PosNode;
    if (this.pos !== start && (isEol(this.ch()) || this.ch() === HASH)) {
      // Properties alone on their line: the content follows on the next lines.
      const after = this.pos;
      if (!this.skipBlank()) node = { at: start };
      else if (this.col() > parentIndent) node = this.parseContent(parentIndent, true);
      else if (seqAtParentIndent && this.col() === parentIndent && this.isDash())
        node = this.parseBlockSeq(parentIndent);
      else {
        node = { at: start };
        this.pos = after;
      }
    } else if (this.pos !== start && blockOk && this.startsImplicitKey()) {
      // `&a key: value` — the properties belong to the first key, the mapping starts at them.
      this.pos = start;
      anchor = undefined;
      node = this.parseBlockMap(startCol);
    } else {
      node = this.parseContent(parentIndent, blockOk);
    }
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  private isDash(): boolean {
    return this.ch() === DASH && isWsOrEol(this.ch(this.pos + 1));
  }

  private startsImplicitKey(): boolean {
    const c = this.ch();
    if (c === DQ || c === SQ) return this.quotedIsKey();
    if (c === LBRACK || c === LBRACE || c === STAR || c === PIPE || c === GT) return false;
    return this.plainKeyColon(this.pos) >= 0;
  }

  private parseContent(parentIndent: number, blockOk: boolean): PosNode {
    const c = this.ch();
    const at = this.pos;
    if (blockOk && this.isDash()) return this.parseBlockSeq(this.col());
    if (blockOk && c === QMARK && isWsOrEol(this.ch(at + 1))) return this.parseBlockMap(this.col());
    if (c === LBRACK || c === LBRACE) return this.parseFlow();
    if (c === PIPE || c === GT) return this.parseBlockScalar(parentIndent);
    if (c === STAR) return { at, alias: this.readName() };
    if (blockOk && this.startsImplicitKey()) return this.parseBlockMap(this.col());
    if (c === DQ || c === SQ) this.skipQuoted();
    else this.skipPlain(parentIndent);
    return { at };
  }

  private skipPlain(parentIndent: number): void {
    const scanLine = () => {
      for (;;) {
        const c = this.ch();
        if (isEol(c) || (c === HASH && isWs(this.ch(this.pos - 1)))) return;
        this.pos++;
      }
    };
    scanLine();
    for (;;) {
      if (this.ch() === HASH || this.pos >= this.n) return;
      const [pos, lineStart] = [this.pos, this.lineStart];
      this.newline();
      // Skip blank lines, then see whether the next line continues the scalar (more indented, not a comment).
      for (;;) {
        this.skipInline();
        const c = this.ch();
        if ((c === LF || c === CR) && this.pos < this.n) this.newline();
        else break;
      }
      const c = this.ch();
      if (this.pos >= this.n || this.col() <= parentIndent || c === HASH || this.atDocumentMarkerAtLineStart()) {
        this.pos = pos;
        this.lineStart = lineStart;
        return;
      }
      scanLine();
    }
  }

  private atDocumentMarkerAtLineStart(): boolean {
    const [pos] = [this.pos];
    if (pos !== this.lineStart) return false;
    return this.atDocumentMarker();
  }

  private parseBlockScalar(parentIndent: number): PosNode {
    const node: PosNode = { at: this.pos };
    this.skipToEol();
    while (this.pos < this.n) {
      const [pos, lineStart] = [this.pos, this.lineStart];
      this.newline();
      let p = this.pos;
      while (this.ch(p) === SPACE) p++;
      if (isEol(this.ch(p))) {
        this.pos = p;
        continue;
      }
      if (p - this.pos > parentIndent && !(parentIndent < 0 && this.atDocumentMarker())) {
        this.pos = p;
        this.skipToEol();
        continue;
      }
      // A less indented line ends the scalar; leave the cursor at the end of its last line.
      this.pos = pos;
      this.lineStart = lineStart;
      break;
    }
    return node;
  }

  private parseBlockSeq(indent: number): PosNode {
    const items: PosNode[] = [];
    const node: PosNode = { at: this.pos, items };
    for (;;) {
      const dash = this.pos;
      this.pos++;
      this.skipInline();
      this.path.push(String(items.length));
      let item: PosNode;
      if (isEol(this.ch()) || this.ch() === HASH) {
        const after = this.pos;
        if (this.skipBlank() && this.col() > indent) item = this.parseNode(indent, true);
        else {
          item = { at: dash };
          this.pos = after;
        }
      } else {
        item = this.parseNode(indent, true);
      }
      this.path.pop();
      items.push(item);
      if (!this.skipBlank() || this.col() !== indent || !this.isDash() || this.pos === dash) return node;
    }
  }

  private parseBlockMap(indent: number): PosNode {
    const node: PosNode = { at: this.pos, members: new Map() };
    for (;;) {
      const entryStart = this.pos;
      this.readProperties(false);
      const keyAt = this.pos;
      let key: string | undefined;
      let merge = false;
      const c = this.ch();
      if (c === QMARK && isWsOrEol(this.ch(keyAt + 1))) {
        key = this.readExplicitKey(indent);
      } else {
        if (c === DQ || c === SQ) {
          this.skipQuoted();
          key = unquote(this.text.slice(keyAt, this.pos));
        } else if (c === STAR) {
          this.readName();
        } else {
          const colon = this.plainKeyColon(this.pos);
          if (colon < 0) return node;
          const raw = this.text.slice(keyAt, colon).trimEnd();
          merge = raw === '<<';
          key = plainKeyString(raw);
          this.pos = colon;
        }
        this.skipInline();
        if (this.ch() !== COLON) return node;
        this.pos++;
      }
      if (key !== undefined) this.path.push(key);
      const value = key === undefined && c === QMARK ? { at: keyAt } : this.parseMapValue(indent);
      if (key !== undefined) this.path.pop();
      value.key = keyAt;
      if (merge) this.addMerge(node, value);
      else if (key !== undefined) this.setMember(node, key, value);
      if (!this.skipBlank() || this.col() !== indent || this.isDash() || this.pos === entryStart) return node;
    }
  }

  /** `? key` (rare in OpenAPI): reads a one-line scalar key and the `: value` line that may follow. */
  private readExplicitKey(indent: number): string | undefined {
    this.pos++;
    this.skipInline();
    let key: string | undefined;
    const c = this.ch();
    if (c === DQ || c === SQ) {
      const s = this.pos;
      this.skipQuoted();
      key = unquote(this.text.slice(s, this.pos));
    } else if (!isEol(c) && c !== HASH && c !== LBRACK && c !== LBRACE) {
      const s = this.pos;
      this.skipToEol();
      key = plainKeyString(
        this.text
          .slice(s, this.pos)
          .replace(/\s+#.*$/, '')
          .trimEnd(),
      );
    } else {
      this.parseNode(indent, true);
    }
    const after = this.pos;
    if (this.skipBlank() && this.col() === indent && this.ch() === COLON && isWsOrEol(this.ch(this.pos + 1))) {
      this.pos++;
      return key;
    }
    this.pos = after;
    return undefined;
  }

  private parseMapValue(indent: number): PosNode {
    this.skipInline();
    const c = this.ch();
    if (isEol(c) || c === HASH) {
      const after = this.pos;
      if (this.skipBlank()) {
        if (this.col() > indent) return this.parseNode(indent, true);
        if (this.col() === indent && this.isDash()) return this.parseBlockSeq(indent);
      }
      this.pos = after;
      return { at: after };
    }
    return this.parseNode(indent, false, true);
  }

  private flowPlainEnd(): void {
    for (;;) {
      const c = this.ch();
      if (this.pos >= this.n || isFlowIndicator(c)) return;
      if (c === COLON) {
        const next = this.ch(this.pos + 1);
        if (isWsOrEol(next) || isFlowIndicator(next)) return;
      }
      if (c === HASH && isWs(this.ch(this.pos - 1))) return;
      if (c === LF || c === CR) this.newline();
      else this.pos++;
    }
  }

  /** Reads a flow key; returns its string (undefined for collection or alias keys) and whether it is `<<`. */
  private readFlowKey(): { key: string | undefined; merge: boolean; at: number } {
    this.readProperties(true);
    const at = this.pos;
    const c = this.ch();
    if (c === DQ || c === SQ) {
      this.skipQuoted();
      return { key: unquote(this.text.slice(at, this.pos)), merge: false, at };
    }
    if (c === LBRACK || c === LBRACE) {
      this.parseFlow();
      return { key: undefined, merge: false, at };
    }
    if (c === STAR) {
      this.readName();
      return { key: undefined, merge: false, at };
    }
    this.flowPlainEnd();
    const raw = this.text.slice(at, this.pos).trim();
    return { key: plainKeyString(raw), merge: raw === '<<', at };
  }

  private parseFlowValue(close: number): PosNode {
    this.pos++;
    this.skipFlowBlank();
    const c = this.ch();
    if (c === COMMA || c === close) return { at: this.pos };
    return this.parseFlowNode();
  }

  private parseFlow(): PosNode {
    const close = this.ch() === LBRACK ? RBRACK : RBRACE;
    const node: PosNode = close === RBRACK ? { at: this.pos, items: [] } : { at: this.pos, members: new Map() };
    this.pos++;
    for (;;) {
      this.skipFlowBlank();
      const c = this.ch();
      if (this.pos >= this.n) return node;
      if (c === close) {
        this.pos++;
        return node;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const entryStart = this.pos;
      if (c === QMARK && isWsOrEol(this.ch(this.pos + 1))) {
        this.pos++;
        this.skipFlowBlank();
      }
      if (node.items !== undefined) this.parseFlowItem(node.items, close);
      else this.parseFlowMember(node, close);
      if (this.pos === entryStart) this.pos++;
    }
  }

  private parseFlowMember(node: PosNode, close: number): void {
    const { key, merge, at } = this.readFlowKey();
    this.skipFlowBlank();
    let value: PosNode;
    if (key !== undefined) this.path.push(key);
    if (this.ch() === COLON) value = this.parseFlowValue(close);
    else value = { at };
    if (key !== undefined) this.path.pop();
    value.key = at;
    if (merge) this.addMerge(node, value);
    else if (key !== undefined) this.setMember(node, key, value);
  }

  private parseFlowItem(items: PosNode[], close: number): void {
    this.path.push(String(items.length));
    const at = this.pos;
    const first = this.parseFlowNode();
    const end = this.pos;
    this.skipFlowBlank();
    if (this.ch() === COLON) {
      // `[key: value]` is a one-pair mapping.
      const raw = this.text.slice(first.at, end).trim();
      const key = raw.startsWith('"') || raw.startsWith("'") ? unquote(raw) : plainKeyString(raw);
      const value = this.parseFlowValue(close);
      value.key = first.at;
      items.push({ at, members: new Map([[key, value]]) });
    } else {
      items.push(first);
    }
    this.path.pop();
  }

  private parseFlowNode(): PosNode {
    const anchor = this.readProperties(true);
    const at = this.pos;
    const c = this.ch();
    let node: PosNode;
    if (c === LBRACK || c === LBRACE) node = this.parseFlow();
    else if (c === STAR) node = { at, alias: this.readName() };
    else {
      node = { at };
      if (c === DQ || c === SQ) this.skipQuoted();
      else this.flowPlainEnd();
    }
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  /** Indexes the (single) document of the text. */
  run(): PosIndex {
    for (;;) {
      if (!this.skipBlank()) break;
      if (this.ch() !== PERCENT || this.col() !== 0) break;
      this.skipToEol();
    }
    let root: PosNode = { at: this.pos };
    if (this.pos < this.n && this.text.startsWith('---', this.pos)) {
      this.pos += 3;
      this.skipInline();
      if (isEol(this.ch()) || this.ch() === HASH) {
        if (this.skipBlank()) root = this.parseNode(-1, true);
      } else {
        root = this.parseNode(-1, false);
      }
    } else if (this.pos < this.n) {
      root = this.parseNode(-1, true);
    }
    return { root, anchors: this.anchors };
  }
}

/** Indexes a YAML text's positions; records the first duplicate key it meets. */
export function scanYaml(text: string): YamlScan {
  const indexer = new YamlIndexer(text);
  const index = indexer.run();
  return indexer.duplicate === undefined ? { index } : { index, duplicate: indexer.duplicate };
}
