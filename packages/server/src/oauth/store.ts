/**
 * The OAuth tables of migration 0004: pending authorization requests (`oauth_states`) and each connection's
 * sealed tokens (`oauth_tokens`). Tokens are only ever written sealed; `generation` makes writes a
 * compare-and-swap so a refresh never overwrites tokens another process stored meanwhile.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Sealed } from '../store/sealed.ts';
import type { Db } from '../store/store.ts';
import { nowIso } from '../store/util.ts';

interface OAuthStatesTable {
  state_hash: string;
  connection_id: string;
  user_id: string;
  connector_name: string;
  redirect_uri: string;
  /** The PKCE code verifier, sealed (context `oauth-state:{state_hash}`). */
  verifier: Sealed;
  return_to: string | null;
  created_at: string;
  expires_at: string;
}

interface OAuthTokensTable {
  connection_id: string;
  grant_type: string;
  /** Sealed JSON of `TokenSet` (context `oauth-tokens:{connection_id}`). */
  tokens: Sealed;
  expires_at: string | null;
  generation: number;
  updated_at: string;
}

interface OAuthTables {
  oauth_states: OAuthStatesTable;
  oauth_tokens: OAuthTokensTable;
}

/** The OAuth tables are not part of F's `Database` type; this view of the same connection adds them. */
function tables(db: Db): Kysely<OAuthTables> | Transaction<OAuthTables> {
  return db as unknown as Kysely<OAuthTables>;
}

/** A pending authorization request, found by the hash of its `state`. */
export interface PendingAuthorization {
  stateHash: string;
  connectionId: string;
  userId: string;
  connectorName: string;
  redirectUri: string;
  verifier: Sealed;
  returnTo: string | null;
  expiresAt: string;
}

/** Stores a pending authorization request and drops the connection's older ones (one flow at a time). */
export async function savePendingAuthorization(db: Db, pending: PendingAuthorization): Promise<void> {
  const t = tables(db);
  await t.deleteFrom('oauth_states').where('connection_id', '=', pending.connectionId).execute();
  await t.deleteFrom('oauth_states').where('expires_at', '<', nowIso()).execute();
  await t
    .insertInto('oauth_states')
    .values({
      state_hash: pending.stateHash,
      connection_id: pending.connectionId,
      user_id: pending.userId,
      connector_name: pending.connectorName,
      redirect_uri: pending.redirectUri,
      verifier: pending.verifier,
      return_to: pending.returnTo,
      created_at: nowIso(),
      expires_at: pending.expiresAt,
    })
    .execute();
}

/** Removes and returns the pending request of a state hash: a state can be used once, even when it fails. */
export async function takePendingAuthorization(db: Db, stateHash: string): Promise<PendingAuthorization | undefined> {
  const row = await tables(db)
    .deleteFrom('oauth_states')
    .where('state_hash', '=', stateHash)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    stateHash: row.state_hash,
    connectionId: row.connection_id,
    userId: row.user_id,
    connectorName: row.connector_name,
    redirectUri: row.redirect_uri,
    verifier: row.verifier,
    returnTo: row.return_to,
    expiresAt: row.expires_at,
  };
}

/** A connection's stored tokens: sealed, with their expiry and generation in clear. */
export interface StoredTokens {
  connectionId: string;
  grantType: string;
  tokens: Sealed;
  /** ISO time the access token expires; null when the provider did not say. */
  expiresAt: string | null;
  generation: number;
}

/** The stored tokens of a connection, if any. */
export async function getStoredTokens(db: Db, connectionId: string): Promise<StoredTokens | undefined> {
  const row = await tables(db)
    .selectFrom('oauth_tokens')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return row
    ? {
        connectionId: row.connection_id,
        grantType: row.grant_type,
        tokens: row.tokens,
        expiresAt: row.expires_at,
        generation: Number(row.generation),
      }
    : undefined;
}

/** Stores the first tokens of a connection (or replaces them after a new sign-in); returns the generation. */
export async function putTokens(
  db: Db,
  input: { connectionId: string; grantType: string; tokens: Sealed; expiresAt: string | null },
): Promise<number> {
  const t = tables(db);
  const existing = await getStoredTokens(db, input.connectionId);
  const generation = (existing?.generation ?? 0) + 1;
  const values = {
    grant_type: input.grantType,
    tokens: input.tokens,
    expires_at: input.expiresAt,
    generation,
    updated_at: nowIso(),
  };
  if (existing)
    await t.updateTable('oauth_tokens').set(values).where('connection_id', '=', input.connectionId).execute();
  else
    await t
      .insertInto('oauth_tokens')
      .values({ connection_id: input.connectionId, ...values })
      .execute();
  return generation;
}

/** Replaces tokens if they are still at `generation` (compare-and-swap); false when another writer came first. */
export async function swapTokens(
  db: Db,
  input: { connectionId: string; generation: number; tokens: Sealed; expiresAt: string | null },
): Promise<boolean> {
  const result = await tables(db)
    .updateTable('oauth_tokens')
    .set({ tokens: input.tokens, expires_at: input.expiresAt, generation: input.generation + 1, updated_at: nowIso() })
    .where('connection_id', '=', input.connectionId)
    .where('generation', '=', input.generation)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Forgets a connection's tokens (a failed refresh: the refresh token is no longer any good). */
export async function deleteTokens(db: Db, connectionId: string): Promise<void> {
  await tables(db).deleteFrom('oauth_tokens').where('connection_id', '=', connectionId).execute();
}
