/**
 * Bundles a definition: every external $ref target is copied once into the main document's component area
 * (or inlined where the version has no such area) and the $ref rewritten to an internal one. Nothing is
 * dereferenced, so cycles stay cycles; all walks use explicit stacks, so deep input cannot overflow.
 */
import { DefinitionError } from '../parse/errors.ts';
import { type ParsedDocument, parseSource } from '../parse/index.ts';
import { getAt, parsePointer, toPointer } from '../pointer.ts';
import type { Finding, JsonObject, JsonValue, Loader, OasVersion } from '../types.ts';
import { areaFor, componentAreas, guessKind, kindAt, kindFromLocation } from './context.ts';
import { type RefPlace, type ResolveLimits, refLimitError } from './limits.ts';
import { isLiteral } from './literal.ts';
import {
  type Container,
  emptyLike,
  type Frame,
  fragment,
  isContainer,
  isRefObject,
  setMember,
  tokensOf,
  withChanges,
} from './tree.ts';
import { baseName, resolveUri, splitRef } from './uri.ts';

/** Where a `$ref` was met: its document and lazily computed pointers. */
interface Site {
  doc: ParsedDocument<JsonValue>;
  ref: string;
  frame: Frame;
  /** Targets being inlined around this site (cycle guard for inlining). */
  chain: readonly string[];
}

type Outcome =
  | { kind: 'keep' }
  | { kind: 'ref'; ref: string }
  | { kind: 'inline'; doc: ParsedDocument<JsonValue>; node: JsonValue; key: string; pointer: string };

interface Target {
  docKey: string;
  tokens: string[];
  pointer: string;
  key: string;
}

interface CopyFrame extends Frame {
  src: Container;
  dst: Container;
  doc: ParsedDocument<JsonValue>;
  chain: readonly string[];
  literal: boolean;
  refOverride?: string;
}

export interface BundleResult {
  document: JsonObject;
  documents: Map<string, ParsedDocument<JsonValue>>;
  findings: Finding[];
  /** Main-document pointer of each bundled or inlined piece → where it came from. */
  origins: Map<string, { uri: string; pointer: string }>;
}

/** One bundling run over a root document. */
export class Bundler {
  private readonly documents = new Map<string, ParsedDocument<JsonValue>>();
  private readonly depthOf = new Map<ParsedDocument<JsonValue>, number>();
  private readonly failures = new Map<string, string>();
  private readonly findings: Finding[] = [];
  private readonly targets = new Map<string, string>();
  private readonly names = new Map<string, Set<string>>();
  private readonly rewrites: Array<{ tokens: string[]; value: JsonValue }> = [];
  private readonly additions: Array<{ tokens: string[]; value: JsonValue }> = [];
  private readonly origins = new Map<string, { uri: string; pointer: string }>();
  private readonly slotFills = new Set<string>();
  private readonly internalOk = new Map<string, boolean>();
  private readonly copies: CopyFrame[] = [];
  private readonly rootKey: string;
  private totalBytes: number;

  constructor(
    private readonly root: ParsedDocument,
    private readonly family: OasVersion,
    private readonly loader: Loader | undefined,
    private readonly limits: ResolveLimits,
  ) {
    this.rootKey = splitRef(root.uri).doc;
    this.documents.set(this.rootKey, root);
    this.depthOf.set(root, 0);
    this.totalBytes = root.text.length;
    for (const area of componentAreas(family)) {
      const existing = getAt(root.value, area);
      this.names.set(area.join('/'), new Set(isContainer(existing) ? Object.keys(existing) : []));
    }
  }

  /** Runs the whole bundle. */
  async run(): Promise<BundleResult> {
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw refLimitError(
        'maxTotalBytes',
        this.limits.maxTotalBytes,
        this.root.uri,
        { uri: this.root.uri, pointer: '' },
        'is too large',
      );
    }
    this.planSlots();
    await this.walkRoot();
    while (this.copies.length > 0) await this.copy(this.copies.pop() as CopyFrame);
    return {
      document: withChanges(this.root.value, this.rewrites, this.additions),
      documents: this.documents,
      findings: this.findings,
      origins: this.origins,
    };
  }

  // --- targets -------------------------------------------------------------------------------------

  /** Resolves a ref met in `doc` to an absolute target, or a reason it cannot be. */
  private target(doc: ParsedDocument<JsonValue>, ref: string): Target | string {
    const absolute = resolveUri(doc.uri, ref);
    const { doc: docPart, fragment: frag } = splitRef(absolute);
    if (frag !== undefined && frag !== '' && !frag.startsWith('/') && !frag.startsWith('%2F')) {
      return `the fragment "#${frag}" is not a JSON Pointer (plain-name anchors are not supported); use a pointer such as "#/components/schemas/Name"`;
    }
    let tokens: string[];
    try {
      tokens = parsePointer(`#${frag ?? ''}`);
    } catch {
      return `the fragment "#${frag}" is not a valid JSON Pointer (bad %-escape); fix the escaping`;
    }
    const docKey = docPart === '' ? splitRef(doc.uri).doc : docPart;
    const pointer = toPointer(tokens);
    return { docKey, tokens, pointer, key: `${docKey}#${pointer}` };
  }

  /** Pre-pass: a root component that is only an external $ref becomes that target's home. */
  private planSlots(): void {
    for (const area of componentAreas(this.family)) {
      const map = getAt(this.root.value, area);
      if (!isContainer(map) || Array.isArray(map)) continue;
      for (const [name, entry] of Object.entries(map)) {
        if (!isRefObject(entry) || entry.$ref.startsWith('#')) continue;
        const target = this.target(this.root, entry.$ref);
        if (typeof target === 'string' || target.docKey === this.rootKey || this.targets.has(target.key)) continue;
        const tokens = [...area, name];
        this.targets.set(target.key, fragment(toPointer(tokens)));
        this.slotFills.add(toPointer(tokens));
      }
    }
  }

  private refPlace(site: Site): RefPlace {
    const pointer = toPointer([...tokensOf(site.frame, 'srcBase'), '$ref']);
    const at = site.doc.locate(pointer);
    return { uri: site.doc.uri, pointer, ...(at === undefined ? {} : { line: at.line, column: at.column }) };
  }

  private broken(site: Site, reason: string): Outcome {
    const at = this.refPlace(site);
    this.findings.push({
      rule: 'ref-resolvable',
      severity: 'error',
      message: `$ref "${site.ref}" cannot be resolved: ${reason}.`,
      pointer: at.pointer,
      ...(at.line === undefined ? {} : { line: at.line, column: at.column }),
      ...(site.doc === this.root ? {} : { source: site.doc.uri }),
    });
    return { kind: 'keep' };
  }

  /** Checks an internal ref of the root document (kept as it is). */
  private checkInternal(site: Site): void {
    let ok = this.internalOk.get(site.ref);
    if (ok === undefined) {
      try {
        ok = getAt(this.root.value, parsePointer(site.ref)) !== undefined;
      } catch {
        ok = false;
      }
      this.internalOk.set(site.ref, ok);
    }
    if (!ok) {
      this.broken(
        site,
        `${site.ref.slice(1) || '(root)'} does not exist in ${this.root.uri}; fix the pointer or add the missing definition`,
      );
    }
  }

  private async load(docKey: string, site: Site): Promise<ParsedDocument<JsonValue> | string> {
    const known = this.documents.get(docKey);
    if (known !== undefined) return known;
    const failure = this.failures.get(docKey);
    if (failure !== undefined) return failure;
    if (this.loader === undefined) {
      const reason = `${docKey} is another file and no loader was given to read it; resolve with a loader (the CLI and server provide one)`;
      this.failures.set(docKey, reason);
      return reason;
    }
    const depth = (this.depthOf.get(site.doc) ?? 0) + 1;
    if (depth > this.limits.maxDepth) {
      throw refLimitError(
        'maxDepth',
        this.limits.maxDepth,
        site.ref,
        this.refPlace(site),
        `loads a document nested ${depth} files deep`,
      );
    }
    const distinct = new Set(this.documents.values()).size;
    if (distinct >= this.limits.maxDocuments) {
      throw refLimitError(
        'maxDocuments',
        this.limits.maxDocuments,
        site.ref,
        this.refPlace(site),
        `would load document number ${distinct + 1}`,
      );
    }
    let doc: ParsedDocument<JsonValue>;
    try {
      const loaded = await this.loader(docKey);
      const bytes = typeof loaded.text === 'string' ? loaded.text.length : loaded.text.byteLength;
      this.totalBytes += bytes;
      if (this.totalBytes > this.limits.maxTotalBytes) {
        throw refLimitError(
          'maxTotalBytes',
          this.limits.maxTotalBytes,
          site.ref,
          this.refPlace(site),
          `brings the documents to ${this.totalBytes} bytes`,
        );
      }
      doc = parseSource(loaded.text, { uri: loaded.uri ?? docKey });
    } catch (error) {
      if (error instanceof DefinitionError && error.code === 'ref-limit') throw error;
      const message = error instanceof Error ? error.message : String(error);
      const reason =
        error instanceof DefinitionError
          ? `the referenced file is not usable: ${message}`
          : `${docKey} could not be read (${message}); check the path or URL, relative to ${site.doc.uri}`;
      this.failures.set(docKey, reason);
      return reason;
    }
    this.documents.set(docKey, doc);
    this.documents.set(splitRef(doc.uri).doc, doc);
    this.depthOf.set(doc, depth);
    return doc;
  }

  private uniqueName(area: string[], target: Target): string {
    const last = target.tokens[target.tokens.length - 1];
    let base = last === undefined ? baseName(target.docKey) : last;
    if (/^[0-9]+$/.test(base) && target.tokens.length > 1) base = `${target.tokens[target.tokens.length - 2]}_${base}`;
    base = base.replace(/[^A-Za-z0-9._-]/g, '_') || 'Component';
    const used = this.names.get(area.join('/')) ?? new Set<string>();
    this.names.set(area.join('/'), used);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  }

  /** Decides what a (non-internal-to-root) $ref becomes. */
  private async resolveRef(site: Site): Promise<Outcome> {
    const target = this.target(site.doc, site.ref);
    if (typeof target === 'string') return this.broken(site, target);
    const mapped = this.targets.get(target.key);
    if (mapped !== undefined && !this.slotFills.has(toPointer(tokensOf(site.frame, 'mainBase')))) {
      return { kind: 'ref', ref: mapped };
    }
    const doc = target.docKey === this.rootKey ? this.root : await this.load(target.docKey, site);
    if (typeof doc === 'string') return this.broken(site, doc);
    const node = getAt(doc.value, target.tokens);
    if (node === undefined) {
      return this.broken(
        site,
        `${target.pointer || '(root)'} does not exist in ${doc.uri}; fix the pointer or add the missing definition`,
      );
    }
    if (doc === this.root) return { kind: 'ref', ref: fragment(target.pointer) };
    if (mapped !== undefined) return { kind: 'inline', doc, node, key: target.key, pointer: target.pointer };
    const mainTokens = tokensOf(site.frame, 'mainBase');
    const kind = kindAt(this.family, mainTokens) ?? kindFromLocation(target.tokens) ?? guessKind(node);
    const area = kind === undefined ? undefined : areaFor(this.family, kind);
    if (area === undefined) {
      if (site.chain.includes(target.key)) {
        return this.broken(
          site,
          `it is circular through a ${kind ?? 'non-component'} object, which ${this.family} cannot hold as a reusable component`,
        );
      }
      if (site.chain.length >= this.limits.maxDepth) {
        throw refLimitError(
          'maxDepth',
          this.limits.maxDepth,
          site.ref,
          this.refPlace(site),
          'inlines a chain of references too deep',
        );
      }
      return { kind: 'inline', doc, node, key: target.key, pointer: target.pointer };
    }
    const name = this.uniqueName(area, target);
    const tokens = [...area, name];
    const ref = fragment(toPointer(tokens));
    this.targets.set(target.key, ref);
    this.origins.set(toPointer(tokens), { uri: doc.uri, pointer: target.pointer });
    if (isContainer(node)) {
      const dst = emptyLike(node);
      this.additions.push({ tokens, value: dst });
      this.copies.push(this.copyFrame(node, dst, doc, target, tokens, []));
    } else {
      this.additions.push({ tokens, value: node });
    }
    return { kind: 'ref', ref };
  }

  private copyFrame(
    src: Container,
    dst: Container,
    doc: ParsedDocument<JsonValue>,
    target: Target,
    main: string[],
    chain: readonly string[],
  ) {
    return { key: '', parent: undefined, mainBase: main, srcBase: target.tokens, src, dst, doc, chain, literal: false };
  }

  // --- the root --------------------------------------------------------------------------------------

  private async walkRoot(): Promise<void> {
    const stack: Array<Frame & { node: Container }> = [
      { key: '', parent: undefined, mainBase: [], srcBase: [], node: this.root.value },
    ];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame & { node: Container };
      const node = frame.node;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const child = node[i];
          if (isContainer(child)) stack.push({ key: String(i), parent: frame, node: child });
        }
        continue;
      }
      if (typeof node.$ref === 'string' && frame.parent !== undefined) {
        const site: Site = { doc: this.root, ref: node.$ref, frame, chain: [] };
        if (node.$ref.startsWith('#')) this.checkInternal(site);
        else await this.rootRef(site, node);
      }
      for (const key in node) {
        if (key === '$ref') continue;
        const child = node[key];
        if (!isContainer(child) || isLiteral(key, child, frame.key, frame.parent?.key)) continue;
        stack.push({ key, parent: frame, node: child });
      }
    }
  }

  private async rootRef(site: Site, node: JsonObject): Promise<void> {
    const outcome = await this.resolveRef(site);
    const tokens = tokensOf(site.frame, 'mainBase');
    if (outcome.kind === 'ref') {
      if (outcome.ref !== site.ref) this.rewrites.push({ tokens, value: { ...node, $ref: outcome.ref } });
    } else if (outcome.kind === 'inline') {
      this.rewrites.push({ tokens, value: this.inline(outcome, site, tokens) });
    }
  }

  /** Starts copying an inlined target to `mainTokens`; returns the (still filling) copy. */
  private inline(outcome: Extract<Outcome, { kind: 'inline' }>, site: Site, mainTokens: string[]): JsonValue {
    this.origins.set(toPointer(mainTokens), { uri: outcome.doc.uri, pointer: outcome.pointer });
    if (!isContainer(outcome.node)) return outcome.node;
    const dst = emptyLike(outcome.node);
    const target = { docKey: '', tokens: parsePointer(outcome.pointer), pointer: outcome.pointer, key: outcome.key };
    this.copies.push(this.copyFrame(outcome.node, dst, outcome.doc, target, mainTokens, [...site.chain, outcome.key]));
    return dst;
  }

  // --- copying external content ------------------------------------------------------------------------

  /** A copy whose source is itself a $ref (`Pet: {$ref: '#/Animal'}` in another file) follows or rewrites it first. */
  private async startCopy(start: CopyFrame): Promise<CopyFrame | undefined> {
    let frame = start;
    for (let hops = 0; isRefObject(frame.src) && frame.refOverride === undefined; hops++) {
      const site: Site = { doc: frame.doc, ref: frame.src.$ref, frame, chain: frame.chain };
      const outcome = await this.resolveRef(site);
      if (outcome.kind === 'keep') return frame;
      if (outcome.kind === 'ref') return { ...frame, refOverride: outcome.ref };
      if (
        !isContainer(outcome.node) ||
        Array.isArray(outcome.node) !== Array.isArray(frame.dst) ||
        hops > this.limits.maxDepth
      ) {
        this.broken(site, 'it points to a value that cannot take the place of the referring object');
        return frame;
      }
      this.origins.set(toPointer(tokensOf(frame, 'mainBase')), { uri: outcome.doc.uri, pointer: outcome.pointer });
      frame = {
        ...frame,
        src: outcome.node,
        doc: outcome.doc,
        srcBase: parsePointer(outcome.pointer),
        chain: [...frame.chain, outcome.key],
      };
    }
    return frame;
  }

  private async copy(first: CopyFrame): Promise<void> {
    const start = await this.startCopy(first);
    if (start === undefined) return;
    const stack: CopyFrame[] = [start];
    while (stack.length > 0) {
      const frame = stack.pop() as CopyFrame;
      for (const [key, child] of Object.entries(frame.src)) {
        if (key === '$ref' && frame.refOverride !== undefined) {
          setMember(frame.dst, key, frame.refOverride);
          continue;
        }
        if (!isContainer(child)) {
          setMember(frame.dst, key, child);
          continue;
        }
        const literal =
          frame.literal || (!Array.isArray(frame.src) && isLiteral(key, child, frame.key, frame.parent?.key));
        const next = { key, parent: frame, doc: frame.doc, chain: frame.chain, literal };
        if (!literal && isRefObject(child)) {
          const site: Site = { doc: frame.doc, ref: child.$ref, frame: next, chain: frame.chain };
          const outcome = await this.resolveRef(site);
          if (outcome.kind === 'inline') {
            const value = this.inline(outcome, site, tokensOf(next, 'mainBase'));
            setMember(frame.dst, key, value);
            continue;
          }
          const dst: Container = {};
          setMember(frame.dst, key, dst);
          stack.push({ ...next, src: child, dst, ...(outcome.kind === 'ref' ? { refOverride: outcome.ref } : {}) });
          continue;
        }
        const dst = emptyLike(child);
        setMember(frame.dst, key, dst);
        stack.push({ ...next, src: child, dst });
      }
    }
  }
}
