/** Portal sessions. Only SHA-256 hashes of the session id and CSRF token are stored. */
import type { Db } from './store.ts';
import { toUser, type User } from './users.ts';
import { nowIso } from './util.ts';

export interface NewSession {
  idHash: string;
  userId: string;
  csrfHash: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionRecord {
  idHash: string;
  csrfHash: string;
  createdAt: string;
  expiresAt: string;
  user: User;
}

/** Stores a new session. */
export async function createSession(db: Db, input: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: input.idHash,
      user_id: input.userId,
      csrf_hash: input.csrfHash,
      created_at: nowIso(),
      expires_at: input.expiresAt,
      ip: input.ip,
      user_agent: input.userAgent,
    })
    .execute();
}

/** The session with this id hash and its user, expired or not (the caller decides). */
export async function findSession(db: Db, idHash: string): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash',
      's.csrf_hash',
      's.created_at as session_created_at',
      's.expires_at',
      'u.id',
      'u.email',
      'u.display_name',
      'u.is_admin',
      'u.created_at',
      'u.disabled_at',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    csrfHash: row.csrf_hash,
    createdAt: row.session_created_at,
    expiresAt: row.expires_at,
    user: toUser(row),
  };
}

/** Ends a session (sign-out). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Removes sessions that expired before `now`; returns how many. */
export async function deleteExpiredSessions(db: Db, now: string = nowIso()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
