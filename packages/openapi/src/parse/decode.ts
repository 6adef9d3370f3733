/** Turns raw input into text: UTF-8 with or without BOM, size-checked; UTF-16/32 and invalid UTF-8 are refused. */
import { DefinitionError } from './errors.ts';

/** Default largest accepted definition: 50 MiB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

function tooLarge(uri: string, bytes: number, maxBytes: number): DefinitionError {
  const mib = (n: number) =>
    n >= 1024 * 1024
      ? `${(n / 1024 / 1024).toFixed(1)} MiB`
      : n >= 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${n} bytes`;
  return new DefinitionError(
    'too-large',
    `${uri} is ${mib(bytes)}, more than the ${mib(maxBytes)} Portico accepts for one definition; split it into files joined by $ref or raise the document size limit.`,
    { uri },
  );
}

function utf8Length(text: string, stopAbove: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function encodingError(uri: string, what: string): DefinitionError {
  return new DefinitionError(
    'encoding',
    `${uri} ${what}; Portico reads definitions as UTF-8 only, so re-save the file as UTF-8 (with or without BOM).`,
    { uri },
  );
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes bytes or a string to text without BOM, enforcing `maxBytes` (UTF-8 size). */
export function decodeInput(input: string | Uint8Array, uri: string, maxBytes: number): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(uri, input.length, maxBytes);
    if (input.length * 3 > maxBytes) {
      const bytes = utf8Length(input, maxBytes);
      if (bytes > maxBytes) throw tooLarge(uri, bytes, maxBytes);
    }
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  if (input.byteLength > maxBytes) throw tooLarge(uri, input.byteLength, maxBytes);
  const [b0, b1, b2, b3] = [input[0], input[1], input[2], input[3]];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const kind = b0 === 0xff && b2 === 0 && b3 === 0 ? 'UTF-32' : 'UTF-16';
    throw encodingError(uri, `is encoded as ${kind} (it starts with a ${kind} byte order mark)`);
  }
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) throw encodingError(uri, 'is encoded as UTF-32');
  if (input.byteLength >= 2 && (b0 === 0 || b1 === 0)) {
    throw encodingError(uri, 'looks like UTF-16 or UTF-32 text without a byte order mark (it has zero bytes)');
  }
  const start = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  const body = start === 0 ? input : input.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    let line = 1;
    for (let i = 0; i < bad; i++) if (body[i] === 10) line++;
    throw new DefinitionError(
      'encoding',
      `${uri}:${line} contains bytes that are not valid UTF-8 (first at byte ${bad + start}); Portico reads definitions as UTF-8 only, so re-save the file as UTF-8 (it may be Latin-1 or Windows-1252).`,
      { uri, line },
    );
  }
}
