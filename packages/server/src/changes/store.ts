/**
 * Repository of the change-tracking tables (migration 0005): refresh schedules and webhook tokens of API apps,
 * stored revision diffs, the source bases of connector versions, and per-connector update settings.
 */
import type { Change, DiffSummary } from '@portico/openapi';
import type { Db } from '../store/store.ts';
import { bool, parseJson } from '../store/util.ts';
import type { OverlayOp, SourceDocuments } from './overlay.ts';

interface AppRefreshTable {
  app_id: string;
  enabled: number;
  interval_seconds: number;
  next_check_at: string;
  last_check_at: string | null;
  last_outcome: string | null;
  hook_token_hash: string | null;
  hook_token_prefix: string | null;
  hook_token_created_at: string | null;
  hook_token_created_by: string | null;
}

interface RevisionDiffsTable {
  revision_id: string;
  previous_revision_id: string | null;
  summary: string;
  changes: string;
  compared_as: string;
  created_at: string;
}

interface ConnectorBasesTable {
  version_id: string;
  connector_id: string;
  revision_id: string;
  base: string;
  overlay: string;
  created_at: string;
}

interface ConnectorUpdateSettingsTable {
  connector_id: string;
  auto_update: number;
  updated_at: string;
}

type Tables = {
  app_refresh: AppRefreshTable;
  revision_diffs: RevisionDiffsTable;
  connector_bases: ConnectorBasesTable;
  connector_update_settings: ConnectorUpdateSettingsTable;
};

function typed(db: Db) {
  return db.withTables<Tables>();
}

/** The default time between two scheduled fetches of a definition URL: one hour. */
export const DEFAULT_INTERVAL_SECONDS = 3600;

/** An app's refresh schedule and webhook token (never the token itself). */
export interface RefreshSchedule {
  appId: string;
  enabled: boolean;
  intervalSeconds: number;
  nextCheckAt: string;
  lastCheckAt: string | null;
  lastOutcome: string | null;
  hookToken: { prefix: string; createdAt: string; createdBy: string | null } | null;
  /** For verification only; never returned by the API. */
  hookTokenHash: string | null;
}

function toSchedule(row: AppRefreshTable): RefreshSchedule {
  return {
    appId: row.app_id,
    enabled: bool(row.enabled),
    intervalSeconds: Number(row.interval_seconds),
    nextCheckAt: row.next_check_at,
    lastCheckAt: row.last_check_at,
    lastOutcome: row.last_outcome,
    hookToken:
      row.hook_token_prefix && row.hook_token_created_at
        ? { prefix: row.hook_token_prefix, createdAt: row.hook_token_created_at, createdBy: row.hook_token_created_by }
        : null,
    hookTokenHash: row.hook_token_hash,
  };
}

/** An app's schedule, if one was stored. */
export async function getSchedule(db: Db, appId: string): Promise<RefreshSchedule | undefined> {
  const row = await typed(db).selectFrom('app_refresh').selectAll().where('app_id', '=', appId).executeTakeFirst();
  return row && toSchedule(row);
}

/** Stores a schedule for the app unless it has one (several nodes may do this at once). */
export async function ensureSchedule(db: Db, appId: string, nextCheckAt: string): Promise<RefreshSchedule> {
  await typed(db)
    .insertInto('app_refresh')
    .values({
      app_id: appId,
      enabled: 1,
      interval_seconds: DEFAULT_INTERVAL_SECONDS,
      next_check_at: nextCheckAt,
      last_check_at: null,
      last_outcome: null,
      hook_token_hash: null,
      hook_token_prefix: null,
      hook_token_created_at: null,
      hook_token_created_by: null,
    })
    .onConflict((oc) => oc.column('app_id').doNothing())
    .execute();
  return (await getSchedule(db, appId))!;
}

/** Ids of URL-sourced apps that have no schedule row yet. */
export async function appsWithoutSchedule(db: Db): Promise<string[]> {
  const rows = await typed(db)
    .selectFrom('api_apps as a')
    .leftJoin('app_refresh as r', 'r.app_id', 'a.id')
    .select('a.id')
    .where('a.source_kind', '=', 'url')
    .where('r.app_id', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Enabled schedules of URL-sourced apps due at `now`, oldest first. */
export async function dueSchedules(db: Db, now: string, limit: number): Promise<RefreshSchedule[]> {
  const rows = await typed(db)
    .selectFrom('app_refresh as r')
    .innerJoin('api_apps as a', 'a.id', 'r.app_id')
    .selectAll('r')
    .where('a.source_kind', '=', 'url')
    .where('r.enabled', '=', 1)
    .where('r.next_check_at', '<=', now)
    .orderBy('r.next_check_at')
    .limit(limit)
    .execute();
  return rows.map(toSchedule);
}

/**
 * Claims a due app for this node: moves `next_check_at` from the value it read to the next time, only if no
 * other node moved it first (compare-and-swap). True when this node won and should fetch.
 */
export async function claimSchedule(db: Db, appId: string, seen: string, next: string): Promise<boolean> {
  const result = await typed(db)
    .updateTable('app_refresh')
    .set({ next_check_at: next })
    .where('app_id', '=', appId)
    .where('next_check_at', '=', seen)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the outcome of a check (scheduled, on demand or by webhook). */
export async function recordCheck(db: Db, appId: string, at: string, outcome: string): Promise<void> {
  await typed(db)
    .updateTable('app_refresh')
    .set({ last_check_at: at, last_outcome: outcome.slice(0, 1000) })
    .where('app_id', '=', appId)
    .execute();
}

/** Changes the interval or enabled flag; the next check moves to `nextCheckAt`. */
export async function updateSchedule(
  db: Db,
  appId: string,
  changes: { enabled?: boolean; intervalSeconds?: number; nextCheckAt: string },
): Promise<void> {
  await typed(db)
    .updateTable('app_refresh')
    .set({
      next_check_at: changes.nextCheckAt,
      ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
      ...(changes.intervalSeconds !== undefined ? { interval_seconds: changes.intervalSeconds } : {}),
    })
    .where('app_id', '=', appId)
    .execute();
}

/** Stores (replacing any earlier one) or removes the hash of the app's webhook token. */
export async function setHookToken(
  db: Db,
  appId: string,
  token: { hash: string; prefix: string; createdAt: string; createdBy: string } | null,
): Promise<void> {
  await typed(db)
    .updateTable('app_refresh')
    .set({
      hook_token_hash: token?.hash ?? null,
      hook_token_prefix: token?.prefix ?? null,
      hook_token_created_at: token?.createdAt ?? null,
      hook_token_created_by: token?.createdBy ?? null,
    })
    .where('app_id', '=', appId)
    .execute();
}

/** A revision's stored diff against the previous revision. */
export interface StoredRevisionDiff {
  revisionId: string;
  previousRevisionId: string | null;
  summary: DiffSummary;
  changes: Change[];
  comparedAs: string;
  createdAt: string;
}

/** The stored diff of a revision, if any. */
export async function getRevisionDiff(db: Db, revisionId: string): Promise<StoredRevisionDiff | undefined> {
  const row = await typed(db)
    .selectFrom('revision_diffs')
    .selectAll()
    .where('revision_id', '=', revisionId)
    .executeTakeFirst();
  return (
    row && {
      revisionId: row.revision_id,
      previousRevisionId: row.previous_revision_id,
      summary: parseJson<DiffSummary>(row.summary),
      changes: parseJson<Change[]>(row.changes),
      comparedAs: row.compared_as,
      createdAt: row.created_at,
    }
  );
}

/** Stores a revision's diff (a second writer of the same diff changes nothing). */
export async function saveRevisionDiff(db: Db, diff: StoredRevisionDiff): Promise<void> {
  await typed(db)
    .insertInto('revision_diffs')
    .values({
      revision_id: diff.revisionId,
      previous_revision_id: diff.previousRevisionId,
      summary: JSON.stringify(diff.summary),
      changes: JSON.stringify(diff.changes),
      compared_as: diff.comparedAs,
      created_at: diff.createdAt,
    })
    .onConflict((oc) => oc.column('revision_id').doNothing())
    .execute();
}

/** The source package a connector version was merged from, with the overlay applied on it. */
export interface ConnectorBase {
  versionId: string;
  connectorId: string;
  revisionId: string;
  base: SourceDocuments;
  overlay: OverlayOp[];
  createdAt: string;
}

/** The stored base of a connector version, if it was made by a source update. */
export async function getConnectorBase(db: Db, versionId: string): Promise<ConnectorBase | undefined> {
  const row = await typed(db)
    .selectFrom('connector_bases')
    .selectAll()
    .where('version_id', '=', versionId)
    .executeTakeFirst();
  return (
    row && {
      versionId: row.version_id,
      connectorId: row.connector_id,
      revisionId: row.revision_id,
      base: parseJson<SourceDocuments>(row.base),
      overlay: parseJson<OverlayOp[]>(row.overlay),
      createdAt: row.created_at,
    }
  );
}

/** Stores the base and overlay of a new connector version. */
export async function saveConnectorBase(db: Db, base: ConnectorBase): Promise<void> {
  await typed(db)
    .insertInto('connector_bases')
    .values({
      version_id: base.versionId,
      connector_id: base.connectorId,
      revision_id: base.revisionId,
      base: JSON.stringify(base.base),
      overlay: JSON.stringify(base.overlay),
      created_at: base.createdAt,
    })
    .execute();
}

/** Whether non-breaking source updates apply automatically to the connector (default no). */
export async function getAutoUpdate(db: Db, connectorId: string): Promise<boolean> {
  const row = await typed(db)
    .selectFrom('connector_update_settings')
    .select('auto_update')
    .where('connector_id', '=', connectorId)
    .executeTakeFirst();
  return bool(row?.auto_update);
}

/** Sets the connector's automatic-update setting. */
export async function setAutoUpdate(db: Db, connectorId: string, autoUpdate: boolean, at: string): Promise<void> {
  const value = autoUpdate ? 1 : 0;
  await typed(db)
    .insertInto('connector_update_settings')
    .values({ connector_id: connectorId, auto_update: value, updated_at: at })
    .onConflict((oc) => oc.column('connector_id').doUpdateSet({ auto_update: value, updated_at: at }))
    .execute();
}

/** Ids of the custom connectors linked to an app. */
export async function connectorsLinkedTo(db: Db, appId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('connectors')
    .select('id')
    .where('source_app_id', '=', appId)
    .where('built_in', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}
