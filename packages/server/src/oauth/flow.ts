/**
 * The authorization-code flow with PKCE (S256): `startAuthorization` stores a single-use, expiring `state`
 * (hashed, bound to the user and the connection, with the sealed code verifier) and returns the provider URL;
 * `completeAuthorization` takes the provider's answer at `/redirect[/{connector}]`, exchanges the code and
 * stores the tokens sealed. Client-credentials connections get their token at once with `connectClientCredentials`.
 */
import { recordSystemAudit } from '../audit/record.ts';
import { fail } from '../errors.ts';
import { setConnectionStatus } from '../store/connections.ts';
import type { Db } from '../store/store.ts';
import { getUser } from '../store/users.ts';
import { loadOAuthContext, type OAuthContext, type OAuthDeps, redact } from './context.ts';
import { codeChallenge, hashState, randomToken } from './pkce.ts';
import { fillTemplate } from './settings.ts';
import { savePendingAuthorization, takePendingAuthorization } from './store.ts';
import { clientCredentials, describeTokenFailure, exchangeCode } from './token-client.ts';
import { storeNewTokens } from './tokens.ts';

/** How long a started sign-in may take. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** Builds the provider's authorization URL for a state and code challenge. */
export function authorizationUrlFor(ctx: OAuthContext, state: string, challenge: string): string {
  const s = ctx.settings;
  const url = new URL(s.authorizationUrl);
  if (s.authorizationQueryTemplate) {
    const filled = fillTemplate(
      s.authorizationQueryTemplate,
      { ...s.values, state },
      {
        encode: true,
        where: 'authorization query template',
      },
    );
    const [pathPart, query = ''] = filled.startsWith('?') ? ['', filled.slice(1)] : filled.split('?', 2);
    if (pathPart) url.pathname = `${url.pathname.replace(/\/+$/, '')}${pathPart.startsWith('/') ? '' : '/'}${pathPart}`;
    for (const [k, v] of new URLSearchParams(query)) url.searchParams.set(k, v);
  }
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: ctx.redirectUri,
    ...(s.scopes.length > 0 ? { scope: s.scopes.join(s.scopeDelimiter) } : {}),
    ...s.authorizationParams,
  };
  // Templates decide these when they set them (some providers want a fixed redirect); state and PKCE are ours.
  for (const [k, v] of Object.entries(params)) if (!url.searchParams.has(k)) url.searchParams.set(k, v);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** Starts a sign-in for a connection: stores the pending request and returns where to send the user. */
export async function startAuthorization(
  db: Db,
  deps: OAuthDeps,
  input: { ctx: OAuthContext; userId: string; returnTo?: string; now?: number },
): Promise<string> {
  const state = randomToken();
  const verifier = randomToken();
  const stateHash = hashState(state);
  const now = input.now ?? Date.now();
  const url = authorizationUrlFor(input.ctx, state, codeChallenge(verifier));
  await savePendingAuthorization(db, {
    stateHash,
    connectionId: input.ctx.connection.id,
    userId: input.userId,
    connectorName: input.ctx.connector.name,
    redirectUri: input.ctx.redirectUri,
    verifier: deps.keyring.encrypt(verifier, { context: `oauth-state:${stateHash}` }),
    returnTo: input.returnTo ?? null,
    expiresAt: new Date(now + STATE_TTL_MS).toISOString(),
  });
  return url;
}

/** What the redirect endpoint shows (or where it sends the browser). */
export interface AuthorizationOutcome {
  ok: boolean;
  /** One sentence for the user, never a code, token or secret. */
  message: string;
  connectionId?: string;
  /** A portal path to redirect to instead of the page. */
  returnTo?: string;
}

/** The provider's answer at the redirect URL. */
export interface RedirectQuery {
  state?: string;
  code?: string;
  error?: string;
  error_description?: string;
}

/** Completes a sign-in: checks the state, exchanges the code, stores the tokens and marks the connection. */
export async function completeAuthorization(
  deps: OAuthDeps,
  input: { query: RedirectQuery; connectorName?: string; sessionUserId?: string; now?: number },
): Promise<AuthorizationOutcome> {
  const { query } = input;
  if (!query.state) {
    return { ok: false, message: 'The sign-in answer has no state; start the connection again from Portico.' };
  }
  const pending = await takePendingAuthorization(deps.store.db, hashState(query.state));
  const now = input.now ?? Date.now();
  if (!pending || Date.parse(pending.expiresAt) < now) {
    return {
      ok: false,
      message: 'This sign-in has expired or was already used; start it again from the connection in Portico.',
    };
  }
  const base = { connectionId: pending.connectionId, ...(pending.returnTo ? { returnTo: pending.returnTo } : {}) };
  if (input.connectorName !== undefined && input.connectorName !== pending.connectorName) {
    return {
      ...base,
      ok: false,
      message: "This sign-in came back to another connector's redirect URL; start it again.",
    };
  }
  if (input.sessionUserId !== undefined && input.sessionUserId !== pending.userId) {
    return {
      ...base,
      ok: false,
      message: 'This sign-in was started by another Portico user; sign in as that user or start again.',
    };
  }
  const ctx = await loadOAuthContext(deps.store.db, deps, pending.connectionId);
  if (!ctx) return { ok: false, message: 'The connection of this sign-in no longer exists.' };
  if (query.error || !query.code) {
    const description = query.error_description ? ` (${query.error_description.slice(0, 300)})` : '';
    const message = redact(
      query.error ? `The provider refused the sign-in: ${query.error}${description}.` : 'The provider sent no code.',
      ctx.secrets,
    );
    await markOutcome(deps, ctx, pending.userId, false, message);
    return { ...base, ok: false, message };
  }
  const verifier = deps.keyring.decrypt(pending.verifier, { context: `oauth-state:${pending.stateHash}` });
  const result = await exchangeCode(
    ctx.settings,
    { code: query.code, verifier, redirectUri: pending.redirectUri, state: query.state },
    deps,
  );
  if (!result.ok) {
    const message = redact(describeTokenFailure(result), [...ctx.secrets, query.code, verifier]);
    await markOutcome(deps, ctx, pending.userId, false, message);
    return { ...base, ok: false, message };
  }
  await deps.store.transaction(async (trx) => {
    await storeNewTokens(trx, deps.keyring, {
      connectionId: ctx.connection.id,
      grantType: 'authorization_code',
      tokens: result.tokens,
      now,
    });
    await setConnectionStatus(trx, ctx.connection.id, 'connected', null, null);
    await auditAuthorization(trx, pending.userId, ctx, 'success');
  });
  return { ...base, ok: true, message: 'Connected — you can close this window.' };
}

async function markOutcome(deps: OAuthDeps, ctx: OAuthContext, userId: string, ok: boolean, message: string) {
  await deps.store.transaction(async (trx) => {
    await setConnectionStatus(trx, ctx.connection.id, ok ? 'connected' : 'error', ok ? null : message, null);
    await auditAuthorization(trx, userId, ctx, ok ? 'success' : 'failure', message);
  });
}

async function auditAuthorization(
  db: Db,
  userId: string,
  ctx: OAuthContext,
  outcome: 'success' | 'failure',
  message?: string,
): Promise<void> {
  const user = await getUser(db, userId);
  await recordSystemAudit(db, {
    action: 'connection.authorize',
    resourceType: 'connection',
    resourceId: ctx.connection.id,
    outcome,
    actor: { id: userId, email: user?.email ?? null },
    via: 'oauth-redirect',
    summary: { connector: ctx.connector.name, grant: ctx.grant, ...(message ? { message } : {}) },
  });
}

/** Gets a client-credentials token for a connection and stores it; fails with the provider's error. */
export async function connectClientCredentials(deps: OAuthDeps, ctx: OAuthContext, now = Date.now()): Promise<void> {
  const result = await clientCredentials(ctx.settings, deps);
  if (!result.ok) {
    fail('oauth_token_request_failed', redact(describeTokenFailure(result), ctx.secrets), {
      connector: ctx.connector.name,
      grant: 'client_credentials',
    });
  }
  await deps.store.transaction(async (trx) => {
    await storeNewTokens(trx, deps.keyring, {
      connectionId: ctx.connection.id,
      grantType: 'client_credentials',
      tokens: result.tokens,
      now,
    });
    await setConnectionStatus(trx, ctx.connection.id, 'connected', null, null);
  });
}

/** Re-reads a connection and builds its context (after it was created in a transaction that is now committed). */
export async function freshContext(deps: OAuthDeps, connectionId: string): Promise<OAuthContext> {
  const ctx = await loadOAuthContext(deps.store.db, deps, connectionId);
  return ctx ?? fail('connection_not_found');
}
