/**
 * Usage records off the hot path: calls are counted in memory per connection and operation and written in
 * batches (every second and on close: one transaction per batch) with store/usage.ts' `recordUsageBatch`.
 */

import type { Db } from '../store/store.ts';
import { recordUsage, recordUsageBatch, type UsageCount } from '../store/usage.ts';

export interface UsageRecorder {
  /** Counts one call (synchronous, no I/O). */
  add(connectionId: string, operationId: string): void;
  /** Writes what was counted so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes the rest. */
  close(): Promise<void>;
}

/** Starts a recorder that flushes every `intervalMs` (default 1000); write failures go to `onError`. */
export function createUsageRecorder(
  db: Db,
  options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): UsageRecorder {
  type Count = { connectionId: string; operationId: string; n: number; at: number };
  // By connection, then operation: no key is built per call.
  let counts = new Map<string, Map<string, Count>>();
  let flushing: Promise<void> = Promise.resolve();

  async function write(batch: typeof counts): Promise<void> {
    const items: UsageCount[] = [];
    for (const operations of batch.values()) {
      for (const item of operations.values()) {
        items.push({
          connectionId: item.connectionId,
          operationId: item.operationId,
          n: item.n,
          at: new Date(item.at).toISOString(),
        });
      }
    }
    try {
      // One transaction for the whole batch: one commit (on SQLite, one sync to disk that the event loop waits for).
      await recordUsageBatch(db, items);
    } catch {
      // Something in the batch failed (a connection deleted at that moment, on PostgreSQL): record what can be.
      for (const item of items) {
        try {
          await recordUsage(db, item.connectionId, item.operationId, item.n, item.at);
        } catch (error) {
          // A connection deleted since the call has no usage to keep; anything else is logged.
          options.onError?.(error as Error);
        }
      }
    }
  }

  function flush(): Promise<void> {
    if (counts.size === 0) return flushing;
    const batch = counts;
    counts = new Map();
    flushing = flushing.then(() => write(batch));
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.intervalMs ?? 1000);
  timer.unref();

  return {
    add(connectionId, operationId) {
      const at = Date.now();
      let operations = counts.get(connectionId);
      if (!operations) {
        operations = new Map();
        counts.set(connectionId, operations);
      }
      const item = operations.get(operationId);
      if (item) {
        item.n++;
        item.at = at;
      } else operations.set(operationId, { connectionId, operationId, n: 1, at });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
