// The one error type of the zip module: an archive or entry name that cannot be accepted.

/** Why an archive was refused. */
export type ZipErrorCode =
  | 'not-a-zip'
  | 'too-many-entries'
  | 'too-large'
  | 'unsafe-path'
  | 'duplicate-entry'
  | 'unsupported'
  | 'corrupt';

/** A refused archive; `entry` names the file inside the zip when one is at fault. */
export class ZipError extends Error {
  readonly code: ZipErrorCode;
  readonly entry: string | undefined;
  constructor(code: ZipErrorCode, message: string, entry?: string) {
    super(message);
    this.name = 'ZipError';
    this.code = code;
    this.entry = entry;
  }
}
