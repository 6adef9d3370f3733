// Writes connector packages as zips: deterministic bytes for the same files, safe names only.
import { type Zippable, zipSync } from 'fflate';
import { ZipError } from './errors.ts';
import { checkEntryName } from './paths.ts';

// A fixed timestamp makes the same files give the same zip (stable hashes and ETags for downloads).
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const encoder = new TextEncoder();

/** Zips `{ path: text or bytes }` (text as UTF-8) with deflate, entries sorted by path. */
export function zipPackage(files: Record<string, string | Uint8Array>): Uint8Array {
  const input: Zippable = {};
  for (const name of Object.keys(files).sort()) {
    checkEntryName(name);
    if (name.endsWith('/')) throw new ZipError('unsafe-path', `"${name}" is a directory name; give files only.`, name);
    const content = files[name] as string | Uint8Array;
    input[name] = [typeof content === 'string' ? encoder.encode(content) : content, { level: 9 }];
  }
  return zipSync(input, { mtime: FIXED_MTIME });
}
