/**
 * The impact of a source change on a connector: which of its connections called the operations the change
 * affects, and how often, from the gateway's usage records: the per-day buckets (`usage_daily`) count the
 * calls made in the window exactly, by UTC day from the day the window starts.
 */
import { type Change, parsePointer, toPointer } from '@portico/openapi';
import type { OperationIds } from '../apps/analysis.ts';
import type { Db } from '../store/store.ts';
import { usageSince } from '../store/usage.ts';

/** The window of usage that counts: 30 days. */
export const IMPACT_WINDOW_DAYS = 30;

export interface ConnectionImpact {
  connectionId: string;
  displayName: string;
  ownerId: string;
  calls: number;
  lastUsedAt: string;
}

export interface OperationImpact {
  operationId: string;
  /** True when at least one breaking change affects the operation. */
  breaking: boolean;
  /** The messages of the changes affecting it, breaking first. */
  changes: string[];
  calls: number;
  connections: ConnectionImpact[];
}

export interface Impact {
  since: string;
  /** Affected operations that were called in the window, most called first. */
  operations: OperationImpact[];
  /** Distinct connections that called an affected operation in the window. */
  connections: number;
  /** Distinct connections that called an operation with a breaking change. */
  brokenConnections: number;
}

/** The operation ids a change concerns: its own, and the old one when the change names the old operation. */
function operationIdsOf(change: Change, oldOperations: OperationIds): string[] {
  const ids = new Set<string>();
  if (change.operationId) ids.add(change.operationId);
  if (change.oldPointer?.startsWith('/paths/')) {
    const tokens = parsePointer(change.oldPointer);
    if (tokens.length >= 3) {
      const id = oldOperations[toPointer(tokens.slice(0, 3))];
      if (id !== undefined) ids.add(id);
    }
  }
  return [...ids];
}

/**
 * Who called the operations that `changes` affect, through connections of the connector, since `since`.
 * `oldOperations` are the old revision's operation ids by pointer (the analyzer's `operations`).
 */
export async function impactOf(
  db: Db,
  connectorId: string,
  changes: readonly Change[],
  oldOperations: OperationIds,
  since: string,
): Promise<Impact> {
  const byOperation = new Map<string, { breaking: boolean; changes: string[] }>();
  for (const change of changes) {
    for (const id of operationIdsOf(change, oldOperations)) {
      const entry = byOperation.get(id) ?? { breaking: false, changes: [] };
      entry.breaking ||= change.breaking;
      entry.changes.push(change.message);
      byOperation.set(id, entry);
    }
  }
  const usage = await usageSince(db, connectorId, [...byOperation.keys()], since);
  const rows = usage.map((u) => ({
    operation_id: u.operationId,
    count: u.calls,
    last_used_at: u.lastUsedAt,
    id: u.connectionId,
    display_name: u.displayName,
    owner_id: u.ownerId,
  }));
  const operations = new Map<string, OperationImpact>();
  const all = new Set<string>();
  const broken = new Set<string>();
  for (const row of rows) {
    const info = byOperation.get(row.operation_id)!;
    const entry = operations.get(row.operation_id) ?? {
      operationId: row.operation_id,
      breaking: info.breaking,
      changes: info.changes,
      calls: 0,
      connections: [],
    };
    const calls = Number(row.count);
    entry.calls += calls;
    entry.connections.push({
      connectionId: row.id,
      displayName: row.display_name,
      ownerId: row.owner_id,
      calls,
      lastUsedAt: row.last_used_at,
    });
    operations.set(row.operation_id, entry);
    all.add(row.id);
    if (info.breaking) broken.add(row.id);
  }
  return {
    since,
    operations: [...operations.values()].sort((a, b) => Number(b.breaking) - Number(a.breaking) || b.calls - a.calls),
    connections: all.size,
    brokenConnections: broken.size,
  };
}
