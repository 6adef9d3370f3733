/** Call counts per connection and operation, kept by the gateway. */
import type { Db } from './store.ts';
import { nowIso } from './util.ts';

export interface UsageRecord {
  connectionId: string;
  operationId: string;
  count: number;
  lastUsedAt: string;
}

/** Counts `n` calls of an operation through a connection (one upsert, safe across nodes). */
export async function recordUsage(
  db: Db,
  connectionId: string,
  operationId: string,
  n = 1,
  at: string = nowIso(),
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
