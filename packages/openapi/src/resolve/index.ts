/** RESOLVE: turns a parsed root plus the files it references into one self-contained document. */
import { DefinitionError, place } from '../parse/errors.ts';
import { type DetectedVersion, detectVersion, type ParsedDocument, parseDefinition } from '../parse/index.ts';
import { parsePointer, toPointer } from '../pointer.ts';
import type { Finding, JsonObject, JsonValue, Loader, SourcePosition } from '../types.ts';
import { Bundler } from './bundle.ts';
import { DEFAULT_RESOLVE_LIMITS, type ResolveLimits } from './limits.ts';

export { areaFor, kindAt, type ObjectKind } from './context.ts';
export { DEFAULT_RESOLVE_LIMITS, type ResolveLimits } from './limits.ts';
export { resolveUri, splitRef } from './uri.ts';

export interface ResolveOptions {
  /** Reads external documents; without it every external $ref is reported as unresolvable. */
  loader?: Loader;
  limits?: Partial<ResolveLimits>;
}

/** Where a piece of the bundled document came from (file, pointer in that file, and position when known). */
export interface Origin {
  uri: string;
  pointer: string;
  line?: number;
  column?: number;
}

export interface ResolvedDefinition {
  /** One self-contained document: external $refs bundled under the component area, internal $refs kept. */
  document: JsonObject;
  version: DetectedVersion;
  root: ParsedDocument;
  /** Every document read, by URI (the root included). */
  documents: Map<string, ParsedDocument<JsonValue>>;
  /** Broken and unreachable references (`ref-resolvable`, severity error). */
  findings: Finding[];
  /** Position of a pointer of `document` in the root file; undefined for content bundled from other files (see origin). */
  locate(pointer: string): SourcePosition | undefined;
  /** The file and pointer a part of `document` came from, with its position there. */
  origin(pointer: string): Origin | undefined;
}

/** Bundles the external $refs of a parsed root document into it; throws DefinitionError on limits and non-OpenAPI input. */
export async function resolveDefinition(
  root: ParsedDocument,
  options: ResolveOptions = {},
): Promise<ResolvedDefinition> {
  const version = detectVersion(root.value, root.uri);
  const limits = { ...DEFAULT_RESOLVE_LIMITS, ...options.limits };
  const bundle = await new Bundler(root, version.family, options.loader, limits).run();
  const origin = (pointer: string): Origin | undefined => {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch {
      return undefined;
    }
    for (let i = tokens.length; i >= 0; i--) {
      const from = bundle.origins.get(toPointer(tokens.slice(0, i)));
      if (from === undefined) continue;
      const inner = from.pointer + toPointer(tokens.slice(i));
      const at = bundle.documents.get(from.uri)?.locate(inner);
      return { uri: from.uri, pointer: inner, ...at };
    }
    const at = root.locate(pointer);
    return { uri: root.uri, pointer, ...at };
  };
  return {
    document: bundle.document,
    version,
    root,
    documents: bundle.documents,
    findings: bundle.findings,
    locate: (pointer) => {
      const from = origin(pointer);
      return from?.uri === root.uri && from.pointer === pointer && from.line !== undefined
        ? { line: from.line, column: from.column as number }
        : undefined;
    },
    origin,
  };
}

/** Loads a definition through the loader, parses and resolves it. */
export async function loadDefinition(
  uri: string,
  options: ResolveOptions & { loader: Loader },
): Promise<ResolvedDefinition> {
  let loaded: Awaited<ReturnType<Loader>>;
  try {
    loaded = await options.loader(uri);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DefinitionError('unreachable', `${place(uri)} could not be read: ${message}; check the path or URL.`, {
      uri,
      cause: error,
    });
  }
  const maxBytes = Math.min(50 * 1024 * 1024, options.limits?.maxTotalBytes ?? DEFAULT_RESOLVE_LIMITS.maxTotalBytes);
  const root = parseDefinition(loaded.text, { uri: loaded.uri ?? uri, maxBytes });
  return resolveDefinition(root, options);
}
