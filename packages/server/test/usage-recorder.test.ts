/** The gateway's usage recorder: counts in memory, one transaction per flush, and a fallback when a batch fails. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsageRecorder } from '../src/invoke/usage.ts';
import {
  asSealed,
  createConnection,
  createConnector,
  createUser,
  getEnvironment,
  listUsage,
  openStore,
  runMigrations,
  type Store,
} from '../src/store/index.ts';
import type { Db } from '../src/store/store.ts';

let store: Store;
let dir: string;
const connections: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-usage-'));
  store = openStore({ dialect: 'sqlite', file: path.join(dir, 'portico.db') });
  await runMigrations(store);
  const created = await createUser(store.db, { email: 'usage@example.com', admin: true });
  if (!created.ok) throw new Error('user exists');
  const env = await getEnvironment(store.db, 'default');
  const connector = await createConnector(store.db, {
    environmentId: env!.id,
    name: 'usage',
    createdBy: created.value.id,
    version: { definition: {}, properties: {}, report: {}, createdBy: created.value.id },
  });
  if (!connector.ok) throw new Error('connector exists');
  for (const name of ['one', 'two']) {
    const connection = await createConnection(store.db, {
      connectorId: connector.value.connector.id,
      environmentId: env!.id,
      ownerId: created.value.id,
      displayName: name,
      parameters: {},
      credentials: asSealed('x'),
    });
    connections.push(connection.id);
  }
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store's db with its transactions counted; `failFirst` makes the first one throw (a failing batch). */
function counted(db: Db, failFirst = false): { db: Db; transactions: () => number } {
  let transactions = 0;
  const proxy = new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
      return () => {
        transactions++;
        if (failFirst && transactions === 1) throw new Error('database unavailable for a moment');
        return (value as () => unknown).call(target);
      };
    },
  });
  return { db: proxy, transactions: () => transactions };
}

function countsOf(rows: Array<{ operationId: string; count: number }>): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.operationId, r.count]));
}

describe('usage recorder', () => {
  it('writes a flush of many connection × operation pairs in one transaction, skipping deleted connections', async () => {
    const { db, transactions } = counted(store.db);
    const errors: Error[] = [];
    const recorder = createUsageRecorder(db, { intervalMs: 3_600_000, onError: (e) => errors.push(e) });
    for (let op = 0; op < 20; op++) {
      for (let call = 0; call <= op % 3; call++) {
        recorder.add(connections[0]!, `Op${op}`);
        recorder.add(connections[1]!, `Op${op}`);
      }
    }
    recorder.add('deleted-connection', 'Op0');
    await recorder.flush();
    // One for the batch (pruning old days is a plain statement).
    expect(transactions()).toBe(1);
    expect(errors).toEqual([]);
    const first = countsOf(await listUsage(store.db, connections[0]!));
    expect(Object.keys(first)).toHaveLength(20);
    expect(first.Op0).toBe(1);
    expect(first.Op1).toBe(2);
    expect(first.Op2).toBe(3);
    expect(countsOf(await listUsage(store.db, connections[1]!))).toEqual(first);
    await recorder.close();
  });

  it('records pair by pair when the batch fails, and reports what cannot be recorded', async () => {
    const { db, transactions } = counted(store.db, true);
    const errors: Error[] = [];
    const recorder = createUsageRecorder(db, { intervalMs: 3_600_000, onError: (e) => errors.push(e) });
    const before = countsOf(await listUsage(store.db, connections[0]!)).Op5 ?? 0;
    recorder.add(connections[0]!, 'Op5');
    recorder.add('deleted-connection', 'Op5');
    await recorder.flush();
    // The failed batch, then one per pair.
    expect(transactions()).toBe(3);
    expect(countsOf(await listUsage(store.db, connections[0]!)).Op5).toBe(before + 1);
    expect(errors).toHaveLength(1);
    await recorder.close();
  });
});
