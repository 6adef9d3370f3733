// The keyring: the current master key encrypts, every known key decrypts, and rewrap moves records to the current key.
import {
  formatEnvelope,
  openPayload,
  parseEnvelope,
  SecretError,
  type StoredSecret,
  sealPayload,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.ts';
import { keyFilePath, loadOrCreateKeyFile, type MasterKey, parseMasterKey, readKeyFile } from './master-key.ts';

/** Options for one encryption: `context` binds the secret to its record (e.g. `connection:42`); decrypt needs the same. */
export interface SecretContext {
  context?: string;
}

/** Encrypts and decrypts credentials with envelope encryption. */
export interface Keyring {
  /** Id of the master key that wraps new data keys. */
  readonly currentKeyId: string;
  /** Ids of every key this keyring can decrypt with, current first. */
  readonly keyIds: readonly string[];
  /** Encrypts a string, or an object as JSON, under a fresh data key. */
  encrypt(plaintext: string | object, options?: SecretContext): StoredSecret;
  /** Decrypts a stored secret; throws SecretError when it is malformed, altered, or its key is unknown. */
  decrypt(stored: StoredSecret | string, options?: SecretContext): string;
  /** Decrypts a stored secret that held an object (encrypted from an object) and parses its JSON. */
  decryptJson<T = unknown>(stored: StoredSecret | string, options?: SecretContext): T;
  /** Re-wraps the data key under the current master key without touching the payload; current records come back unchanged. */
  rewrap(stored: StoredSecret | string): StoredSecret;
  /** Id of the master key a stored secret is wrapped with (to find records that still need rewrap). */
  keyIdOf(stored: StoredSecret | string): string;
  /** True when the stored secret is wrapped with an older key. */
  needsRewrap(stored: StoredSecret | string): boolean;
}

/** Where the keyring takes its keys from. */
export interface KeyringOptions {
  /** The value of PORTICO_MASTER_KEY (hex or base64 of 32 bytes); without it the key file under dataDir is used. */
  masterKey?: string;
  /** Older keys still needed for decryption (e.g. PORTICO_MASTER_KEY_PREVIOUS, comma-separated by the caller). */
  previousKeys?: readonly string[];
  /** The data directory (`--data`); holds `master.key` (mode 0600), created on first start when no masterKey is given. */
  dataDir: string;
}

/** Builds a keyring from in-memory keys: the first is current. */
export function keyringFromKeys(keys: readonly MasterKey[]): Keyring {
  const [current] = keys;
  if (!current) throw new Error('keyringFromKeys needs at least one master key');
  const byId = new Map<string, MasterKey>();
  for (const key of keys) if (!byId.has(key.id)) byId.set(key.id, key);

  const keyFor = (keyId: string): MasterKey => {
    const key = byId.get(keyId);
    if (!key) {
      throw new SecretError(
        'unknown-key',
        `The stored secret is wrapped with master key ${keyId}, which this server does not have (it knows ${[...byId.keys()].join(', ')}); ` +
          'add that key to PORTICO_MASTER_KEY_PREVIOUS or restore it in the key file.',
      );
    }
    return key;
  };

  const decryptBytes = (stored: string, context: string): Buffer => {
    const envelope = parseEnvelope(stored);
    const master = keyFor(envelope.keyId);
    const dataKey = unwrapDataKey(master.key, master.id, envelope.wrappedKey);
    return openPayload(dataKey, envelope.payload, context);
  };

  return {
    currentKeyId: current.id,
    keyIds: [...byId.keys()],
    encrypt(plaintext, options) {
      const text = typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext);
      const { dataKey, payload } = sealPayload(Buffer.from(text, 'utf8'), options?.context ?? '');
      return formatEnvelope({ keyId: current.id, wrappedKey: wrapDataKey(current.key, current.id, dataKey), payload });
    },
    decrypt(stored, options) {
      return decryptBytes(stored, options?.context ?? '').toString('utf8');
    },
    decryptJson<T = unknown>(stored: StoredSecret | string, options?: SecretContext): T {
      return JSON.parse(decryptBytes(stored, options?.context ?? '').toString('utf8')) as T;
    },
    rewrap(stored) {
      const envelope = parseEnvelope(stored);
      if (envelope.keyId === current.id) return stored as StoredSecret;
      const old = keyFor(envelope.keyId);
      const dataKey = unwrapDataKey(old.key, old.id, envelope.wrappedKey);
      return formatEnvelope({
        keyId: current.id,
        wrappedKey: wrapDataKey(current.key, current.id, dataKey),
        payload: envelope.payload,
      });
    },
    keyIdOf(stored) {
      return parseEnvelope(stored).keyId;
    },
    needsRewrap(stored) {
      return parseEnvelope(stored).keyId !== current.id;
    },
  };
}

/**
 * Creates the server's keyring: PORTICO_MASTER_KEY (when given) is current, followed by `previousKeys` and any keys in
 * an existing key file; without PORTICO_MASTER_KEY the key file under dataDir is loaded, or generated on first start.
 */
export function createKeyring(options: KeyringOptions): Keyring {
  const previous = (options.previousKeys ?? [])
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map((value, index) => parseMasterKey(value, `PORTICO_MASTER_KEY_PREVIOUS (key ${index + 1})`));
  if (options.masterKey !== undefined && options.masterKey.trim() !== '') {
    const current = parseMasterKey(options.masterKey, 'PORTICO_MASTER_KEY');
    const fromFile = existingKeyFile(options.dataDir);
    return keyringFromKeys([current, ...previous, ...fromFile]);
  }
  const fromFile = loadOrCreateKeyFile(options.dataDir);
  return keyringFromKeys([...fromFile, ...previous]);
}

function existingKeyFile(dataDir: string): MasterKey[] {
  try {
    return readKeyFile(keyFilePath(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
