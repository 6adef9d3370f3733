/** Small helpers shared by the repositories: ids, timestamps, JSON columns, constraint errors. */
import { randomBytes } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `usr_3kq…` (prefix tells a reader what the id is). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** The current time as stored: ISO 8601 UTC with milliseconds (sorts as text). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** 0/1 column → boolean. */
export function bool(value: number | boolean | null | undefined): boolean {
  return value === 1 || value === true;
}

/** Parses a JSON text column (written by this code, so failure is a bug). */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** True when `err` is a UNIQUE or PRIMARY KEY violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` is a FOREIGN KEY violation, on SQLite or PostgreSQL. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Result of inserting a row whose natural key must be unique. */
export type Insert<T> = { ok: true; value: T } | { ok: false; reason: 'exists' };

/** Runs an insert; a uniqueness violation becomes `{ ok: false, reason: 'exists' }`, other errors propagate. */
export async function insertUnique<T>(run: () => Promise<T>): Promise<Insert<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: 'exists' };
    throw err;
  }
}
