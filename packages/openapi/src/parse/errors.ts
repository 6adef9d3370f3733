/** The one error type for unusable definitions: what went wrong, where, and how to fix it. */

/** Stable codes of DefinitionError; callers branch on these, never on the message. */
export type DefinitionErrorCode =
  | 'encoding'
  | 'too-large'
  | 'empty'
  | 'json-syntax'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'alias-bomb'
  | 'alias-cycle'
  | 'not-object'
  | 'not-openapi'
  | 'unsupported-version'
  | 'unreachable'
  | 'ref-unresolvable'
  | 'ref-limit';

export interface DefinitionErrorDetails {
  uri: string;
  pointer?: string;
  line?: number;
  column?: number;
  cause?: unknown;
}

/** A definition Portico cannot use; the message is one paragraph naming the file, the position and the fix. */
export class DefinitionError extends Error {
  readonly code: DefinitionErrorCode;
  readonly uri: string;
  readonly pointer?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: DefinitionErrorCode, message: string, details: DefinitionErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DefinitionError';
    this.code = code;
    this.uri = details.uri;
    if (details.pointer !== undefined) this.pointer = details.pointer;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
  }
}

/** Formats "file:line:column" (or just the file) for the start of an error message. */
export function place(uri: string, line?: number, column?: number): string {
  if (line === undefined) return uri;
  return column === undefined ? `${uri}:${line}` : `${uri}:${line}:${column}`;
}
