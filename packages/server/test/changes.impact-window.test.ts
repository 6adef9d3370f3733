/**
 * Impact "in the last 30 days and how often", counted from per-day usage buckets: calls on days inside the
 * window count, calls on days before it do not (even when the same connection called again since), buckets
 * older than 90 days are pruned, and concurrent increments are exact on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/store.ts';
import { listUsage, recordUsage, usageSince } from '../src/store/usage.ts';
import { addUser, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
const DAY = 86_400_000;
const CONNECTOR = '/api/v1/environments/default/connectors/tools';
const allow = { gatewayAllowHosts: [{ kind: 'host' as const, host: '127.0.0.1' }] };
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

function scenario(name: string, open: () => Promise<{ store?: Store; close(): Promise<void> }>) {
  describe(name, () => {
    let t: TestApp;
    let dev: TestUser;
    let upstream: Upstream;
    let connectionId: string;
    let other: string;
    let done: () => Promise<void>;

    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: dev.auth, ...(payload ? { payload } : {}) });

    beforeAll(async () => {
      const opened = await open();
      done = opened.close;
      t = await makeApp({ config: allow, ...(opened.store ? { store: opened.store } : {}) });
      dev = await addUser(t.store);
      upstream = await startUpstream(JSON.stringify(smallDocument('Tools', ['listTools', 'getTool', 'dropTool'])));
      expect(
        (await call('POST', '/api/v1/apps', { name: 'tools', definitionUrl: `${upstream.url}/doc` })).statusCode,
      ).toBe(201);
      const exported = await call('POST', '/api/v1/apps/tools/export', {
        environment: 'default',
        connectorName: 'tools',
      });
      expect(exported.statusCode, exported.body).toBe(201);
      const ids: string[] = [];
      for (const displayName of ['Workshop', 'Warehouse']) {
        const made = await call('POST', '/api/v1/environments/default/connections', {
          connector: 'tools',
          displayName,
          parameters: {},
        });
        expect(made.statusCode, made.body).toBe(201);
        ids.push(json<Json>(made).id as string);
      }
      [connectionId, other] = ids as [string, string];
      // The API drops getTool and dropTool: both breaking.
      upstream.set(JSON.stringify(smallDocument('Tools', ['listTools'])));
      const checked = await call('POST', '/api/v1/apps/tools/check');
      expect(json<Json>(checked)).toMatchObject({ changed: true, revision: 2 });
    });

    afterAll(async () => {
      await upstream.close();
      await t.close();
      await done();
    });

    it('counts only the calls made on days inside the 30-day window', async () => {
      const db = t.store.db;
      await recordUsage(db, connectionId, 'getTool', 4, daysAgo(29));
      await recordUsage(db, connectionId, 'getTool', 3, daysAgo(10));
      await recordUsage(db, connectionId, 'getTool', 2);
      await recordUsage(db, connectionId, 'getTool', 100, daysAgo(31));
      await recordUsage(db, connectionId, 'getTool', 50, daysAgo(60));
      // Warehouse called dropTool a lot, but only before the window; it is not impact.
      await recordUsage(db, other, 'dropTool', 40, daysAgo(45));
      await recordUsage(db, other, 'listTools', 5);

      const update = json<Json>(await call('GET', `${CONNECTOR}/update`));
      expect(update.updateAvailable).toBe(true);
      const ops = update.impact.operations as Json[];
      expect(ops.map((o) => o.operationId)).toEqual(['getTool']);
      expect(ops[0]).toMatchObject({
        breaking: true,
        calls: 9,
        connections: [{ connectionId, displayName: 'Workshop', calls: 9 }],
      });
      expect(update.impact).toMatchObject({ connections: 1, brokenConnections: 1 });
      expect(update.headline).toContain('1 connection(s) called an operation with a breaking change');
      // The running total still counts every call.
      const totals = await listUsage(db, connectionId);
      expect(totals.find((u) => u.operationId === 'getTool')?.count).toBe(159);
    });

    it('prunes day buckets older than 90 days when the day changes', async () => {
      const db = t.store.db;
      await recordUsage(db, other, 'getTool', 7, daysAgo(120));
      const before = await usageSince(db, (await connectorId(t)) as string, ['getTool'], daysAgo(200));
      expect(before.find((u) => u.connectionId === other)?.calls).toBe(7);
      await recordUsage(db, other, 'getTool', 1);
      const after = await usageSince(db, (await connectorId(t)) as string, ['getTool'], daysAgo(200));
      expect(after.find((u) => u.connectionId === other)?.calls).toBe(1);
    });

    it('counts concurrent calls exactly', async () => {
      const db = t.store.db;
      await Promise.all(Array.from({ length: 20 }, () => recordUsage(db, connectionId, 'listTools', 2)));
      const rows = await usageSince(db, (await connectorId(t)) as string, ['listTools'], daysAgo(1));
      expect(rows.find((u) => u.connectionId === connectionId)?.calls).toBe(40);
      expect(rows.find((u) => u.connectionId === other)?.calls).toBe(5);
    });
  });
}

async function connectorId(t: TestApp): Promise<string | undefined> {
  const row = await t.store.db.selectFrom('connectors').select('id').where('name', '=', 'tools').executeTakeFirst();
  return row?.id;
}

scenario('impact window on SQLite', async () => ({ close: async () => {} }));

if (RUN_POSTGRES) {
  scenario('impact window on PostgreSQL', async () => {
    const database: TestDatabase = await createTestDatabase();
    const store = openStore({ dialect: 'postgres', url: database.url });
    return {
      store,
      close: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
}
