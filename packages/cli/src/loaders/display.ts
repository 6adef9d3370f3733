/** Turns URIs into the short names users typed: `file:///home/me/api.yaml` → `api.yaml`. */
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path relative to `cwd` for file URIs inside it, the absolute path for other files, the URL otherwise. */
export function displayUri(uri: string, cwd: string): string {
  if (!uri.startsWith('file:')) return uri;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return uri;
  }
  return displayPath(path, cwd);
}

/** A path relative to `cwd` when it is inside it (`.` for cwd itself), else the absolute path. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
