/**
 * Connector services shared by the connector routes and the API side's express export: prepare (draft),
 * create or update from documents, restore a version. Each writes its records and its audit entry in one
 * transaction (the caller's, when it passes one), so a failure leaves the database as it was.
 */
import type { JsonObject } from '@portico/openapi';
import type { FastifyRequest } from 'fastify';
import type { DefinitionAnalyzer } from '../apps/analysis.ts';
import { recordAudit, recordSystemAudit } from '../audit/record.ts';
import type { EnvironmentRole } from '../auth/roles.ts';
import { carryVersionBase, prepareVersionBase } from '../changes/base-carry.ts';
import { fail } from '../errors.ts';
import { withPolicyFindings } from '../invoke/policy-report.ts';
import { NAME_PATTERN } from '../schemas.ts';
import type { Keyring } from '../secrets/index.ts';
import {
  addConnectorVersion,
  type Connector,
  type ConnectorVersionSummary,
  createConnector,
  getBuiltInConnector,
  getConnector,
  getConnectorVersion,
  updateConnector,
} from '../store/connectors.ts';
import type { Environment } from '../store/environments.ts';
import { getEnvironmentRole } from '../store/environments.ts';
import type { Sealed } from '../store/sealed.ts';
import type { Db, Store } from '../store/store.ts';
import type { User } from '../store/users.ts';
import { type ConnectorActor, canEditConnector } from './access.ts';
import { applyAuthAnswers } from './auth.ts';
import type { AuthAnswers, ConnectorReport } from './types.ts';

/** What the services need from the server. */
export interface ConnectorDeps {
  store: Store;
  keyring: Keyring;
  /** Exports the source revision of a linked connector's base (changes/base-carry.ts). */
  analyzer: DefinitionAnalyzer;
  /** The caller's transaction: the connector is written in it (and rolled back with it). */
  db?: Db;
  /** The request, for the audit entry's IP and user agent; without it the entry is recorded as a system change. */
  request?: FastifyRequest;
}

/** A connector to create or update from its documents. */
export interface ConnectorInput {
  environment: Environment;
  name: string;
  displayName?: string;
  definition: JsonObject;
  properties: JsonObject;
  settings?: JsonObject | null;
  /** Base64 PNG. */
  icon?: string | null;
  /** The import report; a minimal one is made when absent. */
  report?: ConnectorReport;
  authAnswers?: AuthAnswers;
  actor: User;
  /** The actor's role in the environment; looked up when absent. */
  actorRole?: EnvironmentRole;
  sourceAppId?: string | null;
  sourceRevisionId?: string | null;
  /** `create` refuses an existing name, `update` a missing one; `upsert` (default) does either. */
  mode?: 'create' | 'update' | 'upsert';
}

export interface ConnectorResult {
  created: boolean;
  connector: Connector;
  version: ConnectorVersionSummary;
}

/** The encryption context of a connector's OAuth client secret: the secret only opens for that connector. */
export function clientSecretContext(environmentId: string, name: string): string {
  return `connector-client-secret:${environmentId}/${name}`;
}

async function roleOf(db: Db, input: ConnectorInput): Promise<EnvironmentRole> {
  if (input.actorRole) return input.actorRole;
  if (input.actor.admin) return 'admin';
  const role = await getEnvironmentRole(db, input.environment.id, input.actor.id);
  return role ?? fail('environment_not_found', `You have no role in environment "${input.environment.name}".`);
}

function defaultReport(): ConnectorReport {
  return {
    source: 'openapi',
    inputVersion: '2.0',
    findings: [],
    fixes: [],
    losses: [],
    normalizations: [],
    importable: true,
  };
}

/**
 * Creates a custom connector, or adds a version to an existing one (its previous versions stay restorable).
 * Checks the name, the actor's rights and the authentication answers; encrypts the OAuth client secret.
 */
export async function createOrUpdateConnector(deps: ConnectorDeps, input: ConnectorInput): Promise<ConnectorResult> {
  if (!new RegExp(NAME_PATTERN).test(input.name)) {
    fail(
      'bad_request',
      `The connector name "${input.name}" is not allowed; use lower-case letters, digits and dashes (at most 63), e.g. "${suggestName(input.name)}".`,
    );
  }
  const run = async (db: Db): Promise<ConnectorResult> => {
    const role = await roleOf(db, input);
    if (role !== 'maker' && role !== 'admin') {
      fail(
        'forbidden',
        `Creating connectors needs the maker role in environment "${input.environment.name}"; you are ${role}.`,
        {
          needed: 'maker',
          held: role,
        },
      );
    }
    const actor: ConnectorActor = { user: input.actor, role };
    if (await getBuiltInConnector(db, input.name)) {
      fail(
        'read_only',
        `"${input.name}" is the name of a built-in connector, which cannot be changed; choose another name.`,
      );
    }
    const existing = await getConnector(db, input.environment.id, input.name);
    if (existing && input.mode === 'create') {
      fail(
        'connector_exists',
        `A connector named "${input.name}" already exists in environment "${input.environment.name}".`,
      );
    }
    if (!existing && input.mode === 'update') {
      fail('connector_not_found', `There is no connector "${input.name}" in environment "${input.environment.name}".`);
    }
    if (existing && !(await canEditConnector(db, existing, actor))) {
      fail(
        'forbidden',
        `Only the creator of "${input.name}", environment admins and makers it is shared with for editing may update it.`,
      );
    }
    const previous = existing ? await getConnectorVersion(db, existing.id) : undefined;
    const { properties, clientSecret } = applyAuthAnswers(input.properties, input.authAnswers ?? {}, {
      hasStoredSecret: previous?.oauthClientSecret != null,
    });
    const context = clientSecretContext(input.environment.id, input.name);
    const sealed: Sealed | null =
      clientSecret !== undefined
        ? deps.keyring.encrypt(clientSecret, { context })
        : (previous?.oauthClientSecret ?? null);
    const version = {
      definition: input.definition,
      properties,
      settings: input.settings ?? null,
      icon: input.icon ?? null,
      report: withPolicyFindings(input.report ?? defaultReport(), properties, input.definition),
      sourceRevisionId: input.sourceRevisionId ?? null,
      oauthClientSecret: sealed,
      createdBy: input.actor.id,
    };
    let result: ConnectorResult;
    if (existing) {
      const added = await addConnectorVersion(db, existing.id, version);
      // Issue 6: a version stored by hand keeps the source base of the version it was edited from (e.g. a restored one).
      if (input.sourceRevisionId == null && previous)
        await carryVersionBase(db, deps.analyzer, existing, previous, added);
      if (input.displayName !== undefined || input.sourceAppId !== undefined) {
        await updateConnector(db, existing.id, {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.sourceAppId !== undefined ? { sourceAppId: input.sourceAppId } : {}),
        });
      }
      const {
        definition: _d,
        properties: _p,
        settings: _s,
        icon: _i,
        report: _r,
        oauthClientSecret: _o,
        ...summary
      } = added;
      result = { created: false, connector: { ...existing, currentVersionId: added.id }, version: summary };
    } else {
      const made = await createConnector(db, {
        environmentId: input.environment.id,
        name: input.name,
        ...(input.displayName !== undefined
          ? { displayName: input.displayName }
          : { displayName: titleOf(input.definition) ?? input.name }),
        sourceAppId: input.sourceAppId ?? null,
        createdBy: input.actor.id,
        version,
      });
      if (!made.ok)
        fail(
          'connector_exists',
          `A connector named "${input.name}" already exists in environment "${input.environment.name}".`,
        );
      const {
        definition: _d,
        properties: _p,
        settings: _s,
        icon: _i,
        report: _r,
        oauthClientSecret: _o,
        ...summary
      } = made.value.version;
      result = { created: true, connector: made.value.connector, version: summary };
    }
    await audit(db, deps.request, input.actor, {
      action: result.created ? 'connector.create' : 'connector.update',
      resourceType: 'connector',
      resourceId: result.connector.id,
      summary: {
        environment: input.environment.name,
        name: input.name,
        version: result.version.version,
        source: version.report.source,
        ...(input.sourceAppId ? { sourceAppId: input.sourceAppId } : {}),
        clientSecretChanged: clientSecret !== undefined,
      },
    });
    return result;
  };
  if (deps.db) return run(deps.db);
  // A hand-made version of a linked connector carries the base of the version it was edited from: export that
  // base before the transaction opens (base-carry.ts).
  if (input.mode !== 'create' && input.sourceRevisionId == null)
    await prepareVersionBase(deps.store.db, deps.analyzer, input.environment.id, input.name);
  return deps.store.transaction(run);
}

/** Records an audit entry for a connector change, from a request when there is one. */
export async function audit(
  db: Db,
  request: FastifyRequest | undefined,
  actor: User,
  event: { action: string; resourceType: string; resourceId: string | null; summary: Record<string, unknown> },
): Promise<void> {
  if (request) await recordAudit(db, request, event);
  else await recordSystemAudit(db, { ...event, actor: { id: actor.id, email: actor.email }, via: 'portico-server' });
}

function titleOf(definition: JsonObject): string | undefined {
  const info = definition.info;
  const title = info && typeof info === 'object' && !Array.isArray(info) ? info.title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, 200) : undefined;
}

/** A valid connector name derived from any text ("My API v2" → "my-api-v2"). */
export function suggestName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'connector';
}
