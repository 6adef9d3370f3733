/**
 * Every sealed value in the database, for key rotation (`portico admin rotate-key`): list them, then
 * replace each with a compare-and-swap so a concurrent change by a running server is never overwritten.
 */
import type { Sealed } from './sealed.ts';
import type { Db } from './store.ts';

/** One sealed column value and where it lives. */
export type SealedRecord =
  | { table: 'connections'; id: string; column: 'credentials'; value: Sealed }
  | { table: 'connector_versions'; id: string; column: 'oauth_client_secret'; value: Sealed };

/** All sealed values currently stored. */
export async function listSealedRecords(db: Db): Promise<SealedRecord[]> {
  const connections = await db
    .selectFrom('connections')
    .select(['id', 'credentials'])
    .where('credentials', 'is not', null)
    .orderBy('id')
    .execute();
  const versions = await db
    .selectFrom('connector_versions')
    .select(['id', 'oauth_client_secret'])
    .where('oauth_client_secret', 'is not', null)
    .orderBy('id')
    .execute();
  return [
    ...connections.map((r) => ({
      table: 'connections' as const,
      id: r.id,
      column: 'credentials' as const,
      value: r.credentials!,
    })),
    ...versions.map((r) => ({
      table: 'connector_versions' as const,
      id: r.id,
      column: 'oauth_client_secret' as const,
      value: r.oauth_client_secret!,
    })),
  ];
}

/** Replaces a sealed value if it is still `record.value`; false when it changed meanwhile (re-read and retry). */
export async function replaceSealedRecord(db: Db, record: SealedRecord, next: Sealed): Promise<boolean> {
  const result =
    record.table === 'connections'
      ? await db
          .updateTable('connections')
          .set({ credentials: next })
          .where('id', '=', record.id)
          .where('credentials', '=', record.value)
          .executeTakeFirst()
      : await db
          .updateTable('connector_versions')
          .set({ oauth_client_secret: next })
          .where('id', '=', record.id)
          .where('oauth_client_secret', '=', record.value)
          .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
