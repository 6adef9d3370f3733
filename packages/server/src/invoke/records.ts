/**
 * The database reads of the invoke path, done only when the runtime cache loads or revalidates an entry:
 * a connection with its connector, a connector version by id (immutable), and the cheap change stamp.
 */
import type { JsonObject } from '@portico/openapi';
import { DEFAULT_RATE_LIMIT, type GatewayConnector } from '../gateway/index.ts';
import type { Sealed } from '../store/sealed.ts';
import type { Db } from '../store/store.ts';

/** A connection and the connector fields the access rules and the gateway need (credentials still sealed). */
export interface ConnectionRecord {
  id: string;
  ownerId: string;
  environmentId: string;
  status: string;
  /** Non-secret parameters, with the `__portico` metadata. */
  parameters: Record<string, unknown>;
  credentials: Sealed | null;
  connector: {
    id: string;
    name: string;
    environmentId: string | null;
    builtIn: boolean;
    createdBy: string | null;
    currentVersionId: string | null;
  };
  /** Changes whenever the connection, its credentials or its connector's current version change. */
  stamp: string;
}

/** An immutable connector version, prepared once for the gateway. */
export interface VersionRecord {
  id: string;
  connectorName: string;
  connector: GatewayConnector;
  /** Calls per connection per window: `x-portico-rate-limit` of apiProperties, else 500 per 60 s. */
  rateLimit: { limit: number; windowMs: number };
}

function stampOf(row: {
  updated_at: string;
  status: string;
  credentials: string | null;
  current_version_id: string | null;
  connector_updated_at: string;
}): string {
  return [
    row.updated_at,
    row.status,
    row.current_version_id ?? '',
    row.connector_updated_at,
    row.credentials ?? '',
  ].join('\u0000');
}

function connectionQuery(db: Db, id: string) {
  return db
    .selectFrom('connections as c')
    .innerJoin('connectors as k', 'k.id', 'c.connector_id')
    .where('c.id', '=', id);
}

/** The connection with its connector, or undefined when it does not exist. */
export async function loadConnection(db: Db, id: string): Promise<ConnectionRecord | undefined> {
  const row = await connectionQuery(db, id)
    .select([
      'c.id',
      'c.owner_id',
      'c.environment_id',
      'c.status',
      'c.parameters',
      'c.credentials',
      'c.updated_at',
      'k.id as connector_id',
      'k.name as connector_name',
      'k.environment_id as connector_environment_id',
      'k.built_in',
      'k.created_by as connector_created_by',
      'k.current_version_id',
      'k.updated_at as connector_updated_at',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    ownerId: row.owner_id,
    environmentId: row.environment_id,
    status: row.status,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    credentials: row.credentials,
    connector: {
      id: row.connector_id,
      name: row.connector_name,
      environmentId: row.connector_environment_id,
      builtIn: Number(row.built_in) === 1,
      createdBy: row.connector_created_by,
      currentVersionId: row.current_version_id,
    },
    stamp: stampOf(row),
  };
}

/** The current change stamp of a connection (one indexed row), or undefined when it was deleted. */
export async function loadStamp(db: Db, id: string): Promise<string | undefined> {
  const row = await connectionQuery(db, id)
    .select([
      'c.updated_at',
      'c.status',
      'c.credentials',
      'k.current_version_id',
      'k.updated_at as connector_updated_at',
    ])
    .executeTakeFirst();
  return row && stampOf(row);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The per-connector limit from apiProperties `properties["x-portico-rate-limit"]` ({ calls, periodSeconds }). */
export function rateLimitOf(properties: unknown): { limit: number; windowMs: number } {
  const props = isObject(properties) && isObject(properties.properties) ? properties.properties : properties;
  const setting = isObject(props) ? props['x-portico-rate-limit'] : undefined;
  if (isObject(setting)) {
    const calls = Number(setting.calls);
    const seconds = Number(setting.periodSeconds ?? 60);
    if (Number.isInteger(calls) && calls > 0 && Number.isFinite(seconds) && seconds > 0) {
      return { limit: calls, windowMs: Math.round(seconds * 1000) };
    }
  }
  return { ...DEFAULT_RATE_LIMIT };
}

/** A connector version by id, parsed once (versions never change, so the result is cached for good). */
export async function loadVersion(
  db: Db,
  versionId: string,
  connectorName: string,
): Promise<VersionRecord | undefined> {
  const row = await db
    .selectFrom('connector_versions')
    .select(['id', 'definition', 'properties'])
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const definition = JSON.parse(row.definition) as JsonObject;
  const properties = JSON.parse(row.properties) as JsonObject;
  return {
    id: row.id,
    connectorName,
    connector: { name: connectorName, version: row.id, definition, properties },
    rateLimit: rateLimitOf(properties),
  };
}
