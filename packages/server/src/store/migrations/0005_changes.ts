/**
 * Tables of issue 6 (when the API changes): the refresh schedule and webhook token of each API app, the diff
 * each revision makes against the previous one, and per connector version the source package it was merged
 * from with the maker's overlay; per connector, whether non-breaking updates apply automatically.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the database as it was, not the current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_refresh')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('api_apps.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    // ISO time of the next scheduled fetch; schedulers claim an app by compare-and-swap on this value.
    .addColumn('next_check_at', 'text', (c) => c.notNull())
    .addColumn('last_check_at', 'text')
    .addColumn('last_outcome', 'text')
    // SHA-256 hex of the webhook token (the token itself is shown once and never stored).
    .addColumn('hook_token_hash', 'text')
    .addColumn('hook_token_prefix', 'text')
    .addColumn('hook_token_created_at', 'text')
    .addColumn('hook_token_created_by', 'text')
    .execute();
  await db.schema.createIndex('app_refresh_due_idx').on('app_refresh').column('next_check_at').execute();

  await db.schema
    .createTable('revision_diffs')
    .addColumn('revision_id', 'text', (c) => c.primaryKey().references('revisions.id').onDelete('cascade'))
    .addColumn('previous_revision_id', 'text')
    // JSON: { breaking, nonBreaking, unknown }
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON: the changes of @portico/openapi's diffDefinitions, breaking first
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('compared_as', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('connector_bases')
    .addColumn('version_id', 'text', (c) => c.primaryKey().references('connector_versions.id').onDelete('cascade'))
    .addColumn('connector_id', 'text', (c) => c.notNull().references('connectors.id').onDelete('cascade'))
    .addColumn('revision_id', 'text', (c) => c.notNull())
    // The package exported from that revision, before the maker's overlay: JSON { definition, properties }
    .addColumn('base', 'text', (c) => c.notNull())
    // JSON: the overlay (patch operations) applied on top of it
    .addColumn('overlay', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('connector_update_settings')
    .addColumn('connector_id', 'text', (c) => c.primaryKey().references('connectors.id').onDelete('cascade'))
    .addColumn('auto_update', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['connector_update_settings', 'connector_bases', 'revision_diffs', 'app_refresh']) {
    await db.schema.dropTable(table).execute();
  }
}
