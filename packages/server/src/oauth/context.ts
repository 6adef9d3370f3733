/**
 * Loading what an OAuth request needs for one connection: the connection, its connector's current version,
 * the connector's client secret (decrypted here, used once, never stored elsewhere) and the provider settings.
 */
import type { JsonObject } from '@portico/openapi';
import { credentialContext } from '../connections/service.ts';
import { redirectUrls } from '../connectors/auth.ts';
import { clientSecretContext } from '../connectors/service.ts';
import { fail } from '../errors.ts';
import type { Keyring } from '../secrets/index.ts';
import { getConnection, type StoredConnection } from '../store/connections.ts';
import { type Connector, getConnectorById, getConnectorVersion } from '../store/connectors.ts';
import type { Db, Store } from '../store/store.ts';
import { type ProviderSettings, resolveProviderSettings } from './settings.ts';

/** The two ways an OAuth connection gets tokens. */
export type OAuthGrant = 'authorization_code' | 'client_credentials';

/** What the OAuth code needs from the server. */
export interface OAuthDeps {
  store: Store;
  keyring: Keyring;
  /** Base URL providers redirect back to (`{publicUrl}/redirect…`). */
  publicUrl: string;
  /** PORTICO_GATEWAY_ALLOW_HOSTS entries: private token endpoints are refused unless listed. */
  allowHosts: readonly string[];
  /** Timeout of token requests (default 30 s). */
  timeoutMs?: number;
}

/** One OAuth connection, ready for a token request. */
export interface OAuthContext {
  connection: StoredConnection;
  connector: Connector;
  properties: JsonObject;
  grant: OAuthGrant;
  redirectUri: string;
  settings: ProviderSettings;
  /** Secret values in play (client secret, connection secrets): redacted from any message. */
  secrets: string[];
}

/** The Portico metadata of a connection (`parameters.__portico`). */
export function connectionMeta(connection: { parameters: Record<string, unknown> }): {
  authType?: string;
  parameterSet?: string;
  grant?: OAuthGrant;
} {
  return (connection.parameters.__portico ?? {}) as { authType?: string; parameterSet?: string; grant?: OAuthGrant };
}

/** True when a connection signs in with OAuth 2.0. */
export function isOAuthConnection(connection: { parameters: Record<string, unknown> }): boolean {
  const type = connectionMeta(connection).authType;
  return type === 'oauth2' || type === 'aad';
}

/** The redirect URI of a connector: the per-connector one unless its package asks for the global one. */
export function redirectUriOf(publicUrl: string, connectorName: string, properties: JsonObject): string {
  return redirectUrls(publicUrl.replace(/\/+$/, ''), connectorName, properties).register;
}

/** Loads the OAuth context of a connection; undefined when it does not exist. Fails for a non-OAuth one. */
export async function loadOAuthContext(
  db: Db,
  deps: OAuthDeps,
  connectionId: string,
): Promise<OAuthContext | undefined> {
  const connection = await getConnection(db, connectionId);
  if (!connection) return undefined;
  const connector = (await getConnectorById(db, connection.connectorId))!;
  return contextFor(db, deps, connection, connector);
}

/** Builds the OAuth context of a known connection and connector. */
export async function contextFor(
  db: Db,
  deps: OAuthDeps,
  connection: StoredConnection,
  connector: Connector,
): Promise<OAuthContext> {
  if (!isOAuthConnection(connection)) {
    fail(
      'bad_request',
      `Connection "${connection.id}" does not sign in with OAuth 2.0; there is nothing to authorize.`,
    );
  }
  const version = await getConnectorVersion(db, connector.id);
  if (!version) fail('connector_not_found', `Connector "${connector.name}" has no version.`);
  const properties = version.properties as JsonObject;
  const meta = connectionMeta(connection);
  const clientSecret =
    version.oauthClientSecret && connector.environmentId
      ? deps.keyring.decrypt(version.oauthClientSecret, {
          context: clientSecretContext(connector.environmentId, connector.name),
        })
      : undefined;
  const secretParameters = connection.credentials
    ? deps.keyring.decryptJson<Record<string, string>>(connection.credentials, {
        context: credentialContext(connection.id),
      })
    : {};
  const parameters = Object.fromEntries(
    Object.entries(connection.parameters).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const redirectUri = redirectUriOf(deps.publicUrl, connector.name, properties);
  const settings = resolveProviderSettings({
    connector: connector.name,
    properties,
    connection: {
      ...(meta.parameterSet !== undefined ? { parameterSet: meta.parameterSet } : {}),
      parameters,
      secrets: secretParameters,
    },
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    redirectUri,
  });
  return {
    connection,
    connector,
    properties,
    grant: meta.grant ?? 'authorization_code',
    redirectUri,
    settings,
    secrets: [...(clientSecret !== undefined ? [clientSecret] : []), ...Object.values(secretParameters)],
  };
}

/** Replaces every secret value in a message (providers may echo what they were sent). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const value of secrets) if (value && value.length >= 4) out = out.split(value).join('[redacted]');
  return out;
}
