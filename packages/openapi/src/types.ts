/** Shared data shapes of the OpenAPI core: findings, fixes, losses and documents. */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The three OpenAPI families Portico reads and writes. */
export type OasVersion = '2.0' | '3.0' | '3.1';

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a document; the same shape in the CLI, the API and the portal. */
export interface Finding {
  /** Stable rule id, e.g. `operation-operationId-unique` or `pp-operation-summary`. */
  rule: string;
  severity: Severity;
  message: string;
  /** JSON Pointer into the document the finding is about ("" is the root). */
  pointer: string;
  /** 1-based line and column in the source text, when the document came from text. */
  line?: number;
  column?: number;
  /** The document (file or URL) the pointer refers to, when it is not the main one. */
  source?: string;
  /** What `--fix` would do (or what the user should do) to resolve it. */
  fix?: string;
}

/** A change Portico made to a document on purpose (a `--fix`). */
export interface AppliedFix {
  rule: string;
  pointer: string;
  message: string;
}

/** A construct that has no equivalent in the target version, and what was done instead. */
export interface Loss {
  /** Stable kind, e.g. `oneOf`, `cookie-parameter`, `callbacks`, `multiple-servers`. */
  kind: string;
  /** Pointer into the *source* document. */
  pointer: string;
  message: string;
  /** What the converter did instead (dropped, kept as x-… extension, first item used, …). */
  action: string;
}

/** 1-based position of a JSON Pointer's target in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** What a loader returns for one URI: the raw text and, after redirects, the final URI. */
export interface LoadedResource {
  text: string | Uint8Array;
  /** Final URI after redirects; relative `$ref`s resolve against it. Defaults to the requested URI. */
  uri?: string;
  /** Media type reported by the transport, when there is one. */
  contentType?: string;
}

/**
 * Injected I/O: fetches a document by absolute URI (`file:///…`, `https://…`). The core never does
 * I/O itself; the CLI supplies file and HTTP loaders, the server its own fetcher, the browser `fetch`.
 * Rejects with an Error whose message names the URI and the reason.
 */
export type Loader = (uri: string) => Promise<LoadedResource>;
