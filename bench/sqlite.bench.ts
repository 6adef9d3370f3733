/**
 * `npm run bench:sqlite`: how long one small commit holds the event loop on this disk, with SQLite's
 * `synchronous` at NORMAL (Portico's default, PORTICO_SQLITE_SYNCHRONOUS=normal) and at FULL, side by side in one
 * run. better-sqlite3 runs statements on the event loop, so while a commit waits for the disk no gateway call
 * is served. The write is the one a busy gateway makes: a personal access token's `last_used_at`.
 *
 *   npm run bench:sqlite -- [--commits N] [--dir PATH]   (default 400 commits per mode, in the system temp folder)
 *
 * Run it with --dir on the disk Portico's data directory is on: that is where the figures matter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { provisionUser } from '../packages/server/src/auth/provision.ts';
import { newPersonalAccessToken } from '../packages/server/src/auth/secrets.ts';
import type { SqliteSynchronous } from '../packages/server/src/config.ts';
import { migrateOrThrow, openStore, type Store } from '../packages/server/src/store/store.ts';
import { createAccessToken, touchAccessToken } from '../packages/server/src/store/tokens.ts';
import { median, percentile, table } from './stats.ts';

function parseArgs(argv: string[]): { commits: number; dir: string } {
  const args = { commits: 400, dir: tmpdir() };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value = ''] = [argv[i], argv[i + 1]];
    if (flag === '--commits' && Number(value) >= 10) args.commits = Math.floor(Number(value));
    else if (flag === '--dir' && value) args.dir = path.resolve(value);
    else throw new Error(`Unknown or bad flag ${flag} ${value}; use --commits N (at least 10) or --dir PATH.`);
  }
  return args;
}

interface Opened {
  mode: SqliteSynchronous;
  store: Store;
  tokenId: string;
  times: number[];
}

async function open(dir: string, mode: SqliteSynchronous): Promise<Opened> {
  const store = openStore({ dialect: 'sqlite', file: path.join(dir, `${mode}.db`) }, { sqliteSynchronous: mode });
  await migrateOrThrow(store);
  const user = await provisionUser(store.db, { email: `${mode}@example.com`, admin: false, passwordHash: null });
  if (!user.ok) throw new Error('bench user exists');
  const { hash, prefix } = newPersonalAccessToken();
  const token = await createAccessToken(store.db, {
    userId: user.value.id,
    name: 'bench',
    prefix,
    tokenHash: hash,
    expiresAt: null,
  });
  return { mode, store, tokenId: token.id, times: [] };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(args.dir, 'portico-bench-sqlite-'));
  console.log(`SQLite commit time on the event loop: ${args.commits} commits per mode, interleaved, in ${dir}`);
  const modes = [await open(dir, 'normal'), await open(dir, 'full')];
  try {
    for (let i = 0; i < args.commits; i++) {
      // Alternate which mode goes first, so that neither always follows the other's disk sync.
      for (const opened of i % 2 === 0 ? modes : [...modes].reverse()) {
        const at = new Date(Date.now() + i).toISOString();
        const started = process.hrtime.bigint();
        await touchAccessToken(opened.store.db, opened.tokenId, at);
        opened.times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
  } finally {
    for (const opened of modes) await opened.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = [['PORTICO_SQLITE_SYNCHRONOUS', 'median ms', 'p99 ms', 'max ms']];
  for (const { mode, times } of modes) {
    const sorted = [...times].sort((a, b) => a - b);
    rows.push([
      mode === 'normal' ? 'normal (default)' : mode,
      median(sorted).toFixed(3),
      percentile(sorted, 99).toFixed(3),
      (sorted.at(-1) ?? 0).toFixed(3),
    ]);
  }
  console.log(`\n${table(rows)}\n`);
  const [normal, full] = modes.map((m) => median(m.times));
  console.log(
    `full holds the event loop ${((full as number) / (normal as number)).toFixed(1)}× as long per commit as normal (medians).`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
