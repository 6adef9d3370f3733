/**
 * Two server processes on one PostgreSQL database serve the same data: what one creates the other reads,
 * tokens and sessions work on both, and concurrent creates of the same name give one winner and one conflict.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, runMigrations } from '../src/store/store.ts';
import { addUser, type TestUser } from './helpers/app.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';
import { type ServerProcess, startServerProcess } from './helpers/process.ts';

describe('a server process on SQLite', () => {
  it('creates its database under --data, prints its URL and the first-administrator hint, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-process-'));
    try {
      const server = await startServerProcess({ PORTICO_DATA: dataDir, PORTICO_DATABASE_URL: '' });
      try {
        expect(server.output()).toMatch(
          /Portico is serving at http:\/\/127\.0\.0\.1:\d+ \(database: sqlite .*portico\.db\)/,
        );
        expect(await server.waitFor(/portico admin create-user/)).toContain('--role admin --password-stdin');
        const health = await fetch(`${server.url}/healthz`);
        expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' });
        // Without PORTICO_MASTER_KEY the key file is generated on first start, readable by the owner only.
        expect(statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      } finally {
        await server.stop();
      }
      expect(server.child.exitCode).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

if (RUN_POSTGRES) {
  describe('two server processes on one PostgreSQL database', () => {
    let database: TestDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: TestUser;
    let dataDir: string;

    beforeAll(async () => {
      database = await createTestDatabase();
      dataDir = mkdtempSync(path.join(tmpdir(), 'portico-cluster-'));
      const env = {
        PORTICO_DATABASE_URL: database.url,
        PORTICO_DATA: dataDir,
        PORTICO_MASTER_KEY: randomBytes(32).toString('base64'),
      };
      // Both start at once: migrations must be safe to run concurrently.
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
      const store = openStore({ dialect: 'postgres', url: database.url });
      try {
        expect((await runMigrations(store)).applied).toEqual([]);
        admin = await addUser(store, { admin: true, email: 'cluster-admin@example.com' });
      } finally {
        await store.close();
      }
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const call = (
      server: ServerProcess,
      method: string,
      url: string,
      body?: unknown,
      headers: Record<string, string> = admin.auth,
    ) =>
      fetch(`${server.url}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('prints the first-administrator hint on a fresh database', async () => {
      expect(await a.waitFor(/portico admin create-user/)).toContain('--password-stdin');
    });

    it('reads on one node what the other created', async () => {
      const created = await call(a, 'POST', '/api/v1/environments', { name: 'shared-env' });
      expect(created.status).toBe(201);
      const read = await call(b, 'GET', '/api/v1/environments/shared-env');
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ name: 'shared-env' });
    });

    it('gives one winner and one clear conflict for concurrent creates of the same name', async () => {
      const [x, y] = await Promise.all([
        call(a, 'POST', '/api/v1/environments', { name: 'race' }),
        call(b, 'POST', '/api/v1/environments', { name: 'race' }),
      ]);
      expect([x.status, y.status].sort()).toEqual([201, 409]);
      const loser = x.status === 409 ? x : y;
      expect(await loser.json()).toEqual({
        error: { code: 'environment_exists', message: 'An environment named "race" already exists.' },
      });
      const list = (await (await call(a, 'GET', '/api/v1/environments')).json()) as { items: Array<{ name: string }> };
      expect(list.items.filter((e) => e.name === 'race')).toHaveLength(1);
    });

    it('accepts on one node a token created on the other, and honours a revocation made there', async () => {
      const created = (await (await call(a, 'POST', '/api/v1/tokens', { name: 'roaming' })).json()) as {
        id: string;
        token: string;
      };
      const bearer = { authorization: `Bearer ${created.token}` };
      expect((await call(b, 'GET', '/api/v1/me', undefined, bearer)).status).toBe(200);
      expect((await call(b, 'DELETE', `/api/v1/tokens/${created.id}`)).status).toBe(204);
      expect((await call(a, 'GET', '/api/v1/me', undefined, bearer)).status).toBe(401);
    });

    it('keeps a portal session valid across nodes', async () => {
      const login = await call(
        a,
        'POST',
        '/api/v1/auth/login',
        { email: admin.user.email, password: admin.password },
        {},
      );
      expect(login.status).toBe(200);
      const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('portico_session=')) ?? '').split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await call(
        b,
        'POST',
        '/api/v1/environments',
        { name: 'via-session' },
        { cookie, 'x-csrf-token': csrfToken },
      );
      expect(created.status).toBe(201);
    });
  });
}
