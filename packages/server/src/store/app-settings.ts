/**
 * Per-app settings of the API side that `api_apps` has no column for: the CORS origins of the hosted
 * definition and what Portico remembers of the last fetch of the definition URL (ETag, Last-Modified, error).
 */
import type { Db } from './store.ts';
import { nowIso, parseJson } from './util.ts';

interface AppSettingsTable {
  app_id: string;
  cors_origins: string | null;
  source_etag: string | null;
  source_last_modified: string | null;
  fetched_at: string | null;
  fetch_error: string | null;
}

export interface AppSettings {
  /** Origins allowed to read the hosted definition; null = the server default (PORTICO_DEFINITION_CORS). */
  corsOrigins: string[] | null;
  sourceEtag: string | null;
  sourceLastModified: string | null;
  /** When the definition URL was last fetched (successfully or not). */
  fetchedAt: string | null;
  /** Why the last fetch failed; null after a successful one. */
  fetchError: string | null;
}

const EMPTY: AppSettings = {
  corsOrigins: null,
  sourceEtag: null,
  sourceLastModified: null,
  fetchedAt: null,
  fetchError: null,
};

function typed(db: Db) {
  return db.withTables<{ app_settings: AppSettingsTable }>();
}

function toSettings(row: AppSettingsTable): AppSettings {
  return {
    corsOrigins: row.cors_origins === null ? null : parseJson<string[]>(row.cors_origins),
    sourceEtag: row.source_etag,
    sourceLastModified: row.source_last_modified,
    fetchedAt: row.fetched_at,
    fetchError: row.fetch_error,
  };
}

/** An app's settings (defaults when none were stored yet). */
export async function getAppSettings(db: Db, appId: string): Promise<AppSettings> {
  const row = await typed(db).selectFrom('app_settings').selectAll().where('app_id', '=', appId).executeTakeFirst();
  return row ? toSettings(row) : { ...EMPTY };
}

/** Settings of many apps at once, by app id (for lists). */
export async function getAppSettingsMany(db: Db, appIds: readonly string[]): Promise<Map<string, AppSettings>> {
  const out = new Map<string, AppSettings>();
  if (appIds.length === 0) return out;
  const rows = await typed(db).selectFrom('app_settings').selectAll().where('app_id', 'in', appIds).execute();
  for (const row of rows) out.set(row.app_id, toSettings(row));
  return out;
}

/** Changes some settings of an app; fields left undefined stay as they are. */
export async function updateAppSettings(db: Db, appId: string, changes: Partial<AppSettings>): Promise<AppSettings> {
  const current = await getAppSettings(db, appId);
  const next: AppSettings = { ...current };
  for (const key of Object.keys(changes) as Array<keyof AppSettings>) {
    if (changes[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = changes[key];
  }
  const row: AppSettingsTable = {
    app_id: appId,
    cors_origins: next.corsOrigins === null ? null : JSON.stringify(next.corsOrigins),
    source_etag: next.sourceEtag,
    source_last_modified: next.sourceLastModified,
    fetched_at: next.fetchedAt,
    fetch_error: next.fetchError,
  };
  const { app_id: _id, ...set } = row;
  await typed(db)
    .insertInto('app_settings')
    .values(row)
    .onConflict((oc) => oc.column('app_id').doUpdateSet(set))
    .execute();
  return next;
}

/** Records the outcome of a fetch of the definition URL. */
export async function recordFetch(
  db: Db,
  appId: string,
  outcome: { etag?: string | null; lastModified?: string | null; error?: string | null },
): Promise<AppSettings> {
  return updateAppSettings(db, appId, {
    fetchedAt: nowIso(),
    fetchError: outcome.error ?? null,
    ...(outcome.etag !== undefined ? { sourceEtag: outcome.etag } : {}),
    ...(outcome.lastModified !== undefined ? { sourceLastModified: outcome.lastModified } : {}),
  });
}
