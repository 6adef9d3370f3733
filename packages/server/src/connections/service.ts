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
import { fail } from '../errors.ts';
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
  };
  const plain = Object.fromEntries(Object.entries(parameters).filter(([k]) => k !== '__portico'));
  return {
    ...rest,
    connector: connector.name,
    environment: environment.name,
    authType: meta.authType ?? 'none',
    parameters: plain,
    secretParameters: meta.secretParameters ?? [],
  };
}

/** Creates a connection; OAuth connectors are refused until the gateway brings OAuth connections. */
export async function createConnectionFor(
  deps: ConnectionDeps,
  input: {
    environment: Environment;
    connector: string;
    displayName?: string;
    parameters: Record<string, ParameterValue>;
    parameterSet?: string;
    actor: ConnectorActor;
  },
) {
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
        },
      },
      credentials: null,
    });
    if (secretNames.length > 0) {
      const sealed = deps.keyring.encrypt(split.secrets, { context: credentialContext(created.id) });
      await setConnectionCredentials(trx, created.id, sealed);
    }
    // A connection without secrets needs nothing more; one with secrets is connected until a test says otherwise.
    await setConnectionStatus(trx, created.id, 'connected', null, null);
    await audit(trx, deps.request, input.actor.user, {
      action: 'connection.create',
      resourceType: 'connection',
      resourceId: created.id,
      summary: {
        environment: input.environment.name,
        connector: connector.name,
        parameters: Object.keys(split.plain),
        secretParameters: secretNames,
      },
    });
    const stored = (await getConnection(trx, created.id))!;
    return connectionView(publicConnection(stored), connector, input.environment);
  });
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
  const result = await probeConnection({
    definition: version.definition as JsonObject,
    properties: version.properties as JsonObject,
    parameters,
    secrets,
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
