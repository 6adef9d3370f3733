/** Key rotation: every sealed record is re-wrapped under the new master key and still decrypts; the CLI does it on a key file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServerCommands } from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { credentialContext } from '../src/connections/service.ts';
import { clientSecretContext } from '../src/connectors/service.ts';
import { getStoredTokens, putTokens } from '../src/oauth/store.ts';
import { tokenContext } from '../src/oauth/tokens.ts';
import { generateMasterKey, type Keyring, keyringFromKeys, readKeyFile } from '../src/secrets/index.ts';
import { rewrapAllSecrets } from '../src/store/rewrap.ts';
import { asSealed } from '../src/store/sealed.ts';
import { listSealedRecords } from '../src/store/sealed-records.ts';
import type { Store } from '../src/store/store.ts';
import { addUser, makeApp, type TestApp } from './helpers/app.ts';
import { corpusPackageTexts } from './helpers/connectors.ts';

const ENV = '/api/v1/environments/default';
const oldKey = generateMasterKey();
const newKey = generateMasterKey();

/** Creates an OAuth connector (client secret) and an API key connection through the API. */
async function plantSecrets(t: TestApp): Promise<{ connectionId: string }> {
  const maker = await addUser(t.store);
  const connector = await t.app.inject({
    method: 'POST',
    url: `${ENV}/connectors`,
    headers: maker.auth,
    payload: {
      ...corpusPackageTexts('Planner'),
      name: 'planner',
      auth: { clientId: 'app', clientSecret: 'rotating-client-secret' },
    },
  });
  expect(connector.statusCode, connector.body).toBe(201);
  const connection = await t.app.inject({
    method: 'POST',
    url: `${ENV}/connections`,
    headers: maker.auth,
    payload: {
      connector: 'portico-demo-inventory',
      parameters: { base_url: 'http://127.0.0.1:4010', api_key: 'rotating-api-key' },
    },
  });
  expect(connection.statusCode, connection.body).toBe(201);
  return { connectionId: JSON.parse(connection.body).id };
}

/** Decrypts every sealed record with the keyring (the way the services do) and returns the plaintexts. */
async function decryptAll(store: Store, keyring: Keyring): Promise<string[]> {
  const out: string[] = [];
  const env = await store.db
    .selectFrom('environments')
    .select('id')
    .where('name', '=', 'default')
    .executeTakeFirstOrThrow();
  for (const record of await listSealedRecords(store.db)) {
    const context =
      record.table === 'connections' ? credentialContext(record.id) : clientSecretContext(env.id, 'planner');
    out.push(keyring.decrypt(record.value, { context }));
  }
  return out.sort();
}

describe('rewrapAllSecrets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    // Replace the app's keyring by one holding only the old key, so the planted records are wrapped by it.
    (t.app as unknown as { keyring: Keyring }).keyring = keyringFromKeys([oldKey]);
  });
  afterAll(async () => t.close());

  it('re-wraps every record under the new key; they decrypt with the new key alone', async () => {
    const { connectionId } = await plantSecrets(t);
    const before = await listSealedRecords(t.store.db);
    expect(before).toHaveLength(2);
    expect(before.every((r) => keyringFromKeys([oldKey]).keyIdOf(r.value) === oldKey.id)).toBe(true);

    const report = await rewrapAllSecrets(t.store, keyringFromKeys([newKey, oldKey]));
    expect(report).toMatchObject({ total: 2, rewrapped: 2, alreadyCurrent: 0, failed: [], keyId: newKey.id });

    const onlyNew = keyringFromKeys([newKey]);
    const plaintexts = await decryptAll(t.store, onlyNew);
    expect(plaintexts).toEqual([JSON.stringify({ api_key: 'rotating-api-key' }), 'rotating-client-secret'].sort());
    expect(() => onlyNew.decrypt(before[0]!.value, { context: credentialContext(connectionId) })).toThrow(/master key/);

    const again = await rewrapAllSecrets(t.store, onlyNew);
    expect(again).toMatchObject({ total: 2, rewrapped: 0, alreadyCurrent: 2 });
  });

  it('reports a record whose key is unknown and still re-wraps the others', async () => {
    const stranger = keyringFromKeys([generateMasterKey()]).encrypt('lost', { context: 'x' });
    const record = (await listSealedRecords(t.store.db)).find((r) => r.table === 'connections')!;
    await t.store.db
      .updateTable('connections')
      .set({ credentials: asSealed(stranger) })
      .where('id', '=', record.id)
      .execute();
    const report = await rewrapAllSecrets(t.store, keyringFromKeys([generateMasterKey(), newKey]));
    expect(report.rewrapped).toBe(1);
    expect(report.failed).toEqual([expect.objectContaining({ table: 'connections', id: record.id })]);
    expect(report.failed[0]?.message).toMatch(/PORTICO_MASTER_KEY_PREVIOUS/);
  });
});

describe('portico admin rotate-key', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'portico-rotate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a new key to the key file and re-wraps every record under it, OAuth tokens included', async () => {
    const file = path.join(dir, 'portico.db');
    const t = await makeApp({ config: { dataDir: dir, database: { dialect: 'sqlite', file }, masterKey: undefined } });
    const { connectionId } = await plantSecrets(t);
    const oauthTokens = { accessToken: 'rotating-access-token', refreshToken: 'rotating-refresh-token' };
    await putTokens(t.store.db, {
      connectionId,
      grantType: 'authorization_code',
      tokens: asSealed(t.app.keyring.encrypt(oauthTokens, { context: tokenContext(connectionId) })),
      expiresAt: null,
    });
    await t.close();
    const [firstKey] = readKeyFile(path.join(dir, 'master.key'));

    let out = '';
    let code = 0;
    const io: CommandIo = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      stdin: (async function* () {})(),
      env: { PORTICO_LOG_LEVEL: 'silent' },
      cwd: dir,
      setExitCode: (c) => {
        code = c;
      },
    };
    const program = new Command('portico').exitOverride();
    registerServerCommands(program, io);
    await program.parseAsync(['admin', 'rotate-key', '--data', dir, '--json'], { from: 'user' });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const keys = readKeyFile(path.join(dir, 'master.key'));
    expect(keys.map((k) => k.id)).toEqual([report.id, firstKey!.id]);
    expect(report).toMatchObject({ total: 3, rewrapped: 3, newKey: true });

    const reopened = await makeApp({
      config: { dataDir: dir, database: { dialect: 'sqlite', file }, masterKey: undefined },
    });
    try {
      const onlyNew = keyringFromKeys([keys[0]!]);
      expect(await decryptAll(reopened.store, onlyNew)).toHaveLength(2);
      const stored = await getStoredTokens(reopened.store.db, connectionId);
      expect(onlyNew.decryptJson(stored!.tokens, { context: tokenContext(connectionId) })).toEqual(oauthTokens);
      const audit = await reopened.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'secrets.rotate')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });
});
