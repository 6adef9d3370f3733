/** Call counts per connection and operation, kept by the gateway: running totals and per-day buckets. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './store.ts';
import { nowIso } from './util.ts';

/** One day's calls of an operation through a connection (migration 0007). */
interface UsageDailyTable {
  connection_id: string;
  operation_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
}

/** How long per-day buckets are kept; older ones are pruned when the day changes. */
export const USAGE_DAYS_KEPT = 90;

const daily = (db: Db) => db.withTables<{ usage_daily: UsageDailyTable }>();

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export function usageDay(at: string): string {
  return new Date(at).toISOString().slice(0, 10);
}

// The last day each database was pruned for, so pruning runs once a day per process (not on every call).
const prunedOn = new WeakMap<object, string>();

export interface UsageRecord {
  connectionId: string;
  operationId: string;
  count: number;
  lastUsedAt: string;
}

/**
 * Counts `n` calls of an operation through a connection: the running total and the day's bucket, each one
 * upsert-increment (safe across nodes), both in one transaction. Once a day per process, prunes old buckets.
 */
export async function recordUsage(
  db: Db,
  connectionId: string,
  operationId: string,
  n = 1,
  at: string = nowIso(),
): Promise<void> {
  const day = usageDay(at);
  if (db.isTransaction) await countCalls(db, connectionId, operationId, n, at, day);
  else
    await (db as Kysely<Database>)
      .transaction()
      .execute((trx) => countCalls(trx, connectionId, operationId, n, at, day));
  if (!db.isTransaction) await pruneOncePerDay(db, day);
}

/** Prunes buckets older than USAGE_DAYS_KEPT before `day`, once per day and database in this process. */
async function pruneOncePerDay(db: Db, day: string): Promise<void> {
  if (prunedOn.get(db) === day) return;
  prunedOn.set(db, day);
  await pruneUsageDays(db, new Date(Date.parse(`${day}T00:00:00Z`) - USAGE_DAYS_KEPT * 86_400_000).toISOString());
}

/** Calls counted in memory for one connection and operation, as the gateway's usage recorder flushes them. */
export interface UsageCount {
  connectionId: string;
  operationId: string;
  n: number;
  /** The last call's time (ISO). */
  at: string;
}

/**
 * Records a batch of counts in one transaction (one commit, so one sync to disk on SQLite, where the event loop
 * waits for it): the counts of connections deleted since the calls are skipped. Returns how many were recorded.
 * Once a day per process, prunes old buckets.
 */
export async function recordUsageBatch(db: Db, counts: readonly UsageCount[]): Promise<number> {
  if (counts.length === 0) return 0;
  const recorded = await (db as Kysely<Database>).transaction().execute(async (trx) => {
    const ids = [...new Set(counts.map((c) => c.connectionId))];
    const existing = new Set<string>();
    // In chunks: SQLite limits the number of bound parameters of one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('connections')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) existing.add(row.id);
    }
    let written = 0;
    for (const count of counts) {
      if (!existing.has(count.connectionId)) continue;
      await countCalls(trx, count.connectionId, count.operationId, count.n, count.at, usageDay(count.at));
      written++;
    }
    return written;
  });
  let latest = counts[0]!.at;
  for (const count of counts) if (count.at > latest) latest = count.at;
  await pruneOncePerDay(db, usageDay(latest));
  return recorded;
}

async function countCalls(
  db: Db,
  connectionId: string,
  operationId: string,
  n: number,
  at: string,
  day: string,
): Promise<void> {
  await db
    .insertInto('usage')
    .values({ connection_id: connectionId, operation_id: operationId, count: n, last_used_at: at })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'operation_id']).doUpdateSet((eb) => ({
        count: eb('usage.count', '+', n),
        last_used_at: at,
      })),
    )
    .execute();
  await daily(db)
    .insertInto('usage_daily')
    .values({ connection_id: connectionId, operation_id: operationId, day, count: n })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'operation_id', 'day']).doUpdateSet((eb) => ({
        count: eb('usage_daily.count', '+', n),
      })),
    )
    .execute();
}

/** Deletes per-day buckets of days before `before` (an ISO time); returns how many were deleted. */
export async function pruneUsageDays(db: Db, before: string): Promise<number> {
  const result = await daily(db).deleteFrom('usage_daily').where('day', '<', usageDay(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface UsageInWindow {
  connectionId: string;
  operationId: string;
  /** Calls on the days from `since`'s day to today. */
  calls: number;
  lastUsedAt: string;
  displayName: string;
  ownerId: string;
}

/**
 * Calls of the given operations through the connections of a connector since `since` (counted by UTC day,
 * from the day `since` falls on), with each pair's last call; pairs with no call in the window are left out.
 */
export async function usageSince(
  db: Db,
  connectorId: string,
  operationIds: readonly string[],
  since: string,
): Promise<UsageInWindow[]> {
  if (operationIds.length === 0) return [];
  const rows = await daily(db)
    .selectFrom('usage_daily as d')
    .innerJoin('connections as c', 'c.id', 'd.connection_id')
    .innerJoin('usage as u', (join) =>
      join.onRef('u.connection_id', '=', 'd.connection_id').onRef('u.operation_id', '=', 'd.operation_id'),
    )
    .select((eb) => [
      'd.connection_id',
      'd.operation_id',
      'u.last_used_at',
      'c.display_name',
      'c.owner_id',
      eb.fn.sum<number>('d.count').as('calls'),
    ])
    .where('c.connector_id', '=', connectorId)
    .where('d.operation_id', 'in', [...operationIds])
    .where('d.day', '>=', usageDay(since))
    .groupBy(['d.connection_id', 'd.operation_id', 'u.last_used_at', 'c.display_name', 'c.owner_id'])
    .execute();
  return rows
    .map((r) => ({
      connectionId: r.connection_id,
      operationId: r.operation_id,
      calls: Number(r.calls),
      lastUsedAt: r.last_used_at,
      displayName: r.display_name,
      ownerId: r.owner_id,
    }))
    .filter((r) => r.calls > 0)
    .sort((a, b) => b.calls - a.calls || a.operationId.localeCompare(b.operationId));
}

/** A connection's usage per operation, most used first. */
export async function listUsage(db: Db, connectionId: string): Promise<UsageRecord[]> {
  const rows = await db
    .selectFrom('usage')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .orderBy('count', 'desc')
    .orderBy('operation_id')
    .execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    operationId: r.operation_id,
    count: Number(r.count),
    lastUsedAt: r.last_used_at,
  }));
}
