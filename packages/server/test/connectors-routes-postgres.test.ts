/** The connector and connection routes on PostgreSQL: the same flow as on SQLite, on a fresh database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/store.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { connectorTableCounts, corpusPackageTexts, demoPackageTexts } from './helpers/connectors.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';

const ENV = '/api/v1/environments/default';

if (RUN_POSTGRES) {
  describe('connectors and connections on PostgreSQL', () => {
    let database: TestDatabase;
    let store: Store;
    let t: TestApp;
    let maker: TestUser;

    beforeAll(async () => {
      database = await createTestDatabase();
      store = openStore({ dialect: 'postgres', url: database.url });
      t = await makeApp({ store });
      maker = await addUser(t.store);
    });
    afterAll(async () => {
      await t.close();
      await store.close();
      await database.drop();
    });

    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: maker.auth, ...(payload ? { payload } : {}) });

    it('loads the built-ins, creates from a draft, versions, restores and refuses a busy delete', async () => {
      const list = json<{ items: Array<{ name: string }> }>(await call('GET', `${ENV}/connectors`)).items;
      expect(list.map((c) => c.name)).toContain('portico-demo-inventory');

      const draft = json<{ draftId: string }>(
        await call('POST', `${ENV}/connectors/prepare`, corpusPackageTexts('Planner')),
      );
      const before = await connectorTableCounts(t.store);
      expect(errorCode(await call('POST', `${ENV}/connectors`, { draftId: draft.draftId, name: 'planner' }))).toBe(
        'auth_answers_missing',
      );
      expect(await connectorTableCounts(t.store)).toEqual(before);
      const created = await call('POST', `${ENV}/connectors`, {
        draftId: draft.draftId,
        name: 'planner',
        auth: { clientId: 'a', clientSecret: 'pg-secret' },
      });
      expect(created.statusCode, created.body).toBe(201);

      await call('POST', `${ENV}/connectors`, { ...demoPackageTexts(), name: 'inventory' });
      expect(
        json<{ version: number }>(await call('PUT', `${ENV}/connectors/inventory`, demoPackageTexts())).version,
      ).toBe(2);
      expect(
        json<{ version: number }>(await call('POST', `${ENV}/connectors/inventory/versions/1/restore`)).version,
      ).toBe(1);

      const connection = await call('POST', `${ENV}/connections`, {
        connector: 'inventory',
        parameters: { base_url: 'http://127.0.0.1:4010', api_key: 'pg-key' },
      });
      expect(connection.statusCode, connection.body).toBe(201);
      expect(errorCode(await call('DELETE', `${ENV}/connectors/inventory`))).toBe('connector_in_use');
      expect((await call('DELETE', `${ENV}/connectors/inventory?force=true`)).statusCode).toBe(204);
    });
  });
}
