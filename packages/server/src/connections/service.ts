/**
 * Connections: a user's credentials for one connector. Creating checks the parameters against the connector's
 * apiProperties.json and seals the secret ones (envelope encryption bound to the connection id); views never
 * carry a secret; testing decrypts only to make the call.
 */
import type { JsonObject } from '@portico/openapi';
import type { FastifyRequest } from 'fastify';
import { type ConnectorActor, findUsableConnector } from '../connectors/access.ts';
import { requirementsOf } from '../connectors/auth.ts';
import { audit } from '../connectors/service.ts';
import { fail, PorticoError } from '../errors.ts';
import {
  beginOAuthConnection,
  checkReturnTo,
  type OAuthStart,
  requestClientCredentials,
} from '../oauth/connections.ts';
import { isOAuthConnection, type OAuthGrant } from '../oauth/context.ts';
import type { TokenSet } from '../oauth/token-client.ts';
import type { Keyring } from '../secrets/index.ts';
import {
  type Connection,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  publicConnection,
  type StoredConnection,
  setConnectionCredentials,
  setConnectionStatus,
} from '../store/connections.ts';
import { type Connector, getConnectorById, getConnectorVersion } from '../store/connectors.ts';
import type { Environment } from '../store/environments.ts';
import type { Credential } from '../store/sealed.ts';
import type { Db, Store } from '../store/store.ts';
import { type ParameterValue, splitParameters } from './parameters.ts';
import { type ProbeResult, probeConnection } from './probe.ts';

export interface ConnectionDeps {
  store: Store;
  keyring: Keyring;
  request?: FastifyRequest;
  /** Where OAuth providers redirect back to, and the private hosts token requests may reach (OAuth connectors). */
  oauth?: { publicUrl: string; allowHosts: readonly string[] };
  /** The process's OAuth token manager: tests of OAuth connections call with the access token. */
  tokens?: { getAccessToken(connectionId: string): Promise<string> };
}

/** The encryption context of a connection's credentials: they only open for that connection. */
export function credentialContext(connectionId: string): string {
  return `connection:${connectionId}`;
}

/** A connection as answered: the connector's name, non-secret parameters, and which secrets are set. */
export function connectionView(connection: Connection, connector: Connector, environment: Environment) {
  const { parameters, ...rest } = connection;
  const meta = (parameters.__portico ?? {}) as {
    authType?: string;
    secretParameters?: string[];
    parameterSet?: string;
    grant?: string;
  };
  const plain = Object.fromEntries(Object.entries(parameters).filter(([k]) => k !== '__portico'));
  return {
    ...rest,
    connector: connector.name,
    environment: environment.name,
    authType: meta.authType ?? 'none',
    parameters: plain,
    secretParameters: meta.secretParameters ?? [],
    ...(meta.grant ? { grant: meta.grant } : {}),
  };
}

/** Creates a connection; an OAuth one starts its sign-in (`authorizationUrl`) or gets its client-credentials token. */
export async function createConnectionFor(
  deps: ConnectionDeps,
  input: {
    environment: Environment;
    connector: string;
    displayName?: string;
    parameters: Record<string, ParameterValue>;
    parameterSet?: string;
    actor: ConnectorActor;
    /** OAuth connectors: `authorization_code` (default, the user signs in) or `client_credentials` (no user). */
    grant?: OAuthGrant;
    /** OAuth sign-in: a portal path the redirect endpoint sends the browser back to. */
    returnTo?: string;
  },
) {
  const oauth = deps.oauth ? { ...deps.oauth, store: deps.store, keyring: deps.keyring } : undefined;
  const returnTo = checkReturnTo(input.returnTo);
  // A client-credentials token is requested before anything is written: a refused client leaves no record.
  const early = await clientCredentialsBeforeCreate(deps, input);
  return deps.store.transaction(async (trx) => {
    const connector = await findUsableConnector(trx, input.environment, input.connector, input.actor);
    const version = await getConnectorVersion(trx, connector.id);
    if (!version) fail('connector_not_found', `Connector "${connector.name}" has no version.`);
    const split = splitParameters(
      connector.name,
      requirementsOf(version.properties as JsonObject),
      input.parameters,
      input.parameterSet,
    );
    const secretNames = Object.keys(split.secrets);
    const isOAuth = split.authType === 'oauth2' || split.authType === 'aad';
    if (input.grant !== undefined && !isOAuth) {
      fail('bad_request', `Connector "${connector.name}" does not sign in with OAuth 2.0; remove "grant".`);
    }
    const grant: OAuthGrant | undefined = isOAuth ? (input.grant ?? 'authorization_code') : undefined;
    const created = await createConnection(trx, {
      connectorId: connector.id,
      environmentId: input.environment.id,
      ownerId: input.actor.user.id,
      displayName: input.displayName?.trim() || `${connector.displayName}`,
      status: 'unauthenticated',
      parameters: {
        ...split.plain,
        __portico: {
          authType: split.authType,
          secretParameters: secretNames,
          ...(split.parameterSet ? { parameterSet: split.parameterSet } : {}),
          ...(grant ? { grant } : {}),
        },
      },
      credentials: null,
    });
    if (secretNames.length > 0) {
      const sealed = deps.keyring.encrypt(split.secrets, { context: credentialContext(created.id) });
      await setConnectionCredentials(trx, created.id, sealed);
    }
    let started: OAuthStart | undefined;
    if (grant) {
      if (!oauth) throw new Error('createConnectionFor needs deps.oauth for OAuth connectors');
      started = await beginOAuthConnection(trx, oauth, {
        connection: (await getConnection(trx, created.id))!,
        connector,
        userId: input.actor.user.id,
        grant,
        ...(returnTo !== undefined ? { returnTo } : {}),
        ...(early ? { tokens: early } : {}),
      });
      if (started.status === 'pending') await setConnectionStatus(trx, created.id, 'pending', null, null);
    } else {
      // A connection without secrets needs nothing more; one with secrets is connected until a test says otherwise.
      await setConnectionStatus(trx, created.id, 'connected', null, null);
    }
    await audit(trx, deps.request, input.actor.user, {
      action: 'connection.create',
      resourceType: 'connection',
      resourceId: created.id,
      summary: {
        environment: input.environment.name,
        connector: connector.name,
        parameters: Object.keys(split.plain),
        secretParameters: secretNames,
        ...(grant ? { grant } : {}),
      },
    });
    const stored = (await getConnection(trx, created.id))!;
    const view = connectionView(publicConnection(stored), connector, input.environment);
    return started?.authorizationUrl ? { ...view, authorizationUrl: started.authorizationUrl } : view;
  });
}

/** For a client-credentials OAuth connection, its first token (requested before the connection is written). */
async function clientCredentialsBeforeCreate(
  deps: ConnectionDeps,
  input: Parameters<typeof createConnectionFor>[1],
): Promise<TokenSet | undefined> {
  if (input.grant !== 'client_credentials') return undefined;
  const connector = await findUsableConnector(deps.store.db, input.environment, input.connector, input.actor);
  const version = await getConnectorVersion(deps.store.db, connector.id);
  if (!version) fail('connector_not_found', `Connector "${connector.name}" has no version.`);
  const split = splitParameters(
    connector.name,
    requirementsOf(version.properties as JsonObject),
    input.parameters,
    input.parameterSet,
  );
  if (split.authType !== 'oauth2' && split.authType !== 'aad') return undefined; // refused with a clear error later
  if (!deps.oauth) throw new Error('createConnectionFor needs deps.oauth for OAuth connectors');
  return requestClientCredentials(
    { ...deps.oauth, store: deps.store, keyring: deps.keyring },
    {
      connector,
      version,
      ...(split.parameterSet !== undefined ? { parameterSet: split.parameterSet } : {}),
      plain: split.plain,
      secrets: split.secrets,
    },
  );
}

/** A connection the actor may see (their own; environment admins see all of the environment). */
export async function findConnection(
  db: Db,
  environment: Environment,
  id: string,
  actor: ConnectorActor,
): Promise<{ stored: StoredConnection; connector: Connector }> {
  const stored = await getConnection(db, id);
  if (
    !stored ||
    stored.environmentId !== environment.id ||
    (stored.ownerId !== actor.user.id && actor.role !== 'admin')
  ) {
    fail('connection_not_found', `There is no connection "${id}" of yours in environment "${environment.name}".`);
  }
  const connector = (await getConnectorById(db, stored.connectorId))!;
  return { stored, connector };
}

/** The connections the actor may see in the environment, newest first. */
export async function listConnectionsFor(
  deps: ConnectionDeps,
  environment: Environment,
  actor: ConnectorActor,
  connectorName?: string,
) {
  const all = await listConnections(deps.store.db, {
    environmentId: environment.id,
    ...(actor.role === 'admin' ? {} : { ownerId: actor.user.id }),
  });
  const connectors = new Map<string, Connector>();
  const items = [];
  for (const connection of all) {
    let connector = connectors.get(connection.connectorId);
    if (!connector) {
      connector = (await getConnectorById(deps.store.db, connection.connectorId))!;
      connectors.set(connector.id, connector);
    }
    if (connectorName !== undefined && connector.name !== connectorName) continue;
    items.push(connectionView(connection, connector, environment));
  }
  return items;
}

/** Deletes a connection the actor may see. */
export async function deleteConnectionFor(
  deps: ConnectionDeps,
  environment: Environment,
  id: string,
  actor: ConnectorActor,
) {
  await deps.store.transaction(async (trx) => {
    const { stored, connector } = await findConnection(trx, environment, id, actor);
    await deleteConnection(trx, stored.id);
    await audit(trx, deps.request, actor.user, {
      action: 'connection.delete',
      resourceType: 'connection',
      resourceId: stored.id,
      summary: { environment: environment.name, connector: connector.name },
    });
  });
}

/** Tests a connection with one real upstream call and records the outcome as its status. */
export async function testConnection(
  deps: ConnectionDeps,
  environment: Environment,
  id: string,
  actor: ConnectorActor,
  allowHosts: readonly string[],
): Promise<ProbeResult> {
  const { stored, connector } = await findConnection(deps.store.db, environment, id, actor);
  const version = (await getConnectorVersion(deps.store.db, connector.id))!;
  const secrets: Credential = stored.credentials
    ? deps.keyring.decryptJson<Record<string, string>>(stored.credentials, { context: credentialContext(stored.id) })
    : {};
  const parameters = Object.fromEntries(
    Object.entries(stored.parameters).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  let bearerToken: string | undefined;
  if (isOAuthConnection(stored)) {
    // No token yet, or the refresh failed: the connection already says so; the test does not overwrite it.
    if (!deps.tokens) throw new Error('testConnection needs deps.tokens for OAuth connections');
    try {
      bearerToken = await deps.tokens.getAccessToken(stored.id);
    } catch (err) {
      if (!(err instanceof PorticoError)) throw err;
      return { ok: false, status: null, operationId: null, message: err.message };
    }
  }
  const result = await probeConnection({
    definition: version.definition as JsonObject,
    properties: version.properties as JsonObject,
    parameters,
    secrets,
    ...(bearerToken !== undefined ? { bearerToken } : {}),
    allowHosts,
  });
  await setConnectionStatus(
    deps.store.db,
    stored.id,
    result.ok ? 'connected' : 'error',
    result.ok ? null : result.message,
  );
  return result;
}
