/**
 * Row types of every table, as Kysely sees them. Columns are dialect-neutral: ids and timestamps are text
 * (ISO 8601 UTC, so they sort), booleans are 0/1 integers, JSON documents are text, and secrets are
 * `Sealed` text produced by `secrets/` (never plaintext).
 */
import type { Sealed } from './sealed.ts';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_admin: number;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the session id in the cookie; the id itself is never stored. */
  id_hash: string;
  user_id: string;
  csrf_hash: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** The first characters of the token, shown in lists so users can tell tokens apart. */
  prefix: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EnvironmentsTable {
  id: string;
  name: string;
  display_name: string;
  created_at: string;
  created_by: string | null;
}

export interface EnvironmentRolesTable {
  environment_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface ApiAppsTable {
  id: string;
  name: string;
  display_name: string;
  base_url: string | null;
  source_kind: string;
  source_url: string | null;
  current_revision_id: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface AppRolesTable {
  app_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface RevisionsTable {
  id: string;
  app_id: string;
  number: number;
  content_hash: string;
  /** JSON: `{ "kind": "url", "url": … }` or `{ "kind": "upload", "filename": … }`. */
  source: string;
  media_type: string;
  text: string;
  /** JSON validation report from the OpenAPI core. */
  report: string;
  created_at: string;
  created_by: string | null;
}

export interface ConnectorsTable {
  id: string;
  /** Null for built-in connectors, which every environment sees. */
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

export interface ConnectorVersionsTable {
  id: string;
  connector_id: string;
  version: number;
  definition: string;
  properties: string;
  settings: string | null;
  icon: string | null;
  report: string;
  source_revision_id: string | null;
  oauth_client_secret: Sealed | null;
  created_at: string;
  created_by: string | null;
}

export interface ConnectorSharesTable {
  connector_id: string;
  /** `environment` (everyone in the connector's environment) or `user:<id>`. */
  subject: string;
  user_id: string | null;
  permission: string;
  created_at: string;
}

export interface ConnectionsTable {
  id: string;
  connector_id: string;
  environment_id: string;
  owner_id: string;
  display_name: string;
  status: string;
  status_message: string | null;
  /** JSON object of the non-secret connection parameters. */
  parameters: string;
  credentials: Sealed | null;
  created_at: string;
  updated_at: string;
  last_tested_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  outcome: string;
  resource_type: string;
  resource_id: string | null;
  /** JSON summary of the change, secrets removed. */
  summary: string;
  ip: string | null;
  user_agent: string | null;
}

export interface UsageTable {
  connection_id: string;
  operation_id: string;
  count: number;
  last_used_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  access_tokens: AccessTokensTable;
  environments: EnvironmentsTable;
  environment_roles: EnvironmentRolesTable;
  api_apps: ApiAppsTable;
  app_roles: AppRolesTable;
  revisions: RevisionsTable;
  connectors: ConnectorsTable;
  connector_versions: ConnectorVersionsTable;
  connector_shares: ConnectorSharesTable;
  connections: ConnectionsTable;
  audit_log: AuditLogTable;
  usage: UsageTable;
}
