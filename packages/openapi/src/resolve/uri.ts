/** URI arithmetic for $ref: resolve against the containing document, split off the fragment, name things. */

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** True for `file:///…`, `https://…`, `urn:…` (not for Windows drive paths like `C:\…`). */
export function isAbsoluteUri(value: string): boolean {
  return SCHEME.test(value) && !/^[a-zA-Z]:[\\/]/.test(value);
}

function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && absolute) continue;
    else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined;
}

/** Splits `doc#fragment` into its document part and its fragment (undefined when there is no `#`). */
export function splitRef(ref: string): { doc: string; fragment: string | undefined } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { doc: ref, fragment: undefined } : { doc: ref.slice(0, hash), fragment: ref.slice(hash + 1) };
}

/** Resolves a `$ref` against the URI (or path) of the document containing it. */
export function resolveUri(base: string, ref: string): string {
  if (isAbsoluteUri(ref)) return ref;
  if (isAbsoluteUri(base)) {
    try {
      return new URL(ref, base).href;
    } catch {
      // Fall through to path arithmetic for bases URL cannot handle.
    }
  }
  const baseDoc = splitRef(base).doc;
  const { doc, fragment } = splitRef(ref);
  const suffix = fragment === undefined ? '' : `#${fragment}`;
  if (doc === '') return baseDoc + suffix;
  if (doc.startsWith('/')) return normalizePath(doc) + suffix;
  const slash = baseDoc.lastIndexOf('/');
  const dir = slash < 0 ? '' : baseDoc.slice(0, slash + 1);
  return normalizePath(dir + doc) + suffix;
}

/** The file name of a URI without directory and extension: `…/schemas/pet.yaml` → `pet`. */
export function baseName(uri: string): string {
  const path = splitRef(uri).doc.replace(/[?].*$/, '');
  const file = path.slice(path.lastIndexOf('/') + 1);
  let name = file;
  try {
    name = decodeURIComponent(file);
  } catch {
    // Keep the raw name.
  }
  return name.replace(/\.(ya?ml|json)$/i, '');
}
