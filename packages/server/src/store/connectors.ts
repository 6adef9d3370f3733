/**
 * Connectors (custom per environment, or built-in for all), their immutable versions and their shares.
 * A connector's current version is what calls and downloads use; older versions stay and can be restored.
 */
import type { Sealed } from './sealed.ts';
import type { Db } from './store.ts';
import { bool, type Insert, insertUnique, newId, nowIso, parseJson } from './util.ts';

export interface Connector {
  id: string;
  /** Null for built-in connectors. */
  environmentId: string | null;
  name: string;
  displayName: string;
  builtIn: boolean;
  currentVersionId: string | null;
  sourceAppId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** A version as listed (no documents). */
export interface ConnectorVersionSummary {
  id: string;
  connectorId: string;
  version: number;
  sourceRevisionId: string | null;
  hasOAuthClientSecret: boolean;
  createdAt: string;
  createdBy: string | null;
}

/** A full version: the package documents, the report, and the sealed OAuth client secret. */
export interface ConnectorVersion<Report = unknown> extends ConnectorVersionSummary {
  definition: unknown;
  properties: unknown;
  settings: unknown | null;
  /** Base64 PNG, when the package had an icon. */
  icon: string | null;
  report: Report;
  oauthClientSecret: Sealed | null;
}

export interface NewConnectorVersion<Report = unknown> {
  definition: unknown;
  properties: unknown;
  settings?: unknown | null;
  icon?: string | null;
  report: Report;
  sourceRevisionId?: string | null;
  oauthClientSecret?: Sealed | null;
  createdBy: string | null;
}

export type SharePermission = 'use' | 'edit';

export interface ConnectorShare {
  connectorId: string;
  /** `environment` or `user:<id>`. */
  subject: string;
  userId: string | null;
  permission: SharePermission;
  createdAt: string;
}

interface ConnectorRow {
  id: string;
  environment_id: string | null;
  name: string;
  display_name: string;
  built_in: number;
  current_version_id: string | null;
  source_app_id: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

function toConnector(row: ConnectorRow): Connector {
  return {
    id: row.id,
    environmentId: row.environment_id,
    name: row.name,
    displayName: row.display_name,
    builtIn: bool(row.built_in),
    currentVersionId: row.current_version_id,
    sourceAppId: row.source_app_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

const VERSION_SUMMARY = [
  'id',
  'connector_id',
  'version',
  'source_revision_id',
  'oauth_client_secret',
  'created_at',
  'created_by',
] as const;

function toVersionSummary(row: {
  id: string;
  connector_id: string;
  version: number;
  source_revision_id: string | null;
  oauth_client_secret: Sealed | null;
  created_at: string;
  created_by: string | null;
}): ConnectorVersionSummary {
  return {
    id: row.id,
    connectorId: row.connector_id,
    version: Number(row.version),
    sourceRevisionId: row.source_revision_id,
    hasOAuthClientSecret: row.oauth_client_secret !== null,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * Creates a connector with its first version (run inside a transaction: two inserts and an update).
 * `environmentId: null` makes a built-in connector. `exists` when the name is taken in that scope.
 */
export async function createConnector<Report>(
  db: Db,
  input: {
    environmentId: string | null;
    name: string;
    displayName?: string;
    builtIn?: boolean;
    sourceAppId?: string | null;
    createdBy: string | null;
    version: NewConnectorVersion<Report>;
  },
): Promise<Insert<{ connector: Connector; version: ConnectorVersion<Report> }>> {
  const now = nowIso();
  const row: ConnectorRow = {
    id: newId('con'),
    environment_id: input.environmentId,
    name: input.name,
    display_name: input.displayName?.trim() || input.name,
    built_in: input.builtIn ? 1 : 0,
    current_version_id: null,
    source_app_id: input.sourceAppId ?? null,
    created_at: now,
    updated_at: now,
    created_by: input.createdBy,
  };
  return insertUnique(async () => {
    await db.insertInto('connectors').values(row).execute();
    const version = await addConnectorVersion(db, row.id, input.version);
    const connector = toConnector({ ...row, current_version_id: version.id, updated_at: version.createdAt });
    return { connector, version };
  });
}

/** Adds the next version of a connector and makes it current. */
export async function addConnectorVersion<Report>(
  db: Db,
  connectorId: string,
  input: NewConnectorVersion<Report>,
): Promise<ConnectorVersion<Report>> {
  const last = await db
    .selectFrom('connector_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('connector_id', '=', connectorId)
    .executeTakeFirst();
  const row = {
    id: newId('cv'),
    connector_id: connectorId,
    version: Number(last?.n ?? 0) + 1,
    definition: JSON.stringify(input.definition),
    properties: JSON.stringify(input.properties),
    settings: input.settings == null ? null : JSON.stringify(input.settings),
    icon: input.icon ?? null,
    report: JSON.stringify(input.report),
    source_revision_id: input.sourceRevisionId ?? null,
    oauth_client_secret: input.oauthClientSecret ?? null,
    created_at: nowIso(),
    created_by: input.createdBy,
  };
  await db.insertInto('connector_versions').values(row).execute();
  await setCurrentConnectorVersion(db, connectorId, row.id);
  return {
    ...toVersionSummary(row),
    definition: input.definition,
    properties: input.properties,
    settings: input.settings ?? null,
    icon: row.icon,
    report: input.report,
    oauthClientSecret: row.oauth_client_secret,
  };
}

/** Makes an existing version current (restore). */
export async function setCurrentConnectorVersion(db: Db, connectorId: string, versionId: string): Promise<void> {
  await db
    .updateTable('connectors')
    .set({ current_version_id: versionId, updated_at: nowIso() })
    .where('id', '=', connectorId)
    .execute();
}

/** A connector visible in an environment by name: the environment's own first, then a built-in one. */
export async function getConnector(db: Db, environmentId: string, name: string): Promise<Connector | undefined> {
  const rows = await db
    .selectFrom('connectors')
    .selectAll()
    .where('name', '=', name)
    .where((eb) => eb.or([eb('environment_id', '=', environmentId), eb('environment_id', 'is', null)]))
    .execute();
  const own = rows.find((r) => r.environment_id === environmentId) ?? rows[0];
  return own && toConnector(own);
}

/** A connector by id. */
export async function getConnectorById(db: Db, id: string): Promise<Connector | undefined> {
  const row = await db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toConnector(row);
}

/** A built-in connector by name. */
export async function getBuiltInConnector(db: Db, name: string): Promise<Connector | undefined> {
  const row = await db
    .selectFrom('connectors')
    .selectAll()
    .where('name', '=', name)
    .where('environment_id', 'is', null)
    .executeTakeFirst();
  return row && toConnector(row);
}

/** Connectors visible in an environment (its own and the built-in ones), by name. */
export async function listConnectors(db: Db, environmentId: string): Promise<Connector[]> {
  const rows = await db
    .selectFrom('connectors')
    .selectAll()
    .where((eb) => eb.or([eb('environment_id', '=', environmentId), eb('environment_id', 'is', null)]))
    .orderBy('name')
    .orderBy('built_in')
    .execute();
  return rows.map(toConnector);
}

/** A connector's versions without documents, newest first. */
export async function listConnectorVersions(db: Db, connectorId: string): Promise<ConnectorVersionSummary[]> {
  const rows = await db
    .selectFrom('connector_versions')
    .select(VERSION_SUMMARY)
    .where('connector_id', '=', connectorId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersionSummary);
}

/** One full version by number; the current one when number is omitted. */
export async function getConnectorVersion<Report = unknown>(
  db: Db,
  connectorId: string,
  version?: number,
): Promise<ConnectorVersion<Report> | undefined> {
  let query = db.selectFrom('connector_versions as v').selectAll('v').where('v.connector_id', '=', connectorId);
  query =
    version === undefined
      ? query.innerJoin('connectors as c', 'c.current_version_id', 'v.id')
      : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toVersionSummary(row),
    definition: parseJson(row.definition),
    properties: parseJson(row.properties),
    settings: row.settings === null ? null : parseJson(row.settings),
    icon: row.icon,
    report: parseJson<Report>(row.report),
    oauthClientSecret: row.oauth_client_secret,
  };
}

/** Renames the display name or relinks the source app. */
export async function updateConnector(
  db: Db,
  id: string,
  changes: { displayName?: string; sourceAppId?: string | null },
): Promise<void> {
  const set: Partial<ConnectorRow> = { updated_at: nowIso() };
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.sourceAppId !== undefined) set.source_app_id = changes.sourceAppId;
  await db.updateTable('connectors').set(set).where('id', '=', id).execute();
}

/** Deletes a connector with its versions, shares and (cascade) connections; false when it did not exist. */
export async function deleteConnector(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connectors').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Shares a connector with a user or the whole environment (replacing an earlier permission). */
export async function shareConnector(
  db: Db,
  connectorId: string,
  target: { userId: string } | 'environment',
  permission: SharePermission,
): Promise<ConnectorShare> {
  const userId = target === 'environment' ? null : target.userId;
  const subject = userId ? `user:${userId}` : 'environment';
  const row = { connector_id: connectorId, subject, user_id: userId, permission, created_at: nowIso() };
  await db
    .insertInto('connector_shares')
    .values(row)
    .onConflict((oc) => oc.columns(['connector_id', 'subject']).doUpdateSet({ permission }))
    .execute();
  return { connectorId, subject, userId, permission, createdAt: row.created_at };
}

/** Removes a share; false when there was none. */
export async function unshareConnector(
  db: Db,
  connectorId: string,
  target: { userId: string } | 'environment',
): Promise<boolean> {
  const subject = target === 'environment' ? 'environment' : `user:${target.userId}`;
  const result = await db
    .deleteFrom('connector_shares')
    .where('connector_id', '=', connectorId)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A connector's shares. */
export async function listConnectorShares(db: Db, connectorId: string): Promise<ConnectorShare[]> {
  const rows = await db
    .selectFrom('connector_shares')
    .selectAll()
    .where('connector_id', '=', connectorId)
    .orderBy('subject')
    .execute();
  return rows.map((r) => ({
    connectorId: r.connector_id,
    subject: r.subject,
    userId: r.user_id,
    permission: r.permission === 'edit' ? 'edit' : 'use',
    createdAt: r.created_at,
  }));
}

/** The strongest share that reaches a user (directly or through the environment), if any. */
export async function getSharePermission(
  db: Db,
  connectorId: string,
  userId: string,
): Promise<SharePermission | undefined> {
  const rows = await db
    .selectFrom('connector_shares')
    .select('permission')
    .where('connector_id', '=', connectorId)
    .where((eb) => eb.or([eb('subject', '=', 'environment'), eb('subject', '=', `user:${userId}`)]))
    .execute();
  if (rows.some((r) => r.permission === 'edit')) return 'edit';
  return rows.length > 0 ? 'use' : undefined;
}
