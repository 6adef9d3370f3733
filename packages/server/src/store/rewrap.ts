/**
 * Key rotation over the database: re-wraps every sealed value (connection credentials, OAuth client secrets)
 * under the keyring's current master key, record by record, each in its own short transaction with a
 * compare-and-swap, so running servers keep working and a concurrent change is never overwritten.
 */
import type { Keyring } from '../secrets/index.ts';
import { listSealedRecords, replaceSealedRecord, type SealedRecord } from './sealed-records.ts';
import type { Store } from './store.ts';

/** What a rotation did; `failed` lists records that could not be re-wrapped (their key is unknown, or damage). */
export interface RewrapReport {
  total: number;
  rewrapped: number;
  alreadyCurrent: number;
  /** Records that changed between reading and writing and were re-read. */
  retried: number;
  failed: Array<{ table: SealedRecord['table']; id: string; message: string }>;
  keyId: string;
}

/** Re-wraps every sealed record under `keyring.currentKeyId`; never stops at a bad record (it is reported). */
export async function rewrapAllSecrets(store: Store, keyring: Keyring): Promise<RewrapReport> {
  const report: RewrapReport = {
    total: 0,
    rewrapped: 0,
    alreadyCurrent: 0,
    retried: 0,
    failed: [],
    keyId: keyring.currentKeyId,
  };
  const records = await listSealedRecords(store.db);
  report.total = records.length;
  for (const first of records) {
    let record: SealedRecord | undefined = first;
    for (let attempt = 0; record && attempt < 3; attempt++) {
      try {
        if (!keyring.needsRewrap(record.value)) {
          report.alreadyCurrent += 1;
          break;
        }
        const next = keyring.rewrap(record.value);
        const current: SealedRecord = record;
        const swapped = await store.transaction((trx) => replaceSealedRecord(trx, current, next));
        if (swapped) {
          report.rewrapped += 1;
          break;
        }
        report.retried += 1;
        record = (await listSealedRecords(store.db)).find((r) => r.table === current.table && r.id === current.id);
        if (!record) break; // deleted meanwhile: nothing to do
      } catch (err) {
        report.failed.push({ table: first.table, id: first.id, message: (err as Error).message });
        break;
      }
    }
  }
  return report;
}
