/**
 * Connector drafts (migration 0003): an uploaded, checked package waiting for the maker's answers to its
 * authentication questions. A draft holds no secret (answers arrive with the create call) and expires.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './store.ts';
import { newId, nowIso, parseJson } from './util.ts';

interface ConnectorDraftsTable {
  id: string;
  environment_id: string;
  created_by: string;
  /** JSON of the prepared package (documents, icon, report). */
  package: string;
  created_at: string;
  expires_at: string;
}

interface DraftTables {
  connector_drafts: ConnectorDraftsTable;
}

/** The drafts table is not part of F's `Database` type; this view of the same connection adds it. */
function drafts(db: Db): Kysely<DraftTables> | Transaction<DraftTables> {
  return db as unknown as Kysely<DraftTables>;
}

export interface ConnectorDraft<Package = unknown> {
  id: string;
  environmentId: string;
  createdBy: string;
  package: Package;
  createdAt: string;
  expiresAt: string;
}

/** How long a draft lives: long enough to look up a client secret, short enough not to pile up. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/** Stores a draft and removes expired ones (cheap housekeeping on every upload). */
export async function createDraft<Package>(
  db: Db,
  input: { environmentId: string; createdBy: string; package: Package; ttlMs?: number },
): Promise<ConnectorDraft<Package>> {
  const now = new Date();
  const row: ConnectorDraftsTable = {
    id: newId('cdr'),
    environment_id: input.environmentId,
    created_by: input.createdBy,
    package: JSON.stringify(input.package),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + (input.ttlMs ?? DRAFT_TTL_MS)).toISOString(),
  };
  await drafts(db).deleteFrom('connector_drafts').where('expires_at', '<=', row.created_at).execute();
  await drafts(db).insertInto('connector_drafts').values(row).execute();
  return {
    id: row.id,
    environmentId: row.environment_id,
    createdBy: row.created_by,
    package: input.package,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A live draft of this environment made by this user; undefined when unknown, expired or someone else's. */
export async function getDraft<Package>(
  db: Db,
  id: string,
  scope: { environmentId: string; createdBy: string },
): Promise<ConnectorDraft<Package> | undefined> {
  const row = await drafts(db)
    .selectFrom('connector_drafts')
    .selectAll()
    .where('id', '=', id)
    .where('environment_id', '=', scope.environmentId)
    .where('created_by', '=', scope.createdBy)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    environmentId: row.environment_id,
    createdBy: row.created_by,
    package: parseJson<Package>(row.package),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Removes a draft once it became a connector. */
export async function deleteDraft(db: Db, id: string): Promise<void> {
  await drafts(db).deleteFrom('connector_drafts').where('id', '=', id).execute();
}

/** How many drafts exist (tests check that a failed create leaves no partial record behind). */
export async function countDrafts(db: Db): Promise<number> {
  const row = await drafts(db)
    .selectFrom('connector_drafts')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
