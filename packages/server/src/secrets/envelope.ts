// The envelope format: a random data key encrypts the payload (AES-256-GCM); a master key wraps the data key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES } from './master-key.ts';

/** An encrypted secret as stored in the database: `v1.<keyId>.<wrapped data key>.<payload>` (base64url parts). */
export type StoredSecret = string & { readonly __storedSecret: true };

/** Why a stored secret could not be opened. */
export type SecretErrorCode = 'malformed' | 'unknown-key' | 'tampered';

/** A stored secret that cannot be decrypted: corrupted, altered, or wrapped by a key this keyring lacks. */
export class SecretError extends Error {
  readonly code: SecretErrorCode;
  constructor(code: SecretErrorCode, message: string) {
    super(message);
    this.name = 'SecretError';
    this.code = code;
  }
}

export const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES;
const SHAPE = /^v1\.([0-9a-f]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/** The parts of a stored secret, decoded. */
export interface Envelope {
  keyId: string;
  wrappedKey: Buffer;
  payload: Buffer;
}

/** Decodes base64url and refuses any non-canonical spelling, so that every changed character is detected. */
function decodeStrict(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) {
    throw new SecretError('malformed', `The stored secret's ${what} is not valid base64url; the record is corrupted.`);
  }
  return bytes;
}

/** Splits a stored secret into its parts, checking the version and sizes. */
export function parseEnvelope(stored: string): Envelope {
  const match = SHAPE.exec(stored);
  if (!match) {
    const version = stored.split('.', 1)[0] ?? '';
    const detail =
      /^v\d+$/.test(version) && version !== FORMAT_VERSION ? ` (unsupported format version "${version}")` : '';
    throw new SecretError(
      'malformed',
      `This is not a Portico stored secret${detail}: expected "v1.<key id>.<wrapped key>.<payload>"; the record is corrupted or was written by a newer Portico.`,
    );
  }
  const [, keyId, wrapped, payload] = match as unknown as [string, string, string, string];
  const wrappedKey = decodeStrict(wrapped, 'wrapped data key');
  const payloadBytes = decodeStrict(payload, 'payload');
  if (wrappedKey.length !== WRAPPED_BYTES || payloadBytes.length < IV_BYTES + TAG_BYTES) {
    throw new SecretError('malformed', 'The stored secret is truncated; the record is corrupted.');
  }
  return { keyId, wrappedKey, payload: payloadBytes };
}

/** Checks that a value read from storage has the stored-secret shape and types it as such (throws SecretError otherwise). */
export function asStoredSecret(value: string): StoredSecret {
  parseEnvelope(value);
  return value as StoredSecret;
}

/** Joins the parts of an envelope into the stored form. */
export function formatEnvelope(envelope: Envelope): StoredSecret {
  return `${FORMAT_VERSION}.${envelope.keyId}.${envelope.wrappedKey.toString('base64url')}.${envelope.payload.toString('base64url')}` as StoredSecret;
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens an AES-256-GCM box; returns undefined when authentication fails (wrong key or altered bytes). */
function open(key: Buffer, box: Buffer, aad: Buffer): Buffer | undefined {
  const iv = box.subarray(0, IV_BYTES);
  const tag = box.subarray(box.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(box.subarray(IV_BYTES, box.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const wrapAad = (keyId: string) => Buffer.from(`portico-data-key-v1\0${keyId}`);
const payloadAad = (context: string) => Buffer.from(`portico-secret-v1\0${context}`);

/** Wraps a data key under a master key; the key id is authenticated, so swapping it is detected. */
export function wrapDataKey(masterKey: Buffer, keyId: string, dataKey: Buffer): Buffer {
  return seal(masterKey, dataKey, wrapAad(keyId));
}

/** Unwraps a data key; throws `tampered` when the wrapped key was altered or the master key is wrong. */
export function unwrapDataKey(masterKey: Buffer, keyId: string, wrapped: Buffer): Buffer {
  const dataKey = open(masterKey, wrapped, wrapAad(keyId));
  if (!dataKey) {
    throw new SecretError(
      'tampered',
      `The stored secret's data key does not authenticate under master key ${keyId}: the record was altered or the key file/PORTICO_MASTER_KEY holds a different key with the same id.`,
    );
  }
  return dataKey;
}

/** Encrypts a payload with a fresh data key; returns the data key and the sealed payload. */
export function sealPayload(plaintext: Buffer, context: string): { dataKey: Buffer; payload: Buffer } {
  const dataKey = randomBytes(KEY_BYTES);
  return { dataKey, payload: seal(dataKey, plaintext, payloadAad(context)) };
}

/** Decrypts a payload with its data key; throws `tampered` when any byte (or the context) differs. */
export function openPayload(dataKey: Buffer, payload: Buffer, context: string): Buffer {
  const plaintext = open(dataKey, payload, payloadAad(context));
  if (!plaintext) {
    throw new SecretError(
      'tampered',
      'The stored secret failed its integrity check: the record was altered, or it belongs to another record (different context).',
    );
  }
  return plaintext;
}
