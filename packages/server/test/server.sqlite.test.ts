/** startServer opens SQLite with the configured sync mode (PORTICO_SQLITE_SYNCHRONOUS). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type SqliteSynchronous, testConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

async function syncModeOf(mode: SqliteSynchronous): Promise<number | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-server-sqlite-'));
  const server = await startServer({
    config: testConfig({
      port: 0,
      dataDir: dir,
      database: { dialect: 'sqlite', file: path.join(dir, 'portico.db') },
      sqliteSynchronous: mode,
    }),
    print: () => {},
  });
  try {
    const result = await sql<{ synchronous: number }>`pragma synchronous`.execute(server.store.db);
    return result.rows[0]?.synchronous;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('startServer with SQLite', () => {
  it('syncs at checkpoints by default and at every commit when set to full', async () => {
    // SQLite's numbers: 1 = NORMAL, 2 = FULL.
    expect(await syncModeOf(testConfig().sqliteSynchronous)).toBe(1);
    expect(await syncModeOf('full')).toBe(2);
  });
});
