/**
 * Two Portico app instances on one fresh PostgreSQL database, as two nodes: they share the per-connection rate
 * limit (one counter row per connection, advanced atomically) and each sees the other's credential changes.
 * In CI an unreachable PostgreSQL fails these tests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialContext } from '../src/connections/service.ts';
import { createPostgresRateLimiter, sweepRateLimits } from '../src/gateway-store/index.ts';
import { setConnectionCredentials } from '../src/store/connections.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { startUpstream, type Upstream } from './gateway-helpers.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { createConnection, createConnectorFrom, echoPackage, invoke } from './helpers/invoke.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';

describe.runIf(RUN_POSTGRES)('gateway on PostgreSQL with two nodes', () => {
  let database: TestDatabase;
  let stores: Store[] = [];
  let nodes: TestApp[] = [];
  let upstream: Upstream;
  let maker: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await startUpstream((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ key: request.headers['x-key'] ?? null }));
    });
    const masterKey = randomBytes(32).toString('base64');
    stores = [
      openStore({ dialect: 'postgres', url: database.url }),
      openStore({ dialect: 'postgres', url: database.url }),
    ];
    nodes = [];
    for (const store of stores) {
      nodes.push(
        await makeApp({
          store,
          config: {
            database: { dialect: 'postgres', url: database.url },
            masterKey,
            gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }],
          },
        }),
      );
    }
    maker = await addUser(stores[0]!);
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const store of stores) await store.close();
    await upstream?.close();
    await database?.drop();
  });

  it('uses the PostgreSQL rate limiter when there is no Redis', () => {
    for (const node of nodes) expect(node.app.gateway.limiter).toBe('postgres');
  });

  it('shares one per-connection limit across both nodes', async () => {
    const [a, b] = nodes as [TestApp, TestApp];
    await createConnectorFrom(
      a.app,
      maker.auth,
      'echo-pg',
      echoPackage(upstream.host, { rateLimit: { calls: 3, periodSeconds: 60 } }),
    );
    const id = await createConnection(a.app, maker.auth, 'echo-pg', { api_key: 'pg-key-1' });
    const statuses = [];
    for (const node of [a, b, a, b])
      statuses.push((await invoke(node.app, maker.auth, id, 'GetThing', { id: 1 })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await invoke(a.app, maker.auth, id, 'GetThing', { id: 1 });
    expect(errorCode(refused)).toBe('throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('counts concurrent calls from both nodes exactly', async () => {
    const limiter = createPostgresRateLimiter(stores[0]!.db);
    const other = createPostgresRateLimiter(stores[1]!.db);
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? limiter : other).take('concurrent-key', 25, 60_000)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
  });

  it('starts a new count in the next window and says when the current one ends', async () => {
    let now = 1_800_000_000_000;
    const limiter = createPostgresRateLimiter(stores[0]!.db, { now: () => now });
    expect((await limiter.take('window-key', 1, 60_000)).allowed).toBe(true);
    const refused = await limiter.take('window-key', 1, 60_000);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 60_000 - (now % 60_000) });
    now += 60_000;
    expect((await limiter.take('window-key', 1, 60_000)).allowed).toBe(true);
    expect(await sweepRateLimits(stores[0]!.db, 3_600_000, now + 7_200_000)).toBeGreaterThanOrEqual(1);
    now += 60_000;
    expect((await limiter.take('window-key', 1, 60_000)).allowed).toBe(true);
  });

  it('lets the other node use new credentials once it checks the stamp', async () => {
    const [a, b] = nodes as [TestApp, TestApp];
    await createConnectorFrom(a.app, maker.auth, 'echo-pg-keys', echoPackage(upstream.host));
    const id = await createConnection(a.app, maker.auth, 'echo-pg-keys', { api_key: 'before-rotation' });
    expect(json((await invoke(b.app, maker.auth, id, 'GetThing', { id: 1 })) as { body: string }).key).toBe(
      'before-rotation',
    );
    const sealed = a.app.keyring.encrypt({ api_key: 'after-rotation' }, { context: credentialContext(id) });
    await setConnectionCredentials(stores[0]!.db, id, sealed);
    b.app.gateway.cache.ttlMs = 0;
    expect(json(await invoke(b.app, maker.auth, id, 'GetThing', { id: 2 })).key).toBe('after-rotation');
  });
});
