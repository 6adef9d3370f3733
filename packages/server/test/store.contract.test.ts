/** The storage contract: the same tests on SQLite and PostgreSQL (each run on its own fresh database). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnectorVersion,
  addRevision,
  asSealed,
  countConnectionsOfConnector,
  countUsers,
  createAccessToken,
  createApp,
  createConnection,
  createConnector,
  createEnvironment,
  createSession,
  createUser,
  deleteApp,
  deleteConnection,
  deleteConnector,
  deleteExpiredSessions,
  findAccessTokenByHash,
  findLogin,
  findRevisionByHash,
  findSession,
  getApp,
  getAppRole,
  getConnection,
  getConnector,
  getConnectorVersion,
  getEnvironment,
  getEnvironmentRole,
  getRevision,
  getRevisionSummaryById,
  getSharePermission,
  getUserByEmail,
  insertAuditEntry,
  listAccessTokens,
  listConnections,
  listConnectors,
  listConnectorVersions,
  listEnvironmentMembers,
  listRevisions,
  listSealedRecords,
  listUsage,
  openStore,
  queryAudit,
  recordUsage,
  recordUsageBatch,
  removeEnvironmentRole,
  replaceSealedRecord,
  revokeAccessToken,
  runMigrations,
  type Store,
  setConnectionStatus,
  setCurrentConnectorVersion,
  setEnvironmentRole,
  shareConnector,
  updateApp,
} from '../src/store/index.ts';
import { createTestDatabase, RUN_POSTGRES } from './helpers/postgres.ts';

interface Dialect {
  name: string;
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const DIALECTS: Dialect[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'portico-store-'));
      const store = openStore({ dialect: 'sqlite', file: path.join(dir, 'portico.db') });
      return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];
if (RUN_POSTGRES) {
  DIALECTS.push({
    name: 'postgres',
    open: async () => {
      const database = await createTestDatabase();
      return { store: openStore({ dialect: 'postgres', url: database.url }), cleanup: database.drop };
    },
  });
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

for (const dialect of DIALECTS) {
  describe(`store contract on ${dialect.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await dialect.open());
      const report = await runMigrations(store);
      expect(report.failed).toBeUndefined();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    async function user(admin = false) {
      const created = await createUser(store.db, { email: `${unique('u')}@Example.com`, admin });
      if (!created.ok) throw new Error('user exists');
      return created.value;
    }

    it('applies migrations once and reports nothing new on a second run', async () => {
      const again = await runMigrations(store);
      expect(again).toEqual({ applied: [] });
    });

    it('creates the default environment at first migration', async () => {
      const env = await getEnvironment(store.db, 'default');
      expect(env?.name).toBe('default');
    });

    it('stores emails lower-cased and refuses a second user with the same email in any case', async () => {
      const email = `${unique('dup')}@example.com`;
      const first = await createUser(store.db, { email: email.toUpperCase(), passwordHash: 'h' });
      expect(first.ok && first.value.email).toBe(email);
      const second = await createUser(store.db, { email });
      expect(second).toEqual({ ok: false, reason: 'exists' });
      expect((await findLogin(store.db, email))?.passwordHash).toBe('h');
      expect((await getUserByEmail(store.db, email.toUpperCase()))?.id).toBe(first.ok && first.value.id);
      expect(await countUsers(store.db)).toBeGreaterThan(0);
    });

    it('finds sessions by id hash, with their user, and deletes expired ones', async () => {
      const u = await user();
      const past = new Date(Date.now() - 1000).toISOString();
      await createSession(store.db, {
        idHash: unique('s'),
        userId: u.id,
        csrfHash: 'c',
        expiresAt: past,
        ip: null,
        userAgent: null,
      });
      const live = unique('s');
      const future = new Date(Date.now() + 60_000).toISOString();
      await createSession(store.db, {
        idHash: live,
        userId: u.id,
        csrfHash: 'c2',
        expiresAt: future,
        ip: '127.0.0.1',
        userAgent: 'ua',
      });
      expect((await findSession(store.db, live))?.user.id).toBe(u.id);
      expect(await deleteExpiredSessions(store.db)).toBeGreaterThanOrEqual(1);
      expect(await findSession(store.db, live)).toBeDefined();
    });

    it('keeps access tokens hashed, lists them without secrets and revokes them once', async () => {
      const u = await user();
      const hash = unique('hash');
      const token = await createAccessToken(store.db, {
        userId: u.id,
        name: 'ci',
        prefix: 'pat_abc',
        tokenHash: hash,
        expiresAt: null,
      });
      expect((await findAccessTokenByHash(store.db, hash))?.user.id).toBe(u.id);
      const listed = await listAccessTokens(store.db, u.id);
      expect(listed).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain(hash);
      expect(await revokeAccessToken(store.db, u.id, token.id)).toBe(true);
      expect(await revokeAccessToken(store.db, u.id, token.id)).toBe(false);
      expect((await findAccessTokenByHash(store.db, hash))?.token.revokedAt).not.toBeNull();
    });

    it('refuses duplicate environment names and replaces a member role instead of adding a second', async () => {
      const name = unique('env');
      const env = await createEnvironment(store.db, { name, createdBy: null });
      expect(env.ok).toBe(true);
      expect(await createEnvironment(store.db, { name, createdBy: null })).toEqual({ ok: false, reason: 'exists' });
      if (!env.ok) return;
      const u = await user();
      await setEnvironmentRole(store.db, env.value.id, u.id, 'user');
      await setEnvironmentRole(store.db, env.value.id, u.id, 'maker');
      expect(await getEnvironmentRole(store.db, env.value.id, u.id)).toBe('maker');
      expect((await listEnvironmentMembers(store.db, env.value.id)).map((m) => m.role)).toEqual(['maker']);
      expect(await removeEnvironmentRole(store.db, env.value.id, u.id)).toBe(true);
      expect(await getEnvironmentRole(store.db, env.value.id, u.id)).toBeUndefined();
    });

    it('makes the creator of an API app its owner and refuses a duplicate name', async () => {
      const u = await user();
      const name = unique('app');
      const created = await createApp(store.db, {
        name,
        source: { kind: 'url', url: 'https://api.example.com/openapi.json' },
        createdBy: u.id,
      });
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      expect(await getAppRole(store.db, created.value.id, u.id)).toBe('owner');
      expect(await createApp(store.db, { name, source: { kind: 'upload' }, createdBy: u.id })).toEqual({
        ok: false,
        reason: 'exists',
      });
      expect((await getApp(store.db, name))?.source).toEqual({
        kind: 'url',
        url: 'https://api.example.com/openapi.json',
      });
    });

    it('numbers revisions per app, finds them by content hash and returns text and report', async () => {
      const u = await user();
      const app = await createApp(store.db, { name: unique('rev'), source: { kind: 'upload' }, createdBy: u.id });
      if (!app.ok) throw new Error('app exists');
      const r1 = await addRevision(store.db, {
        appId: app.value.id,
        contentHash: 'h1',
        source: { kind: 'upload', filename: 'a.yaml' },
        mediaType: 'application/yaml',
        text: 'openapi: 3.0.3',
        report: { errors: [], warnings: [{ rule: 'x' }] },
        createdBy: u.id,
      });
      const r2 = await addRevision(store.db, {
        appId: app.value.id,
        contentHash: 'h2',
        source: { kind: 'url', url: 'https://x.example/o.json' },
        mediaType: 'application/json',
        text: '{"openapi":"3.1.0"}',
        report: { errors: [] },
        createdBy: null,
      });
      expect([r1.number, r2.number]).toEqual([1, 2]);
      await updateApp(store.db, app.value.id, { currentRevisionId: r2.id });
      expect((await getApp(store.db, app.value.name))?.currentRevisionId).toBe(r2.id);
      expect((await findRevisionByHash(store.db, app.value.id, 'h1'))?.number).toBe(1);
      const summary = await getRevisionSummaryById(store.db, r2.id);
      expect(summary).toMatchObject({ id: r2.id, number: 2, contentHash: 'h2', mediaType: 'application/json' });
      expect(summary).not.toHaveProperty('text');
      expect(summary).not.toHaveProperty('report');
      expect((await listRevisions(store.db, app.value.id)).map((r) => r.number)).toEqual([2, 1]);
      const latest = await getRevision(store.db, app.value.id);
      expect(latest?.text).toBe('{"openapi":"3.1.0"}');
      expect((await getRevision(store.db, app.value.id, 1))?.report).toEqual({ errors: [], warnings: [{ rule: 'x' }] });
      expect(await deleteApp(store.db, app.value.id)).toBe(true);
      expect(await listRevisions(store.db, app.value.id)).toEqual([]);
    });

    it('keeps connector versions, switches the current one, and scopes names per environment', async () => {
      const u = await user();
      const env = await createEnvironment(store.db, { name: unique('cenv'), createdBy: u.id });
      if (!env.ok) throw new Error('env exists');
      const name = unique('conn');
      const created = await createConnector(store.db, {
        environmentId: env.value.id,
        name,
        createdBy: u.id,
        version: {
          definition: { swagger: '2.0' },
          properties: { properties: {} },
          report: { ok: true },
          createdBy: u.id,
          oauthClientSecret: asSealed('sealed-1'),
        },
      });
      if (!created.ok) throw new Error('connector exists');
      expect(created.value.version.version).toBe(1);
      expect(
        await createConnector(store.db, {
          environmentId: env.value.id,
          name,
          createdBy: u.id,
          version: { definition: {}, properties: {}, report: {}, createdBy: u.id },
        }),
      ).toEqual({ ok: false, reason: 'exists' });
      const v2 = await addConnectorVersion(store.db, created.value.connector.id, {
        definition: { swagger: '2.0', info: { title: 'v2' } },
        properties: { properties: {} },
        report: {},
        createdBy: u.id,
      });
      expect(v2.version).toBe(2);
      expect((await getConnectorVersion(store.db, created.value.connector.id))?.version).toBe(2);
      await setCurrentConnectorVersion(store.db, created.value.connector.id, created.value.version.id);
      const current = await getConnectorVersion(store.db, created.value.connector.id);
      expect(current?.version).toBe(1);
      expect(current?.oauthClientSecret).toBe('sealed-1');
      expect(
        (await listConnectorVersions(store.db, created.value.connector.id)).map((v) => [
          v.version,
          v.hasOAuthClientSecret,
        ]),
      ).toEqual([
        [2, false],
        [1, true],
      ]);
      expect((await getConnector(store.db, env.value.id, name))?.id).toBe(created.value.connector.id);
    });

    it('lists built-in connectors in every environment and allows only one built-in per name', async () => {
      const name = unique('builtin');
      const version = { definition: {}, properties: {}, report: {}, createdBy: null };
      const first = await createConnector(store.db, {
        environmentId: null,
        name,
        builtIn: true,
        createdBy: null,
        version,
      });
      expect(first.ok).toBe(true);
      expect(
        await createConnector(store.db, { environmentId: null, name, builtIn: true, createdBy: null, version }),
      ).toEqual({
        ok: false,
        reason: 'exists',
      });
      const env = await getEnvironment(store.db, 'default');
      const listed = await listConnectors(store.db, env!.id);
      expect(listed.find((c) => c.name === name)?.builtIn).toBe(true);
    });

    it('shares a connector with a user or the whole environment', async () => {
      const [owner, other, third] = [await user(), await user(), await user()];
      const env = await getEnvironment(store.db, 'default');
      const c = await createConnector(store.db, {
        environmentId: env!.id,
        name: unique('shared'),
        createdBy: owner.id,
        version: { definition: {}, properties: {}, report: {}, createdBy: owner.id },
      });
      if (!c.ok) throw new Error('exists');
      await shareConnector(store.db, c.value.connector.id, { userId: other.id }, 'edit');
      expect(await getSharePermission(store.db, c.value.connector.id, other.id)).toBe('edit');
      expect(await getSharePermission(store.db, c.value.connector.id, third.id)).toBeUndefined();
      await shareConnector(store.db, c.value.connector.id, 'environment', 'use');
      expect(await getSharePermission(store.db, c.value.connector.id, third.id)).toBe('use');
    });

    it('stores connection credentials sealed, lists connections without them, and cascades on connector deletion', async () => {
      const u = await user();
      const env = await getEnvironment(store.db, 'default');
      const c = await createConnector(store.db, {
        environmentId: env!.id,
        name: unique('withconn'),
        createdBy: u.id,
        version: { definition: {}, properties: {}, report: {}, createdBy: u.id },
      });
      if (!c.ok) throw new Error('exists');
      const conn = await createConnection(store.db, {
        connectorId: c.value.connector.id,
        environmentId: env!.id,
        ownerId: u.id,
        displayName: 'mine',
        parameters: { host: 'api.example.com' },
        credentials: asSealed('ciphertext-xyz'),
      });
      expect((await getConnection(store.db, conn.id))?.credentials).toBe('ciphertext-xyz');
      const listed = await listConnections(store.db, { environmentId: env!.id, ownerId: u.id });
      expect(listed).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain('ciphertext-xyz');
      expect(listed[0]?.hasCredentials).toBe(true);
      await setConnectionStatus(store.db, conn.id, 'error', 'upstream said 401');
      expect((await getConnection(store.db, conn.id))?.status).toBe('error');
      await recordUsage(store.db, conn.id, 'ListPets');
      await recordUsage(store.db, conn.id, 'ListPets');
      await recordUsage(store.db, conn.id, 'GetPet', 3);
      expect((await listUsage(store.db, conn.id)).map((r) => [r.operationId, r.count])).toEqual([
        ['GetPet', 3],
        ['ListPets', 2],
      ]);
      // A flushed batch: one transaction, counts of unknown (deleted) connections skipped, the others added.
      const at = new Date().toISOString();
      const written = await recordUsageBatch(store.db, [
        { connectionId: conn.id, operationId: 'ListPets', n: 5, at },
        { connectionId: 'no-such-connection', operationId: 'ListPets', n: 1, at },
        { connectionId: conn.id, operationId: 'Ping', n: 1, at },
      ]);
      expect(written).toBe(2);
      expect((await listUsage(store.db, conn.id)).map((r) => [r.operationId, r.count])).toEqual([
        ['ListPets', 7],
        ['GetPet', 3],
        ['Ping', 1],
      ]);
      expect(await listUsage(store.db, 'no-such-connection')).toEqual([]);
      expect(await countConnectionsOfConnector(store.db, c.value.connector.id)).toBe(1);
      expect(await deleteConnector(store.db, c.value.connector.id)).toBe(true);
      expect(await getConnection(store.db, conn.id)).toBeUndefined();
      expect(await deleteConnection(store.db, conn.id)).toBe(false);
    });

    it('replaces sealed values only when they did not change meanwhile', async () => {
      const u = await user();
      const env = await getEnvironment(store.db, 'default');
      const c = await createConnector(store.db, {
        environmentId: env!.id,
        name: unique('rotate'),
        createdBy: u.id,
        version: {
          definition: {},
          properties: {},
          report: {},
          createdBy: u.id,
          oauthClientSecret: asSealed('old-secret'),
        },
      });
      if (!c.ok) throw new Error('exists');
      const records = (await listSealedRecords(store.db)).filter((r) => r.value === 'old-secret');
      expect(records).toHaveLength(1);
      const record = records[0]!;
      expect(await replaceSealedRecord(store.db, record, asSealed('new-secret'))).toBe(true);
      expect(await replaceSealedRecord(store.db, record, asSealed('newer-secret'))).toBe(false);
      expect((await getConnectorVersion(store.db, c.value.connector.id))?.oauthClientSecret).toBe('new-secret');
    });

    it('pages the audit log newest first with filters and a cursor', async () => {
      const resourceId = unique('res');
      for (let i = 0; i < 5; i++) {
        await insertAuditEntry(store.db, {
          at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
          actorId: null,
          actorEmail: 'a@example.com',
          action: i % 2 ? 'thing.update' : 'thing.create',
          outcome: 'success',
          resourceType: 'thing',
          resourceId,
          summary: { i },
          ip: '127.0.0.1',
          userAgent: null,
        });
      }
      const first = await queryAudit(store.db, { resourceId }, { limit: 2 });
      expect(first.entries.map((e) => e.summary.i)).toEqual([4, 3]);
      const second = await queryAudit(store.db, { resourceId }, { limit: 2, after: first.next });
      expect(second.entries.map((e) => e.summary.i)).toEqual([2, 1]);
      const third = await queryAudit(store.db, { resourceId }, { limit: 2, after: second.next });
      expect(third.entries.map((e) => e.summary.i)).toEqual([0]);
      expect(third.next).toBeUndefined();
      const creates = await queryAudit(store.db, { resourceId, action: 'thing.create' }, { limit: 10 });
      expect(creates.entries).toHaveLength(3);
      const since = await queryAudit(store.db, { resourceId, since: '2030-01-01T00:00:03.000Z' }, { limit: 10 });
      expect(since.entries).toHaveLength(2);
    });

    it('rolls back every row of a failed transaction', async () => {
      const name = unique('atomic');
      await expect(
        store.transaction(async (trx) => {
          const env = await createEnvironment(trx, { name, createdBy: null });
          if (!env.ok) throw new Error('exists');
          await createUser(trx, { email: `${name}@example.com` });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await getEnvironment(store.db, name)).toBeUndefined();
      expect(await getUserByEmail(store.db, `${name}@example.com`)).toBeUndefined();
    });

    it('enforces foreign keys', async () => {
      await expect(
        createAccessToken(store.db, {
          userId: 'usr_missing',
          name: 'x',
          prefix: 'p',
          tokenHash: unique('h'),
          expiresAt: null,
        }),
      ).rejects.toThrow();
    });

    if (dialect.name === 'sqlite') {
      it('runs SQLite in WAL mode, syncing at checkpoints unless told to sync every commit', async () => {
        const result = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
        expect(result.rows[0]?.journal_mode).toBe('wal');
        // SQLite's numbers: 1 = NORMAL, 2 = FULL.
        const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
        expect(mode.rows[0]?.synchronous).toBe(1);
        const dir = mkdtempSync(path.join(tmpdir(), 'portico-sync-'));
        const full = openStore({ dialect: 'sqlite', file: path.join(dir, 'full.db') }, { sqliteSynchronous: 'full' });
        try {
          const fullMode = await sql<{ synchronous: number }>`pragma synchronous`.execute(full.db);
          expect(fullMode.rows[0]?.synchronous).toBe(2);
        } finally {
          await full.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}
