/**
 * PostgreSQL for tests: each run gets its own fresh database `portico_test_<random>`, dropped afterwards.
 * In CI (`CI=true`) an unreachable server fails the suites; elsewhere they are left out with a loud message.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const reachable = await probe();

/** Whether PostgreSQL suites should be defined: always in CI (so they fail loudly), else when reachable. */
export const RUN_POSTGRES = reachable || process.env.CI === 'true';

if (!RUN_POSTGRES) {
  console.error(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! PostgreSQL is not reachable at ${PG_ADMIN_URL}: the PostgreSQL suites are left out.\n` +
      `!! Start PostgreSQL (or set PORTICO_TEST_PG_URL) to run them; in CI they fail instead.\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  );
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
