/** Personal access tokens: stored as SHA-256 hashes; listed without the secret. */
import type { Db } from './store.ts';
import { toUser, type User } from './users.ts';
import { newId, nowIso } from './util.ts';

export interface AccessToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewAccessToken {
  userId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  expiresAt: string | null;
}

const TOKEN_COLUMNS = [
  'id',
  'user_id',
  'name',
  'prefix',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

function toToken(row: {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}): AccessToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Stores a token's hash and metadata. */
export async function createAccessToken(db: Db, input: NewAccessToken): Promise<AccessToken> {
  const row = {
    id: newId('tok'),
    user_id: input.userId,
    name: input.name,
    prefix: input.prefix,
    token_hash: input.tokenHash,
    created_at: nowIso(),
    expires_at: input.expiresAt,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('access_tokens').values(row).execute();
  return toToken(row);
}

/** The token with this hash and its user (revoked and expired ones too: the caller says why it refuses). */
export async function findAccessTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<{ token: AccessToken; user: User } | undefined> {
  const row = await db
    .selectFrom('access_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as token_id',
      't.name',
      't.prefix',
      't.created_at as token_created_at',
      't.expires_at',
      't.last_used_at',
      't.revoked_at',
      'u.id',
      'u.email',
      'u.display_name',
      'u.is_admin',
      'u.created_at',
      'u.disabled_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    token: toToken({ ...row, id: row.token_id, user_id: row.id, created_at: row.token_created_at }),
    user: toUser(row),
  };
}

/** A user's tokens, newest first. */
export async function listAccessTokens(db: Db, userId: string): Promise<AccessToken[]> {
  const rows = await db
    .selectFrom('access_tokens')
    .select(TOKEN_COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toToken);
}

/** One of a user's tokens by id. */
export async function getAccessToken(db: Db, userId: string, id: string): Promise<AccessToken | undefined> {
  const row = await db
    .selectFrom('access_tokens')
    .select(TOKEN_COLUMNS)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toToken(row);
}

/** Revokes one of a user's tokens; false when there is no such (unrevoked) token. */
export async function revokeAccessToken(db: Db, userId: string, id: string, at: string = nowIso()): Promise<boolean> {
  const result = await db
    .updateTable('access_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records that a token was used (callers throttle this to avoid a write per request). */
export async function touchAccessToken(db: Db, id: string, at: string = nowIso()): Promise<void> {
  await db.updateTable('access_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
