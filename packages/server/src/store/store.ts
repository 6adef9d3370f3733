/**
 * Opening the database: Kysely over better-sqlite3 (WAL, `synchronous` NORMAL unless set to FULL, foreign keys
 * on) or PostgreSQL (pg pool), chosen by the configured target. Everything above this file sees only `Store`
 * and `Db`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationResultSet,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget, SqliteSynchronous } from '../config.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** A database handle or an open transaction; every repository function takes one. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives, safe to print (no password). */
  location: string;
  /** Runs `fn` in one transaction: all of its changes or none. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** SQLite's `synchronous` pragma (default `normal`, PORTICO_SQLITE_SYNCHRONOUS); ignored for PostgreSQL. */
  sqliteSynchronous?: SqliteSynchronous;
}

/** Opens (and for SQLite, creates) the database. Does not migrate: call runMigrations. */
export function openStore(target: DatabaseTarget, options: StoreOptions = {}): Store {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true, mode: 0o700 });
    const database = new SqliteDatabase(target.file);
    database.pragma('journal_mode = WAL');
    // better-sqlite3 commits on the event loop: with `full` every commit also waits for the disk to sync.
    database.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return wrap(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), 'sqlite', target.file);
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', redactUrl(target.url));
}

function wrap(db: Kysely<Database>, dialect: Store['dialect'], location: string): Store {
  return {
    db,
    dialect,
    location,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The outcome of a migration run, for printing: which migrations ran, and the error if one failed. */
export interface MigrationReport {
  applied: string[];
  failed?: { migration: string | undefined; message: string };
}

/** Brings the schema up to date; safe to run concurrently (Kysely locks) and repeatedly. */
export async function runMigrations(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (result.error) {
    const failedOne = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    return { applied, failed: { migration: failedOne, message } };
  }
  return { applied };
}

/** Like runMigrations, but throws when a migration fails (for start-up). */
export async function migrateOrThrow(store: Store): Promise<string[]> {
  const report = await runMigrations(store);
  if (report.failed) {
    throw new Error(
      `Migration ${report.failed.migration ?? '(unknown)'} failed on ${store.location}: ${report.failed.message}`,
    );
  }
  return report.applied;
}

/** Every migration name known to this build, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  const all: Record<string, Migration> = await migrationProvider.getMigrations();
  return Object.keys(all).sort();
}
