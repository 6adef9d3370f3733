/**
 * The one list of migrations, shared by SQLite and PostgreSQL. Add a migration by adding a file
 * `NNNN_what.ts` with `up`/`down` written with Kysely's schema builder and listing it here; never edit
 * one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.ts';
import * as appSettings from './0002_app_settings.ts';
import * as connectorDrafts from './0003_connector_drafts.ts';
import * as oauth from './0004_oauth.ts';
import * as changes from './0005_changes.ts';
import * as rateLimits from './0006_rate_limits.ts';
import * as usageDaily from './0007_usage_daily.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_app_settings': appSettings,
  '0003_connector_drafts': connectorDrafts,
  '0004_oauth': oauth,
  '0005_changes': changes,
  '0006_rate_limits': rateLimits,
  '0007_usage_daily': usageDaily,
};

/** An in-code migration provider (no file system scanning, so it works from any working directory). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
