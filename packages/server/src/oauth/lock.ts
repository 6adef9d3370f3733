/**
 * Running a refresh under a per-connection lock. On PostgreSQL the lock is `pg_advisory_xact_lock` inside a
 * transaction, so it holds across every Portico process on the database and is released with the transaction
 * (also when a process dies). On SQLite there is one process per database file: the in-process single-flight of
 * the token manager is the lock, and writes stay compare-and-swap.
 */
import { sql } from 'kysely';
import type { Db, Store } from '../store/store.ts';

/** Runs `fn` holding the connection's refresh lock; `fn` gets the handle to read and write with. */
export async function withRefreshLock<T>(store: Store, connectionId: string, fn: (db: Db) => Promise<T>): Promise<T> {
  if (store.dialect !== 'postgres') return fn(store.db);
  return store.transaction(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`portico-oauth-refresh:${connectionId}`}, 0))`.execute(
      trx,
    );
    return fn(trx);
  });
}
