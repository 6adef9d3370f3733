import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipPackage, ZipError, zipPackage } from '../src/zip/index.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const CENTRAL = [0x50, 0x4b, 0x01, 0x02];
const LOCAL = [0x50, 0x4b, 0x03, 0x04];

/** Offsets of every header with the given signature. */
function headers(zip: Uint8Array, sig: number[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (sig.every((b, k) => zip[i + k] === b)) found.push(i);
  }
  return found;
}

function catchZipError(run: () => unknown): ZipError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipError) return error;
    throw error;
  }
  throw new Error('expected a ZipError');
}

describe('zipPackage and unzipPackage', () => {
  it('round-trips text and binary files', () => {
    const icon = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const files = {
      'apiDefinition.swagger.json': JSON.stringify({ swagger: '2.0', info: { title: 'Ünïcode', version: '1' } }),
      'apiProperties.json': '{"properties":{"iconBrandColor":"#007ee5"}}',
      'icon.png': icon,
      'nested/readme.md': '# hi\n'.repeat(1000),
    };
    const out = unzipPackage(zipPackage(files));
    expect(Object.keys(out).sort()).toEqual(Object.keys(files).sort());
    expect(text(out['apiDefinition.swagger.json'])).toBe(files['apiDefinition.swagger.json']);
    expect(text(out['nested/readme.md'])).toBe(files['nested/readme.md']);
    expect(out['icon.png']).toEqual(icon);
  });

  it('round-trips empty files, stored or deflated', () => {
    expect(unzipPackage(zipPackage({ 'empty.txt': '', 'a.json': '{}' }))).toEqual({
      'empty.txt': new Uint8Array(0),
      'a.json': new TextEncoder().encode('{}'),
    });
    expect(unzipPackage(zipSync({ 'empty.txt': [new Uint8Array(0), { level: 9 }] }))).toEqual({
      'empty.txt': new Uint8Array(0),
    });
  });

  it('produces the same bytes for the same files whatever their order', () => {
    const a = zipPackage({ 'b.json': '{}', 'a.json': '[]' });
    const b = zipPackage({ 'a.json': '[]', 'b.json': '{}' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('reads zips with stored (uncompressed) entries and skips directories and macOS noise', () => {
    const zip = zipSync({
      pkg: {},
      'pkg/a.json': [new TextEncoder().encode('{"a":1}'), { level: 0 }],
      '__MACOSX/._a.json': new Uint8Array([1]),
    });
    const out = unzipPackage(zip);
    expect(Object.keys(out)).toEqual(['pkg/a.json']);
    expect(text(out['pkg/a.json'])).toBe('{"a":1}');
  });

  it('refuses unsafe names when zipping', () => {
    expect(() => zipPackage({ '../evil.json': '{}' })).toThrow(/climbs out/);
    expect(() => zipPackage({ '/abs.json': '{}' })).toThrow(/absolute path/);
    expect(() => zipPackage({ 'dir/': '' })).toThrow(/directory/);
  });
});

describe('unzipPackage refuses unsafe archives', () => {
  it('refuses path traversal with ".."', () => {
    const error = catchZipError(() => unzipPackage(zipSync({ '../../etc/cron.d/x': new Uint8Array([1]) })));
    expect(error.code).toBe('unsafe-path');
    expect(error.entry).toBe('../../etc/cron.d/x');
    expect(error.message).toContain('"../../etc/cron.d/x" climbs out of the package');
    expect(catchZipError(() => unzipPackage(zipSync({ 'a/../../b': new Uint8Array([1]) }))).code).toBe('unsafe-path');
  });

  it('refuses absolute paths, drive letters and backslashes', () => {
    expect(catchZipError(() => unzipPackage(zipSync({ '/etc/passwd': new Uint8Array([1]) }))).message).toMatch(
      /absolute path/,
    );
    expect(catchZipError(() => unzipPackage(zipSync({ 'C:/Windows/x': new Uint8Array([1]) }))).message).toMatch(
      /absolute path/,
    );
    expect(catchZipError(() => unzipPackage(zipSync({ '..\\evil': new Uint8Array([1]) }))).message).toMatch(
      /backslashes/,
    );
  });

  it('refuses more entries than allowed before reading them', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.json`] = new Uint8Array([i]);
    const error = catchZipError(() => unzipPackage(zipSync(files), { maxEntries: 10 }));
    expect(error.code).toBe('too-many-entries');
    expect(error.message).toContain('20 entries, more than the 10 allowed');
  });

  it('refuses an archive whose declared size exceeds the limit without inflating it', () => {
    const zip = zipSync({ 'big.json': new Uint8Array(2 * 1024 * 1024) });
    expect(zip.length).toBeLessThan(20_000);
    const error = catchZipError(() => unzipPackage(zip, { maxTotalBytes: 1024 * 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('more than 1048576 bytes');
  });

  it('stops a zip bomb that declares a small size but inflates to much more', () => {
    const zip = zipSync({ 'bomb.json': new Uint8Array(4 * 1024 * 1024) });
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (const at of headers(zip, CENTRAL)) dv.setUint32(at + 24, 100, true);
    for (const at of headers(zip, LOCAL)) dv.setUint32(at + 22, 100, true);
    const error = catchZipError(() => unzipPackage(zip, { maxTotalBytes: 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('inflates to more than the 100 bytes it declares');
  });

  it('refuses an entry that inflates to less than it declares', () => {
    const zip = zipSync({ 'short.json': new Uint8Array(1000) });
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (const at of headers(zip, CENTRAL)) dv.setUint32(at + 24, 2000, true);
    expect(catchZipError(() => unzipPackage(zip)).message).toContain('inflates to 1000 bytes but declares 2000');
  });

  it('detects altered content through the checksum', () => {
    const zip = zipSync({ 'a.json': [new TextEncoder().encode('{"secret":false}'), { level: 0 }] });
    const at = headers(zip, LOCAL)[0] as number;
    const dataStart = at + 30 + 'a.json'.length;
    zip[dataStart + 2] = 'S'.charCodeAt(0);
    const error = catchZipError(() => unzipPackage(zip));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain('fails its checksum');
  });

  it('refuses duplicate names', () => {
    const zip = zipSync({ 'a.json': new Uint8Array([1]), 'b.json': new Uint8Array([2]) });
    const second = headers(zip, CENTRAL)[1] as number;
    zip[second + 46] = 'a'.charCodeAt(0);
    expect(catchZipError(() => unzipPackage(zip)).code).toBe('duplicate-entry');
  });

  it('refuses symbolic links, encrypted entries and unknown compression', () => {
    const make = () => zipSync({ 'a.json': new Uint8Array([1, 2, 3]) });
    const link = make();
    const linkDv = new DataView(link.buffer);
    const c1 = headers(link, CENTRAL)[0] as number;
    link[c1 + 5] = 3;
    linkDv.setUint32(c1 + 38, (0o120777 << 16) >>> 0, true);
    expect(catchZipError(() => unzipPackage(link)).message).toContain('symbolic link');

    const encrypted = make();
    const c2 = headers(encrypted, CENTRAL)[0] as number;
    encrypted[c2 + 8] = (encrypted[c2 + 8] ?? 0) | 1;
    expect(catchZipError(() => unzipPackage(encrypted)).message).toContain('encrypted');

    const bzip = make();
    const c3 = headers(bzip, CENTRAL)[0] as number;
    new DataView(bzip.buffer).setUint16(c3 + 10, 12, true);
    expect(catchZipError(() => unzipPackage(bzip)).message).toContain('compression method 12');
  });

  it('refuses data that is not a zip, and truncated archives', () => {
    expect(catchZipError(() => unzipPackage(new TextEncoder().encode('{"swagger":"2.0"}'))).code).toBe('not-a-zip');
    expect(catchZipError(() => unzipPackage(new Uint8Array(100))).code).toBe('not-a-zip');
    const zip = zipPackage({ 'a.json': 'x'.repeat(5000) });
    const end = headers(zip, [0x50, 0x4b, 0x05, 0x06])[0] as number;
    const cut = new Uint8Array([...zip.subarray(0, 40), ...zip.subarray(end)]);
    expect(['corrupt', 'not-a-zip']).toContain(catchZipError(() => unzipPackage(cut)).code);
  });
});
