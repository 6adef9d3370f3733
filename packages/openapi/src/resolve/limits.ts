/** Explicit limits of $ref resolution, and the error raised when one is crossed. */
import { DefinitionError, place } from '../parse/errors.ts';

export interface ResolveLimits {
  /** Largest number of distinct documents (the root included). */
  maxDocuments: number;
  /** Deepest nesting of external documents (root = 0) and longest chain of inlined $refs. */
  maxDepth: number;
  /** Largest total size of all loaded documents, in UTF-8 bytes. */
  maxTotalBytes: number;
}

export const DEFAULT_RESOLVE_LIMITS: ResolveLimits = {
  maxDocuments: 100,
  maxDepth: 32,
  maxTotalBytes: 100 * 1024 * 1024,
};

/** Where a $ref sits: the file, the JSON Pointer of the `$ref` member and, when known, the line. */
export interface RefPlace {
  uri: string;
  pointer: string;
  line?: number;
  column?: number;
}

/** The ref-limit error: names the limit, the ref that crossed it, and the fix. */
export function refLimitError(limit: keyof ResolveLimits, value: number, ref: string, at: RefPlace, what: string) {
  return new DefinitionError(
    'ref-limit',
    `${place(at.uri, at.line, at.column)}: $ref "${ref}" at ${at.pointer} ${what}, more than the ${limit} limit of ${value}; reduce the number or nesting of referenced files, or raise ${limit}.`,
    { uri: at.uri, pointer: at.pointer, ...(at.line === undefined ? {} : { line: at.line, column: at.column }) },
  );
}
