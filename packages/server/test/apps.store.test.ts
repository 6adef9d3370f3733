/** The API side's storage (app settings, revisions with reports, cascades) on SQLite and PostgreSQL, over HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/store.ts';
import { addUser, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { createTestDatabase, RUN_POSTGRES } from './helpers/postgres.ts';

interface Dialect {
  name: string;
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const DIALECTS: Dialect[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'portico-apps-store-'));
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

for (const dialect of DIALECTS) {
  describe(`API apps on ${dialect.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let t: TestApp;
    let dev: TestUser;
    let upstream: Upstream;

    beforeAll(async () => {
      ({ store, cleanup } = await dialect.open());
      t = await makeApp({ store, config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
      dev = await addUser(store);
      upstream = await startUpstream(JSON.stringify(smallDocument('Stored')));
    });
    afterAll(async () => {
      await upstream.close();
      await t.close();
      await store.close();
      await cleanup();
    });

    it('stores apps, fetch state, CORS settings and revisions, and lists them with counts', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: dev.auth,
        payload: { name: 'stored', definitionUrl: `${upstream.url}/doc`, corsOrigins: ['https://a.example.com'] },
      });
      expect(created.statusCode).toBe(201);
      upstream.set(JSON.stringify(smallDocument('Stored', ['listThings', 'getThing'])));
      const refreshed = json<{ changed: boolean }>(
        await t.app.inject({ method: 'POST', url: '/api/v1/apps/stored/refresh', headers: dev.auth }),
      );
      expect(refreshed.changed).toBe(true);
      const again = json<{ notModified?: boolean }>(
        await t.app.inject({ method: 'POST', url: '/api/v1/apps/stored/refresh', headers: dev.auth }),
      );
      expect(again.notModified).toBe(true);
      const list = json<{
        items: Array<{ corsOrigins: string[]; definition: { number: number; operations: number } }>;
      }>(await t.app.inject({ method: 'GET', url: '/api/v1/apps', headers: dev.auth }));
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        corsOrigins: ['https://a.example.com'],
        definition: { number: 2, operations: 2 },
      });
      const revisions = json<{ items: Array<{ number: number; operations: number }> }>(
        await t.app.inject({ method: 'GET', url: '/api/v1/apps/stored/revisions', headers: dev.auth }),
      );
      expect(revisions.items.map((r) => [r.number, r.operations])).toEqual([
        [2, 2],
        [1, 1],
      ]);
    });

    it('deletes the settings and revisions with the app', async () => {
      const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/apps/stored', headers: dev.auth });
      expect(res.statusCode).toBe(204);
      const settings = await store.db
        .withTables<{ app_settings: { app_id: string } }>()
        .selectFrom('app_settings')
        .select('app_id')
        .execute();
      expect(settings).toEqual([]);
      expect(await store.db.selectFrom('revisions').select('id').execute()).toEqual([]);
    });
  });
}
