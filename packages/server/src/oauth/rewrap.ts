/**
 * Key rotation for the OAuth tables: re-wraps the sealed tokens (`oauth_tokens.tokens`) and pending code
 * verifiers (`oauth_states.verifier`) under the keyring's current master key, each with a compare-and-swap so a
 * refresh storing new tokens meanwhile is never overwritten. `portico admin rotate-key` should call it next to
 * `rewrapAllSecrets` (store/rewrap.ts), which does not know these tables.
 */
import type { Kysely } from 'kysely';
import type { Keyring } from '../secrets/index.ts';
import type { Sealed } from '../store/sealed.ts';
import type { Store } from '../store/store.ts';

interface Tables {
  oauth_tokens: { connection_id: string; tokens: Sealed };
  oauth_states: { state_hash: string; verifier: Sealed };
}

/** What a rotation of the OAuth tables did. */
export interface OAuthRewrapReport {
  total: number;
  rewrapped: number;
  alreadyCurrent: number;
  /** Values that changed between reading and writing (a refresh re-sealed them, under the current key). */
  changed: number;
  failed: Array<{ table: 'oauth_tokens' | 'oauth_states'; id: string; message: string }>;
}

/** Re-wraps every sealed OAuth value under `keyring.currentKeyId`; never stops at a bad record. */
export async function rewrapOAuthSecrets(store: Store, keyring: Keyring): Promise<OAuthRewrapReport> {
  const db = store.db as unknown as Kysely<Tables>;
  const report: OAuthRewrapReport = { total: 0, rewrapped: 0, alreadyCurrent: 0, changed: 0, failed: [] };
  const tokens = await db.selectFrom('oauth_tokens').select(['connection_id as id', 'tokens as value']).execute();
  const states = await db.selectFrom('oauth_states').select(['state_hash as id', 'verifier as value']).execute();
  const records = [
    ...tokens.map((r) => ({ table: 'oauth_tokens' as const, ...r })),
    ...states.map((r) => ({ table: 'oauth_states' as const, ...r })),
  ];
  report.total = records.length;
  for (const record of records) {
    try {
      if (!keyring.needsRewrap(record.value)) {
        report.alreadyCurrent += 1;
        continue;
      }
      const next = keyring.rewrap(record.value);
      const result =
        record.table === 'oauth_tokens'
          ? await db
              .updateTable('oauth_tokens')
              .set({ tokens: next })
              .where('connection_id', '=', record.id)
              .where('tokens', '=', record.value)
              .executeTakeFirst()
          : await db
              .updateTable('oauth_states')
              .set({ verifier: next })
              .where('state_hash', '=', record.id)
              .where('verifier', '=', record.value)
              .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) report.rewrapped += 1;
      else report.changed += 1;
    } catch (err) {
      report.failed.push({ table: record.table, id: record.id, message: (err as Error).message });
    }
  }
  return report;
}
