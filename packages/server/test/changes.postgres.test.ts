/**
 * Issue 6 on PostgreSQL with two server instances over one database (two connection pools, as two nodes):
 * both schedulers tick at once and the app is fetched by one of them; the linked connector then updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeScheduler } from '../src/changes/scheduler.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { addUser, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { fakeClock, fakeTimer } from './helpers/changes.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';

const allow = { gatewayAllowHosts: [{ kind: 'host' as const, host: '127.0.0.1' }] };

if (RUN_POSTGRES) {
  describe('change detection on PostgreSQL with two nodes', () => {
    let database: TestDatabase;
    let stores: Store[];
    let nodes: TestApp[];
    let upstream: Upstream;
    let dev: TestUser;

    beforeAll(async () => {
      database = await createTestDatabase();
      stores = [
        openStore({ dialect: 'postgres', url: database.url }),
        openStore({ dialect: 'postgres', url: database.url }),
      ];
      nodes = [];
      for (const store of stores) nodes.push(await makeApp({ store, config: allow }));
      dev = await addUser(stores[0]!);
      upstream = await startUpstream(JSON.stringify(smallDocument('Pg things', ['listThings', 'getThing'])));
    });
    afterAll(async () => {
      await upstream.close();
      for (const node of nodes) await node.close();
      for (const store of stores) await store.close();
      await database.drop();
    });

    const call = (node: number, method: 'GET' | 'POST', url: string, payload?: object) =>
      nodes[node]!.app.inject({ method, url, headers: dev.auth, ...(payload ? { payload } : {}) });

    it('fetches a due app on exactly one node, then updates the linked connector', async () => {
      expect(
        (await call(0, 'POST', '/api/v1/apps', { name: 'pg-things', definitionUrl: `${upstream.url}/doc` })).statusCode,
      ).toBe(201);
      expect((await call(1, 'POST', '/api/v1/apps/pg-things/export', { environment: 'default' })).statusCode).toBe(201);
      const clock = fakeClock();
      const schedulers = nodes.map((n) => createChangeScheduler(n.app, { clock, timer: fakeTimer() }));
      await schedulers[0]!.tick();
      clock.advance(3_601_000);
      const unchanged = await Promise.all(schedulers.map((s) => s.tick()));
      expect(unchanged.flatMap((r) => r.checked)).toHaveLength(1);
      expect(upstream.notModified()).toBe(1);

      upstream.set(JSON.stringify(smallDocument('Pg things', ['listThings'])));
      clock.advance(3_601_000);
      const changed = (await Promise.all(schedulers.map((s) => s.tick()))).flatMap((r) => r.checked);
      expect(changed).toEqual([expect.objectContaining({ changed: true, revision: 2 })]);

      const update = json<{ updateAvailable: boolean; breakingChanges: string[] }>(
        await call(1, 'GET', '/api/v1/environments/default/connectors/pg-things/update'),
      );
      expect(update.updateAvailable).toBe(true);
      expect(update.breakingChanges.join(' ')).toContain('getThing');
      const applied = await call(0, 'POST', '/api/v1/environments/default/connectors/pg-things/update', {});
      expect(applied.statusCode, applied.body).toBe(200);
      expect(json(applied)).toMatchObject({ version: 2, revision: { number: 2 } });
    });
  });
}
