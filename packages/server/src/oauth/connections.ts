/**
 * OAuth at connection creation and re-authentication: a new authorization-code connection gets a pending
 * sign-in (status `pending` + the provider URL); a client-credentials connection gets its token before anything
 * is written, so a refused client leaves no record.
 */
import type { JsonObject } from '@portico/openapi';
import { clientSecretContext } from '../connectors/service.ts';
import { fail } from '../errors.ts';
import { type StoredConnection, setConnectionStatus } from '../store/connections.ts';
import type { Connector, ConnectorVersion } from '../store/connectors.ts';
import type { Db } from '../store/store.ts';
import { contextFor, type OAuthDeps, type OAuthGrant, redact, redirectUriOf } from './context.ts';
import { startAuthorization } from './flow.ts';
import { resolveProviderSettings } from './settings.ts';
import { clientCredentials, describeTokenFailure, type TokenSet } from './token-client.ts';
import { storeNewTokens } from './tokens.ts';

/** What a created or re-authenticated OAuth connection answers besides its view. */
export interface OAuthStart {
  status: 'pending' | 'connected';
  /** Where to send the user (authorization code only). */
  authorizationUrl?: string;
}

/** Checks a `returnTo` path: only a path on this server (no scheme, no host), so the redirect cannot be abused. */
export function checkReturnTo(returnTo: string | undefined): string | undefined {
  if (returnTo === undefined) return undefined;
  if (!/^\/(?![/\\])[^\s]*$/.test(returnTo) || returnTo.length > 500) {
    fail(
      'bad_request',
      `"returnTo" must be a path on this server starting with one "/", e.g. "/connections"; got "${returnTo.slice(0, 80)}".`,
    );
  }
  return returnTo;
}

/** Gets a client-credentials token for a connection about to be created; fails with the provider's error. */
export async function requestClientCredentials(
  deps: OAuthDeps,
  input: {
    connector: Connector;
    version: ConnectorVersion;
    parameterSet?: string;
    plain: Record<string, string>;
    secrets: Readonly<Record<string, string>>;
  },
): Promise<TokenSet> {
  const properties = input.version.properties as JsonObject;
  const clientSecret =
    input.version.oauthClientSecret && input.connector.environmentId
      ? deps.keyring.decrypt(input.version.oauthClientSecret, {
          context: clientSecretContext(input.connector.environmentId, input.connector.name),
        })
      : undefined;
  const settings = resolveProviderSettings({
    connector: input.connector.name,
    properties,
    connection: {
      ...(input.parameterSet !== undefined ? { parameterSet: input.parameterSet } : {}),
      parameters: input.plain,
      secrets: input.secrets,
    },
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    redirectUri: redirectUriOf(deps.publicUrl, input.connector.name, properties),
  });
  const result = await clientCredentials(settings, deps);
  if (!result.ok) {
    fail(
      'oauth_token_request_failed',
      redact(describeTokenFailure(result), [clientSecret, ...Object.values(input.secrets)]),
      { connector: input.connector.name, grant: 'client_credentials' },
    );
  }
  return result.tokens;
}

/** After the connection row exists (same transaction): stores a client-credentials token or starts the sign-in. */
export async function beginOAuthConnection(
  db: Db,
  deps: OAuthDeps,
  input: {
    connection: StoredConnection;
    connector: Connector;
    userId: string;
    grant: OAuthGrant;
    returnTo?: string;
    tokens?: TokenSet;
    now?: number;
  },
): Promise<OAuthStart> {
  if (input.grant === 'client_credentials') {
    if (!input.tokens) throw new Error('client-credentials connection without its token');
    await storeNewTokens(db, deps.keyring, {
      connectionId: input.connection.id,
      grantType: 'client_credentials',
      tokens: input.tokens,
      now: input.now ?? Date.now(),
    });
    await setConnectionStatus(db, input.connection.id, 'connected', null, null);
    return { status: 'connected' };
  }
  const ctx = await contextFor(db, deps, input.connection, input.connector);
  const authorizationUrl = await startAuthorization(db, deps, {
    ctx,
    userId: input.userId,
    ...(input.returnTo !== undefined ? { returnTo: input.returnTo } : {}),
  });
  return { status: 'pending', authorizationUrl };
}

/** Starts the sign-in again for an existing connection (or gets a new client-credentials token). */
export async function reauthenticateConnection(
  deps: OAuthDeps,
  input: { connection: StoredConnection; connector: Connector; userId: string; returnTo?: string },
): Promise<OAuthStart> {
  const ctx = await contextFor(deps.store.db, deps, input.connection, input.connector);
  if (ctx.grant === 'client_credentials') {
    const result = await clientCredentials(ctx.settings, deps);
    if (!result.ok) {
      fail('oauth_token_request_failed', redact(describeTokenFailure(result), ctx.secrets), {
        connector: ctx.connector.name,
        grant: 'client_credentials',
      });
    }
    const tokens = result.tokens;
    return deps.store.transaction((trx) =>
      beginOAuthConnection(trx, deps, { ...input, grant: 'client_credentials', tokens }),
    );
  }
  return deps.store.transaction(async (trx) => ({
    status: 'pending' as const,
    authorizationUrl: await startAuthorization(trx, deps, {
      ctx,
      userId: input.userId,
      ...(input.returnTo !== undefined ? { returnTo: input.returnTo } : {}),
    }),
  }));
}
