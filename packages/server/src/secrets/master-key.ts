// Master keys: parsing PORTICO_MASTER_KEY, key ids, and the 0600 key file under the data directory.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Length of every master key and data key, in bytes (AES-256). */
export const KEY_BYTES = 32;

/** File name of the generated key file inside the data directory. */
export const KEY_FILE_NAME = 'master.key';

/** One master key with its id; the id is derived from the key, so the same key always has the same id. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** A configuration problem with a master key (bad value, unsafe key file): stops start-up with a clear message. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** Derives the public key id (16 hex characters) from key material; it reveals nothing usable about the key. */
export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update('portico-master-key-id\0').update(key).digest('hex').slice(0, 16);
}

/** Parses a 32-byte key given as 64 hex characters or base64/base64url; `source` names where it came from for errors. */
export function parseMasterKey(value: string, source = 'PORTICO_MASTER_KEY'): MasterKey {
  const text = value.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    key = Buffer.from(text, 'hex');
  } else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) {
    key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  if (key?.length !== KEY_BYTES) {
    throw new MasterKeyError(
      `${source} must be 32 random bytes written as 64 hex characters or 44 base64 characters ` +
        `(got ${text.length} characters); generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return { id: keyIdOf(key), key };
}

/** Makes a fresh random master key. */
export function generateMasterKey(): MasterKey {
  const key = randomBytes(KEY_BYTES);
  return { id: keyIdOf(key), key };
}

/** Path of the key file for a data directory. */
export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/** Refuses a key file that group or others can read or write; the message tells the operator the fix. */
function assertPrivate(path: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `The key file ${path} has permissions ${mode.toString(8).padStart(4, '0')}, so other users can read it; ` +
        `run \`chmod 600 ${path}\` and start again.`,
    );
  }
}

/** Reads the key file: the first key is current, the following ones are older keys kept for decryption. */
export function readKeyFile(path: string): MasterKey[] {
  assertPrivate(path);
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) {
    throw new MasterKeyError(
      `The key file ${path} holds no key; restore it from your backup (or delete it only if no secret was ever stored).`,
    );
  }
  return lines.map((line, index) => parseMasterKey(line, `${path} line ${index + 1} of the keys`));
}

function render(keys: readonly MasterKey[]): string {
  const header = [
    '# Portico master keys. The first key encrypts new secrets; the others still decrypt older records.',
    '# Keep this file private (chmod 600) and back it up: without it stored credentials cannot be read.',
  ];
  return `${[...header, ...keys.map((k) => k.key.toString('base64'))].join('\n')}\n`;
}

function writeTemp(path: string, keys: readonly MasterKey[]): string {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, render(keys));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  return temp;
}

/** Writes the key file atomically (temporary file with mode 0600, then rename). */
export function writeKeyFile(path: string, keys: readonly MasterKey[]): void {
  renameSync(writeTemp(path, keys), path);
}

/** Loads the key file under `dataDir`, creating the directory and a new key on first start. */
export function loadOrCreateKeyFile(dataDir: string): MasterKey[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = keyFilePath(dataDir);
  if (existsSync(path)) return readKeyFile(path);
  const key = generateMasterKey();
  // Write the whole file under a temporary name, then hard-link it into place: the link fails if another process
  // created the key file first, and nobody ever sees a half-written file.
  const temp = writeTemp(path, [key]);
  try {
    linkSync(temp, path);
    return [key];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(path);
  } finally {
    unlinkSync(temp);
  }
}

/** Puts a new current key at the head of the key file, keeping the older ones for decryption; returns all keys. */
export function rotateKeyFile(dataDir: string, next: MasterKey = generateMasterKey()): MasterKey[] {
  const path = keyFilePath(dataDir);
  const keys = [next, ...readKeyFile(path).filter((k) => k.id !== next.id)];
  writeKeyFile(path, keys);
  return keys;
}

/** Removes older keys that no record uses any more (the current key always stays); returns the ids removed. */
export function pruneKeyFile(dataDir: string, keyIdsInUse: Iterable<string>): string[] {
  const path = keyFilePath(dataDir);
  const inUse = new Set(keyIdsInUse);
  const [current, ...older] = readKeyFile(path);
  if (!current) return [];
  const kept = older.filter((k) => inUse.has(k.id));
  const removed = older.filter((k) => !inUse.has(k.id)).map((k) => k.id);
  if (removed.length > 0) writeKeyFile(path, [current, ...kept]);
  return removed;
}
