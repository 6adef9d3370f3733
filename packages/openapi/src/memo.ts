/**
 * A memo for whole-document walks shared by several rules of one `runRules` call (the x-ms-* rules all list
 * the same extensions; three rules visit the same schemas). Only active inside `withDocumentMemo`, where
 * the document is read, never changed, so a cached walk cannot go stale.
 */
let active: Map<string, WeakMap<object, unknown>> | undefined;

/** Runs `fn` with walks of unchanged documents cached by document identity; nested calls share the outer memo. */
export function withDocumentMemo<T>(fn: () => T): T {
  if (active) return fn();
  active = new Map();
  try {
    return fn();
  } finally {
    active = undefined;
  }
}

/** `compute()`, or its cached result for the same `kind` and document inside `withDocumentMemo`. */
export function memoized<T>(kind: string, document: object, compute: () => T): T {
  if (!active) return compute();
  let byDocument = active.get(kind);
  if (!byDocument) {
    byDocument = new WeakMap();
    active.set(kind, byDocument);
  }
  if (byDocument.has(document)) return byDocument.get(document) as T;
  const value = compute();
  byDocument.set(document, value);
  return value;
}
