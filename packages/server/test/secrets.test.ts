import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asStoredSecret,
  createKeyring,
  generateMasterKey,
  keyFilePath,
  keyringFromKeys,
  MasterKeyError,
  parseMasterKey,
  pruneKeyFile,
  readKeyFile,
  rotateKeyFile,
  SecretError,
  type StoredSecret,
} from '../src/secrets/index.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HEX_KEY = 'a1'.repeat(32);
const B64_KEY = Buffer.alloc(32, 7).toString('base64');

/** Flips one character of a base64url string to another valid character at the given index. */
function changeChar(text: string, index: number): string {
  const c = text[index];
  const replacement = c === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('keyring round trip', () => {
  it('decrypts what it encrypted, for strings and objects', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const stored = keyring.encrypt('s3cret-api-key');
    expect(keyring.decrypt(stored)).toBe('s3cret-api-key');
    const obj = keyring.encrypt({ clientSecret: 'abc', refresh: 'def' });
    expect(keyring.decryptJson(obj)).toEqual({ clientSecret: 'abc', refresh: 'def' });
    expect(keyring.decrypt(keyring.encrypt(''))).toBe('');
    expect(keyring.decrypt(keyring.encrypt('ünïcødé ✓ 🔑'))).toBe('ünïcødé ✓ 🔑');
  });

  it('round-trips any string under any context', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 40 }), (text, context) => {
        expect(keyring.decrypt(keyring.encrypt(text, { context }), { context })).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('stores a versioned envelope naming the key id and containing no plaintext', () => {
    const keyring = createKeyring({ masterKey: B64_KEY, dataDir: dataDir() });
    const plaintext = 'PLANTED-password-0123456789';
    const stored = keyring.encrypt(plaintext);
    expect(stored.startsWith(`v1.${keyring.currentKeyId}.`)).toBe(true);
    expect(stored.split('.')).toHaveLength(4);
    expect(stored).not.toContain(plaintext);
    expect(stored).not.toContain('PLANTED');
    expect(stored).not.toContain(Buffer.from(plaintext).toString('base64').slice(0, 12));
    expect(stored).not.toContain(Buffer.from(plaintext).toString('hex').slice(0, 12));
  });

  it('uses a fresh data key and IV for each record', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const a = keyring.encrypt('same');
    const b = keyring.encrypt('same');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a.split('.')[3]).not.toBe(b.split('.')[3]);
  });

  it('binds a secret to its context so it cannot be moved to another record', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const stored = keyring.encrypt('k', { context: 'connection:1' });
    expect(keyring.decrypt(stored, { context: 'connection:1' })).toBe('k');
    expect(() => keyring.decrypt(stored, { context: 'connection:2' })).toThrow(/integrity check/);
    expect(() => keyring.decrypt(stored)).toThrow(SecretError);
  });
});

describe('tampering', () => {
  it('detects a change to any character of the stored form with a SecretError', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const stored = keyring.encrypt('api-key-value');
    for (let i = 0; i < stored.length; i++) {
      const altered = changeChar(stored, i);
      if (altered === stored) continue;
      let error: unknown;
      try {
        keyring.decrypt(altered);
      } catch (e) {
        error = e;
      }
      expect(error, `character ${i} changed`).toBeInstanceOf(SecretError);
      expect((error as SecretError).message.length).toBeGreaterThan(20);
    }
  });

  it('detects every flipped byte of the payload and of the wrapped key', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const stored = keyring.encrypt('another secret');
    const [v, kid, wrapped, payload] = stored.split('.') as [string, string, string, string];
    for (const part of ['wrapped', 'payload'] as const) {
      const bytes = Buffer.from(part === 'wrapped' ? wrapped : payload, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const copy = Buffer.from(bytes);
        copy[i] = (copy[i] ?? 0) ^ 0x01;
        const text = copy.toString('base64url');
        const altered = part === 'wrapped' ? `${v}.${kid}.${text}.${payload}` : `${v}.${kid}.${wrapped}.${text}`;
        expect(() => keyring.decrypt(altered), `${part} byte ${i}`).toThrow(SecretError);
      }
    }
  });

  it('rejects truncated, extended and foreign values as malformed', () => {
    const keyring = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const stored = keyring.encrypt('x');
    const cases = [
      stored.slice(0, -3),
      `${stored}AA`,
      'plaintext',
      '',
      `v2${stored.slice(2)}`,
      stored.replace(/\./g, ':'),
    ];
    for (const value of cases) {
      expect(() => keyring.decrypt(value), value).toThrow(SecretError);
    }
    expect(() => keyring.decrypt(`v2${stored.slice(2)}`)).toThrow(/unsupported format version "v2"/);
    expect(() => asStoredSecret('hello')).toThrow(/not a Portico stored secret/);
    expect(asStoredSecret(stored)).toBe(stored);
  });
});

describe('wrong key', () => {
  it('refuses a record wrapped by a key it does not know, naming the key id', () => {
    const a = createKeyring({ masterKey: HEX_KEY, dataDir: dataDir() });
    const b = createKeyring({ masterKey: B64_KEY, dataDir: dataDir() });
    const stored = a.encrypt('value');
    expect(() => b.decrypt(stored)).toThrow(new RegExp(`master key ${a.currentKeyId}`));
    try {
      b.decrypt(stored);
    } catch (e) {
      expect((e as SecretError).code).toBe('unknown-key');
    }
  });

  it('refuses a record whose key id was swapped to another known key', () => {
    const oldKey = parseMasterKey(HEX_KEY);
    const newKey = parseMasterKey(B64_KEY);
    const keyring = keyringFromKeys([newKey, oldKey]);
    const stored = keyring.encrypt('value');
    const swapped = stored.replace(`.${newKey.id}.`, `.${oldKey.id}.`);
    expect(() => keyring.decrypt(swapped)).toThrow(/does not authenticate/);
  });
});

describe('master key parsing', () => {
  it('accepts hex, base64 and base64url and derives a stable key id', () => {
    const hex = parseMasterKey(Buffer.alloc(32, 9).toString('hex'));
    const b64 = parseMasterKey(Buffer.alloc(32, 9).toString('base64'));
    const b64url = parseMasterKey(Buffer.alloc(32, 9).toString('base64url'));
    expect(b64.id).toBe(hex.id);
    expect(b64url.id).toBe(hex.id);
    expect(hex.id).toMatch(/^[0-9a-f]{16}$/);
    expect(parseMasterKey(HEX_KEY).id).not.toBe(hex.id);
  });

  it('rejects bad values with an error naming PORTICO_MASTER_KEY and the fix', () => {
    for (const bad of ['short', 'a1'.repeat(31), Buffer.alloc(16).toString('base64'), 'z'.repeat(64)]) {
      expect(() => createKeyring({ masterKey: bad, dataDir: dataDir() })).toThrow(MasterKeyError);
      expect(() => createKeyring({ masterKey: bad, dataDir: dataDir() })).toThrow(/PORTICO_MASTER_KEY.*openssl rand/);
    }
    expect(() => createKeyring({ masterKey: HEX_KEY, previousKeys: ['nope'], dataDir: dataDir() })).toThrow(
      /PORTICO_MASTER_KEY_PREVIOUS \(key 1\)/,
    );
  });
});

describe('key file', () => {
  it('generates a 0600 key file on first start and reuses it on the next', () => {
    const dir = join(dataDir(), 'nested', 'data');
    const first = createKeyring({ dataDir: dir });
    const path = keyFilePath(dir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = first.encrypt('persisted');
    const second = createKeyring({ dataDir: dir });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.decrypt(stored)).toBe('persisted');
    expect(readFileSync(path, 'utf8')).not.toContain('persisted');
  });

  it.runIf(process.platform !== 'win32')('refuses a key file readable by others and says chmod 600', () => {
    const dir = dataDir();
    createKeyring({ dataDir: dir });
    chmodSync(keyFilePath(dir), 0o644);
    expect(() => createKeyring({ dataDir: dir })).toThrow(MasterKeyError);
    expect(() => createKeyring({ dataDir: dir })).toThrow(`chmod 600 ${keyFilePath(dir)}`);
    chmodSync(keyFilePath(dir), 0o640);
    expect(() => createKeyring({ dataDir: dir })).toThrow(/permissions 0640/);
    chmodSync(keyFilePath(dir), 0o600);
    expect(() => createKeyring({ dataDir: dir })).not.toThrow();
  });

  it('rejects a key file without keys or with a bad line, naming the file', () => {
    const dir = dataDir();
    writeFileSync(keyFilePath(dir), '# nothing here\n', { mode: 0o600 });
    expect(() => createKeyring({ dataDir: dir })).toThrow(/holds no key/);
    writeFileSync(keyFilePath(dir), 'not-a-key\n', { mode: 0o600 });
    expect(() => createKeyring({ dataDir: dir })).toThrow(new RegExp(`${keyFilePath(dir)} line 1`));
  });

  it('keeps the key file keys for decryption when PORTICO_MASTER_KEY takes over', () => {
    const dir = dataDir();
    const fileKeyring = createKeyring({ dataDir: dir });
    const stored = fileKeyring.encrypt('from-file-era');
    const envKeyring = createKeyring({ masterKey: HEX_KEY, dataDir: dir });
    expect(envKeyring.currentKeyId).toBe(parseMasterKey(HEX_KEY).id);
    expect(envKeyring.decrypt(stored)).toBe('from-file-era');
    expect(envKeyring.needsRewrap(stored)).toBe(true);
  });
});

describe('rotation', () => {
  it('decrypts old records after rotation and rewrap moves them to the new key id', () => {
    const dir = dataDir();
    const before = createKeyring({ dataDir: dir });
    const records: StoredSecret[] = ['one', 'two', 'three'].map((s) => before.encrypt(s));

    const keys = rotateKeyFile(dir);
    expect(keys).toHaveLength(2);
    expect(statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    const after = createKeyring({ dataDir: dir });
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.keyIds).toEqual([after.currentKeyId, before.currentKeyId]);

    expect(records.map((r) => after.decrypt(r))).toEqual(['one', 'two', 'three']);
    const rewrapped = records.map((r) => after.rewrap(r));
    for (const [i, r] of rewrapped.entries()) {
      expect(after.keyIdOf(r)).toBe(after.currentKeyId);
      expect(after.needsRewrap(r)).toBe(false);
      // The payload is untouched: only the key id and the wrapped data key change.
      expect(r.split('.')[3]).toBe(records[i]?.split('.')[3]);
      expect(r.split('.')[2]).not.toBe(records[i]?.split('.')[2]);
    }
    expect(after.rewrap(rewrapped[0] as StoredSecret)).toBe(rewrapped[0]);

    // Once every record is rewrapped, the old key can go and the records still decrypt.
    expect(
      pruneKeyFile(
        dir,
        rewrapped.map((r) => after.keyIdOf(r)),
      ),
    ).toEqual([before.currentKeyId]);
    const pruned = createKeyring({ dataDir: dir });
    expect(pruned.keyIds).toEqual([after.currentKeyId]);
    expect(rewrapped.map((r) => pruned.decrypt(r))).toEqual(['one', 'two', 'three']);
    expect(() => pruned.decrypt(records[0] as StoredSecret)).toThrow(/does not have/);
  });

  it('rotates environment keys through previousKeys', () => {
    const dir = dataDir();
    const old = createKeyring({ masterKey: HEX_KEY, dataDir: dir });
    const stored = old.encrypt('env-secret', { context: 'c' });
    const next = createKeyring({ masterKey: B64_KEY, previousKeys: [HEX_KEY], dataDir: dir });
    const moved = next.rewrap(stored);
    expect(next.decrypt(moved, { context: 'c' })).toBe('env-secret');
    const only = createKeyring({ masterKey: B64_KEY, dataDir: dir });
    expect(only.decrypt(moved, { context: 'c' })).toBe('env-secret');
    expect(() => only.decrypt(stored, { context: 'c' })).toThrow(SecretError);
  });

  it('keeps an explicit key when rotating to it and reads the file it wrote', () => {
    const dir = dataDir();
    createKeyring({ dataDir: dir });
    const next = generateMasterKey();
    rotateKeyFile(dir, next);
    expect(readKeyFile(keyFilePath(dir))[0]?.id).toBe(next.id);
  });
});
