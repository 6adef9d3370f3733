// Zip archives for connector packages: writing downloads and reading uploads safely.
export { ZipError, type ZipErrorCode } from './errors.ts';
export { checkEntryName } from './paths.ts';
export { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES, type UnzipOptions, unzipPackage } from './reader.ts';
export { zipPackage } from './writer.ts';
