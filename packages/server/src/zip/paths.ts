// Entry names that are safe to use as relative file paths: no traversal, no absolute paths, no odd characters.
import { ZipError } from './errors.ts';

/** Checks a zip entry name (`dir/file.json`, or `dir/` for a directory) and throws ZipError when it is unsafe. */
export function checkEntryName(name: string): void {
  const unsafe = (why: string) =>
    new ZipError('unsafe-path', `The zip entry "${name}" ${why}; re-create the zip with plain relative paths.`, name);
  if (name === '') throw unsafe('has an empty name');
  if (name.includes('\0')) throw unsafe('contains a NUL character');
  if (name.includes('\\')) throw unsafe('uses backslashes (zip paths use "/")');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafe('is an absolute path');
  const segments = name.endsWith('/') ? name.slice(0, -1).split('/') : name.split('/');
  for (const segment of segments) {
    if (segment === '..') throw unsafe('climbs out of the package with ".."');
    if (segment === '' || segment === '.') throw unsafe('has an empty or "." path segment');
  }
}

/** True for entries that archivers add by themselves (macOS resource forks, Finder files); they are skipped. */
export function isArchiverNoise(name: string): boolean {
  return name.startsWith('__MACOSX/') || name === '.DS_Store' || name.endsWith('/.DS_Store');
}
