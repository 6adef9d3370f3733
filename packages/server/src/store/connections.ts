/** Connections: one user's credentials for one connector. Credentials are stored sealed, never in clear. */
import type { Sealed, StoredCredential } from './sealed.ts';
import type { Db } from './store.ts';
import { newId, nowIso, parseJson } from './util.ts';

/** `pending` (OAuth sign-in started, not finished) and `needs_reauthentication` (refresh refused) come from OAuth. */
export type ConnectionStatus = 'connected' | 'error' | 'unauthenticated' | 'pending' | 'needs_reauthentication';

const STATUSES: ReadonlySet<string> = new Set([
  'connected',
  'error',
  'unauthenticated',
  'pending',
  'needs_reauthentication',
]);

/** A connection as listed and returned by the API: no credentials. */
export interface Connection {
  id: string;
  connectorId: string;
  environmentId: string;
  ownerId: string;
  displayName: string;
  status: ConnectionStatus;
  statusMessage: string | null;
  /** Non-secret connection parameters (e.g. a host name); secret ones live only in the sealed credentials. */
  parameters: Record<string, unknown>;
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
  lastTestedAt: string | null;
}

/** A connection together with its sealed credentials, for the gateway and key rotation. */
export interface StoredConnection extends Connection {
  credentials: StoredCredential | null;
}

interface ConnectionRow {
  id: string;
  connector_id: string;
  environment_id: string;
  owner_id: string;
  display_name: string;
  status: string;
  status_message: string | null;
  parameters: string;
  credentials: Sealed | null;
  created_at: string;
  updated_at: string;
  last_tested_at: string | null;
}

function toStored(row: ConnectionRow): StoredConnection {
  const status = (STATUSES.has(row.status) ? row.status : 'unauthenticated') as ConnectionStatus;
  return {
    id: row.id,
    connectorId: row.connector_id,
    environmentId: row.environment_id,
    ownerId: row.owner_id,
    displayName: row.display_name,
    status,
    statusMessage: row.status_message,
    parameters: parseJson<Record<string, unknown>>(row.parameters),
    hasCredentials: row.credentials !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastTestedAt: row.last_tested_at,
    credentials: row.credentials,
  };
}

/** Drops the sealed credentials: what may leave the server. */
export function publicConnection(stored: StoredConnection): Connection {
  const { credentials: _omit, ...rest } = stored;
  return rest;
}

/** Creates a connection. */
export async function createConnection(
  db: Db,
  input: {
    connectorId: string;
    environmentId: string;
    ownerId: string;
    displayName: string;
    status?: ConnectionStatus;
    parameters?: Record<string, unknown>;
    credentials: StoredCredential | null;
  },
): Promise<StoredConnection> {
  const now = nowIso();
  const row: ConnectionRow = {
    id: newId('cn'),
    connector_id: input.connectorId,
    environment_id: input.environmentId,
    owner_id: input.ownerId,
    display_name: input.displayName,
    status: input.status ?? 'connected',
    status_message: null,
    parameters: JSON.stringify(input.parameters ?? {}),
    credentials: input.credentials,
    created_at: now,
    updated_at: now,
    last_tested_at: null,
  };
  await db.insertInto('connections').values(row).execute();
  return toStored(row);
}

/** A connection by id, with sealed credentials. */
export async function getConnection(db: Db, id: string): Promise<StoredConnection | undefined> {
  const row = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStored(row);
}

/** Connections in an environment, optionally of one owner or connector, newest first (no credentials). */
export async function listConnections(
  db: Db,
  filter: { environmentId: string; ownerId?: string; connectorId?: string },
): Promise<Connection[]> {
  let query = db.selectFrom('connections').selectAll().where('environment_id', '=', filter.environmentId);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.connectorId) query = query.where('connector_id', '=', filter.connectorId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => publicConnection(toStored(r)));
}

/** How many connections use a connector (deletion is refused while there are some, unless forced). */
export async function countConnectionsOfConnector(db: Db, connectorId: string): Promise<number> {
  const row = await db
    .selectFrom('connections')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('connector_id', '=', connectorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records the result of a connection test or a failed call. */
export async function setConnectionStatus(
  db: Db,
  id: string,
  status: ConnectionStatus,
  message: string | null,
  testedAt: string | null = nowIso(),
): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('connections')
    .set({ status, status_message: message, updated_at: now, ...(testedAt ? { last_tested_at: testedAt } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Replaces a connection's sealed credentials (re-authentication). */
export async function setConnectionCredentials(
  db: Db,
  id: string,
  credentials: StoredCredential | null,
): Promise<void> {
  await db.updateTable('connections').set({ credentials, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** Deletes a connection; false when it did not exist. */
export async function deleteConnection(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
