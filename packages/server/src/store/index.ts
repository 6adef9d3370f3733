/** The store: opening the database, migrations, and one repository module per aggregate. */
export * from './apps.ts';
export * from './audit.ts';
export * from './connections.ts';
export * from './connectors.ts';
export * from './environments.ts';
export * from './revisions.ts';
export type { Database } from './schema.ts';
export * from './sealed.ts';
export * from './sealed-records.ts';
export * from './sessions.ts';
export * from './store.ts';
export * from './tokens.ts';
export * from './usage.ts';
export * from './users.ts';
export * from './util.ts';
