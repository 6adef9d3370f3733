/**
 * Per-day usage buckets: how many calls each connection made to each operation on each UTC day, so "calls in
 * the last 30 days" (the impact of a source change) is counted exactly instead of from running totals.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the database as it was, not the current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage_daily')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('operation_id', 'text', (c) => c.notNull())
    // The UTC day of the calls, YYYY-MM-DD (sorts and compares as text).
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_daily_pk', ['connection_id', 'operation_id', 'day'])
    .execute();
  await db.schema.createIndex('usage_daily_day_idx').on('usage_daily').column('day').execute();
  // Calls counted before this migration have no day: they are put on the day of their last call.
  await sql`INSERT INTO usage_daily (connection_id, operation_id, day, count)
    SELECT connection_id, operation_id, substr(last_used_at, 1, 10), count FROM usage`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('usage_daily').execute();
}
