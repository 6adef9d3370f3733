/**
 * The API side's own tables: app settings kept beside `api_apps` (CORS origins of the hosted definition, the
 * source's fetch state) and the small per-revision summary lists show (so they never parse whole reports).
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the database as it was, not the current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_settings')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('api_apps.id').onDelete('cascade'))
    // JSON array of origins allowed to read the hosted definition; NULL = the server default.
    .addColumn('cors_origins', 'text')
    .addColumn('source_etag', 'text')
    .addColumn('source_last_modified', 'text')
    .addColumn('fetched_at', 'text')
    .addColumn('fetch_error', 'text')
    .execute();
  await db.schema
    .createTable('revision_stats')
    .addColumn('revision_id', 'text', (c) => c.primaryKey().references('revisions.id').onDelete('cascade'))
    // JSON: { version, title, operations, openapi: { errors, warnings }, powerplatform: { errors, warnings } }
    .addColumn('stats', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revision_stats').execute();
  await db.schema.dropTable('app_settings').execute();
}
