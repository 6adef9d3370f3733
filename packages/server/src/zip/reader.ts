// Reads a zip from memory defensively: limits on entries and sizes, declared and actual, before and while inflating.
import { Inflate } from 'fflate';
import { Crc32 } from './crc32.ts';
import { ZipError } from './errors.ts';
import { checkEntryName, isArchiverNoise } from './paths.ts';

/** Limits for unzipping untrusted uploads. */
export interface UnzipOptions {
  /** Most entries (files and directories) the archive may hold (default 64). */
  maxEntries?: number;
  /** Most bytes all files may hold once extracted (default 16 MiB). */
  maxTotalBytes?: number;
}

export const DEFAULT_MAX_ENTRIES = 64;
export const DEFAULT_MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const INFLATE_SLICE = 4096;
const utf8 = new TextDecoder('utf-8');

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  unixMode: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Finds the end-of-central-directory record, which lies within the last 64 KiB + 22 bytes. */
function findEndRecord(bytes: Uint8Array, dv: DataView): number {
  const last = bytes.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (dv.getUint32(at, true) === EOCD_SIG) return at;
  }
  throw new ZipError(
    'not-a-zip',
    'The upload is not a zip archive (no end-of-archive record); upload a .zip file made by a zip tool.',
  );
}

function readCentralDirectory(bytes: Uint8Array, maxEntries: number): CentralEntry[] {
  if (bytes.length < 22)
    throw new ZipError('not-a-zip', 'The upload is too short to be a zip archive; upload a .zip file.');
  const dv = view(bytes);
  const end = findEndRecord(bytes, dv);
  const count = dv.getUint16(end + 10, true);
  const size = dv.getUint32(end + 12, true);
  const offset = dv.getUint32(end + 16, true);
  if (dv.getUint16(end + 4, true) !== 0 || dv.getUint16(end + 6, true) !== 0 || dv.getUint16(end + 8, true) !== count) {
    throw new ZipError('unsupported', 'The zip archive spans several disks; create a single-file zip.');
  }
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw new ZipError(
      'unsupported',
      'The zip archive uses ZIP64, which a connector package never needs; re-create it as a plain zip.',
    );
  }
  if (count > maxEntries) {
    throw new ZipError(
      'too-many-entries',
      `The zip archive holds ${count} entries, more than the ${maxEntries} allowed; a connector package has a handful of files.`,
    );
  }
  if (offset + size > end)
    throw new ZipError('corrupt', 'The zip central directory points outside the archive; the file is damaged.');

  const entries: CentralEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || dv.getUint32(at, true) !== CENTRAL_SIG) {
      throw new ZipError('corrupt', `Zip directory entry ${i + 1} is damaged; re-create the zip.`);
    }
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    if (at + 46 + nameLength > end)
      throw new ZipError('corrupt', `Zip directory entry ${i + 1} is truncated; re-create the zip.`);
    entries.push({
      name: utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: dv.getUint16(at + 8, true),
      method: dv.getUint16(at + 10, true),
      crc: dv.getUint32(at + 16, true),
      compressedSize: dv.getUint32(at + 20, true),
      size: dv.getUint32(at + 24, true),
      localOffset: dv.getUint32(at + 42, true),
      // The high byte of "version made by" is the host system; 3 is Unix, whose file mode sits in the external attributes.
      unixMode: dv.getUint8(at + 5) === 3 ? dv.getUint32(at + 38, true) >>> 16 : 0,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Locates an entry's compressed bytes through its local header. */
function dataOf(bytes: Uint8Array, entry: CentralEntry): Uint8Array {
  const dv = view(bytes);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || dv.getUint32(at, true) !== LOCAL_SIG) {
    throw new ZipError(
      'corrupt',
      `The zip entry "${entry.name}" has no valid local header; the file is damaged.`,
      entry.name,
    );
  }
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length)
    throw new ZipError('corrupt', `The zip entry "${entry.name}" is truncated; the file is damaged.`, entry.name);
  return bytes.subarray(start, stop);
}

/** Inflates one entry, refusing to produce a byte more than it declared (a lying header is a zip bomb). */
function inflateEntry(data: Uint8Array, entry: CentralEntry): Uint8Array {
  const out = new Uint8Array(entry.size);
  let produced = 0;
  const bomb = () =>
    new ZipError(
      'too-large',
      `The zip entry "${entry.name}" inflates to more than the ${entry.size} bytes it declares; the archive is unsafe.`,
      entry.name,
    );
  const inflater = new Inflate((chunk) => {
    if (produced + chunk.length > entry.size) throw bomb();
    out.set(chunk, produced);
    produced += chunk.length;
  });
  try {
    for (let at = 0; at < data.length; at += INFLATE_SLICE) {
      inflater.push(data.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(
      'corrupt',
      `The zip entry "${entry.name}" does not inflate (${(error as Error).message}); the file is damaged.`,
      entry.name,
    );
  }
  if (produced !== entry.size) {
    throw new ZipError(
      'corrupt',
      `The zip entry "${entry.name}" inflates to ${produced} bytes but declares ${entry.size}; the file is damaged.`,
      entry.name,
    );
  }
  return out;
}

/** Extracts a zip held in memory into `{ path: bytes }`, refusing bombs, traversal, absolute paths and damage. */
export function unzipPackage(bytes: Uint8Array, options: UnzipOptions = {}): Record<string, Uint8Array> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const entries = readCentralDirectory(bytes, maxEntries);

  // Check every name and the declared sizes before inflating anything.
  let declared = 0;
  const seen = new Set<string>();
  const files: CentralEntry[] = [];
  for (const entry of entries) {
    checkEntryName(entry.name);
    if (seen.has(entry.name))
      throw new ZipError('duplicate-entry', `The zip holds "${entry.name}" twice; keep one copy.`, entry.name);
    seen.add(entry.name);
    if (entry.name.endsWith('/') || isArchiverNoise(entry.name)) continue;
    if ((entry.unixMode & 0o170000) === 0o120000) {
      throw new ZipError(
        'unsafe-path',
        `The zip entry "${entry.name}" is a symbolic link; put the file itself in the zip.`,
        entry.name,
      );
    }
    if (entry.flags & 1)
      throw new ZipError(
        'unsupported',
        `The zip entry "${entry.name}" is encrypted; upload an unencrypted zip.`,
        entry.name,
      );
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipError(
        'unsupported',
        `The zip entry "${entry.name}" uses compression method ${entry.method}; re-create the zip with standard (deflate) compression.`,
        entry.name,
      );
    }
    declared += entry.size;
    if (declared > maxTotalBytes) {
      throw new ZipError(
        'too-large',
        `The zip archive expands to more than ${maxTotalBytes} bytes (the limit); a connector package is much smaller.`,
        entry.name,
      );
    }
    files.push(entry);
  }

  const result: Record<string, Uint8Array> = {};
  for (const entry of files) {
    const data = dataOf(bytes, entry);
    let content: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) {
        throw new ZipError(
          'corrupt',
          `The stored zip entry "${entry.name}" has inconsistent sizes; the file is damaged.`,
          entry.name,
        );
      }
      content = data.slice();
    } else {
      content = inflateEntry(data, entry);
    }
    const crc = new Crc32();
    crc.update(content);
    if (crc.digest() !== entry.crc) {
      throw new ZipError(
        'corrupt',
        `The zip entry "${entry.name}" fails its checksum; the file is damaged.`,
        entry.name,
      );
    }
    result[entry.name] = content;
  }
  return result;
}
