/**
 * Custom and built-in connectors of an environment: prepare (upload → draft) and create, list, get, update
 * (new version), versions and restore, download (paconn files, no secrets), delete, share. Built-ins are loaded
 * from the repository's `connectors/` folder when the plugin starts.
 */
import type { FastifyInstance } from 'fastify';
import { createFromUrlLinked } from '../changes/url-link.ts';
import { canUseConnector, findEditableConnector, findUsableConnector } from '../connectors/access.ts';
import { loadBuiltInConnectors } from '../connectors/builtins.ts';
import { DOWNLOAD_FILES, type DownloadFile, packageFiles, packageZip } from '../connectors/download.ts';
import { createFromDraft, prepareConnector } from '../connectors/drafts.ts';
import { audit, createOrUpdateConnector } from '../connectors/service.ts';
import { type PackageSource, preparePackage } from '../connectors/source.ts';
import type { AuthAnswers } from '../connectors/types.ts';
import { connectorDetail, connectorListEntry, versionView } from '../connectors/views.ts';
import { fail } from '../errors.ts';
import { countConnectionsOfConnector } from '../store/connections.ts';
import {
  type Connector,
  deleteConnector,
  getConnectorVersion,
  listConnectors,
  listConnectorVersions,
  setCurrentConnectorVersion,
  updateConnector,
} from '../store/connectors.ts';
import { actorOf, allowHostEntries } from './connector-context.ts';
import {
  connectorDetailSchema,
  connectorEntrySchema,
  connectorParams,
  createBody,
  draftSchema,
  envParams,
  prepareBody,
  updateBody,
  versionSchema,
} from './connector-schemas.ts';
import { registerShareRoutes } from './connector-shares.ts';

type SourceBody = PackageSource & { name?: string };
type CreateBody = SourceBody & { draftId?: string; name: string; displayName?: string; auth?: AuthAnswers };
type UpdateBody = PackageSource & { draftId?: string; displayName?: string; auth?: AuthAnswers };
type ConnectorParams = { env: string; connector: string };

function sourceOf(body: PackageSource): PackageSource {
  const { apiDefinition, apiProperties, settings, icon, zip, definition, definitionUrl } = body;
  return Object.fromEntries(
    Object.entries({ apiDefinition, apiProperties, settings, icon, zip, definition, definitionUrl }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as PackageSource;
}

const hasSource = (body: PackageSource) => Object.keys(sourceOf(body)).length > 0;
/** True when the body carries a source besides `definitionUrl`. */
const hasOtherSource = (body: PackageSource) => Object.keys(sourceOf(body)).some((k) => k !== 'definitionUrl');

async function detail(app: FastifyInstance, connector: Connector, extra: { created?: boolean } = {}) {
  const db = app.store.db;
  const version = (await getConnectorVersion(db, connector.id))!;
  const versions = await listConnectorVersions(db, connector.id);
  const view = connectorDetail(connector, version, versions, app.config.publicUrl);
  return {
    ...view,
    ...extra,
    versions: view.versions.map((v) => ({ ...v, current: v.id === connector.currentVersionId })),
  };
}

/** Routes under /api/v1/environments/{env}/connectors. */
export async function connectorRoutes(app: FastifyInstance): Promise<void> {
  const dir = app.config.connectorsDir;
  const loaded = await loadBuiltInConnectors(app.store, dir, app.log);
  app.log.debug({ builtIns: loaded }, 'built-in connectors loaded');

  const base = '/api/v1/environments/:env/connectors';
  const tags = ['Connectors'];

  app.post<{ Params: { env: string }; Body: SourceBody }>(
    `${base}/prepare`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'PrepareConnector',
        summary: 'Upload a connector (step 1 of 2)',
        description:
          'Reads a connector package (apiDefinition + apiProperties texts, or a base64 zip) or any OpenAPI document (text or URL) and answers with a draft: the detected authentication, the questions to ask, the operations with findings and the redirect URLs to register. Create the connector with POST …/connectors and the draft id.',
        tags,
        params: envParams,
        body: prepareBody,
        response: { 201: draftSchema },
      },
    },
    async (req, reply) => {
      const view = await prepareConnector(
        { store: app.store, keyring: app.keyring, analyzer: app.analyzer },
        {
          environment: req.scope.environment!,
          source: sourceOf(req.body),
          ...(req.body.name ? { name: req.body.name } : {}),
          actor: req.principal!.user,
          allowHosts: allowHostEntries(app.config),
          publicUrl: app.config.publicUrl,
        },
      );
      return reply.code(201).send(view);
    },
  );

  app.post<{ Params: { env: string }; Body: CreateBody }>(
    base,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'CreateConnector',
        summary: 'Create a custom connector (step 2 of 2)',
        description:
          'Creates the connector from a draft (draftId) or directly from a package or OpenAPI document, with the answers to the authentication questions in `auth`. The client secret is stored encrypted and never returned.',
        tags,
        params: envParams,
        body: createBody,
        response: { 201: connectorDetailSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const environment = req.scope.environment!;
      const deps = { store: app.store, keyring: app.keyring, analyzer: app.analyzer, request: req };
      const common = {
        environment,
        name: body.name,
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.auth ? { authAnswers: body.auth } : {}),
        actor: req.principal!.user,
      };
      if (body.draftId !== undefined && hasSource(body)) {
        fail('bad_request', 'Send either "draftId" or the package, not both.');
      }
      let result: Awaited<ReturnType<typeof createOrUpdateConnector>>;
      if (body.draftId !== undefined) {
        result = await createFromDraft(deps, { ...common, draftId: body.draftId });
      } else if (body.definitionUrl !== undefined && !hasOtherSource(body)) {
        // A definition URL: the connector stays linked to an API app of that URL (issue 6).
        result = await createFromUrlLinked(
          app,
          { user: common.actor, request: req },
          {
            url: body.definitionUrl,
            connectorName: body.name,
            ...(body.displayName ? { displayName: body.displayName } : {}),
          },
          (pkg) =>
            app.store.transaction((trx) =>
              createOrUpdateConnector(
                { ...deps, db: trx },
                { ...common, actorRole: req.scope.environmentRole!, ...pkg, mode: 'create' },
              ),
            ),
        );
      } else {
        const pkg = await preparePackage(sourceOf(body), {
          allowHosts: allowHostEntries(app.config),
          connectorName: body.name,
        });
        result = await createOrUpdateConnector(deps, {
          ...common,
          actorRole: req.scope.environmentRole!,
          definition: pkg.definition,
          properties: pkg.properties,
          settings: pkg.settings,
          icon: pkg.icon,
          report: pkg.report,
          mode: 'create',
        });
      }
      return reply.code(201).send(await detail(app, result.connector));
    },
  );

  app.get<{ Params: { env: string } }>(
    base,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'ListConnectors',
        summary: 'List connectors',
        description:
          'The built-in connectors and the custom connectors of the environment you can use (yours, shared with you, or all for environment admins).',
        tags,
        params: envParams,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: connectorEntrySchema } },
          },
        },
      },
    },
    async (req) => {
      const db = app.store.db;
      const actor = actorOf(req);
      const items = [];
      for (const connector of await listConnectors(db, req.scope.environment!.id)) {
        if (!(await canUseConnector(db, connector, actor))) continue;
        items.push(connectorListEntry(connector, await getConnectorVersion(db, connector.id)));
      }
      return { items };
    },
  );

  app.get<{ Params: ConnectorParams }>(
    `${base}/:connector`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'GetConnector',
        summary: 'Get a connector',
        description: 'The connector with its operations, authentication (never a secret), redirect URLs and versions.',
        tags,
        params: connectorParams,
        response: { 200: connectorDetailSchema },
      },
    },
    async (req) => {
      const connector = await findUsableConnector(
        app.store.db,
        req.scope.environment!,
        req.params.connector,
        actorOf(req),
      );
      return detail(app, connector);
    },
  );

  app.put<{ Params: ConnectorParams; Body: UpdateBody }>(
    `${base}/:connector`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'UpdateConnector',
        summary: 'Update a connector',
        description:
          'Stores a new version from a draft or a package (the previous versions stay and can be restored), or from new authentication answers; a display name alone changes no version. Built-in connectors are read-only.',
        tags,
        params: connectorParams,
        body: updateBody,
        response: { 200: connectorDetailSchema },
      },
    },
    async (req) => {
      const body = req.body;
      const environment = req.scope.environment!;
      const actor = actorOf(req);
      const existing = await findEditableConnector(app.store.db, environment, req.params.connector, actor);
      if (body.draftId !== undefined && hasSource(body))
        fail('bad_request', 'Send either "draftId" or the package, not both.');
      if (body.draftId === undefined && !hasSource(body) && body.auth === undefined) {
        // Only the display name changes: no new version.
        const renamed = await app.store.transaction(async (trx) => {
          await updateConnector(
            trx,
            existing.id,
            body.displayName !== undefined ? { displayName: body.displayName } : {},
          );
          await audit(trx, req, actor.user, {
            action: 'connector.update',
            resourceType: 'connector',
            resourceId: existing.id,
            summary: { environment: environment.name, name: existing.name, displayName: body.displayName ?? null },
          });
          return { ...existing, displayName: body.displayName ?? existing.displayName };
        });
        return detail(app, renamed);
      }
      const deps = { store: app.store, keyring: app.keyring, analyzer: app.analyzer, request: req };
      const common = {
        environment,
        name: existing.name,
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.auth ? { authAnswers: body.auth } : {}),
        actor: actor.user,
      };
      let result: Awaited<ReturnType<typeof createOrUpdateConnector>>;
      if (body.draftId !== undefined) {
        result = await createFromDraft(deps, { ...common, draftId: body.draftId, mode: 'update' });
      } else {
        const pkg = hasSource(body)
          ? await preparePackage(sourceOf(body), { allowHosts: allowHostEntries(app.config) })
          : await currentPackage(app, existing);
        result = await createOrUpdateConnector(deps, {
          ...common,
          actorRole: actor.role,
          definition: pkg.definition,
          properties: pkg.properties,
          settings: pkg.settings,
          icon: pkg.icon,
          report: pkg.report,
          mode: 'update',
        });
      }
      return detail(app, result.connector);
    },
  );

  app.get<{ Params: ConnectorParams }>(
    `${base}/:connector/versions`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'ListConnectorVersions',
        summary: 'List versions of a connector',
        description: 'Every stored version, newest first; `current` marks the one in use.',
        tags,
        params: connectorParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: versionSchema } } },
        },
      },
    },
    async (req) => {
      const connector = await findUsableConnector(
        app.store.db,
        req.scope.environment!,
        req.params.connector,
        actorOf(req),
      );
      const versions = await listConnectorVersions(app.store.db, connector.id);
      return { items: versions.map((v) => ({ ...versionView(v), current: v.id === connector.currentVersionId })) };
    },
  );

  app.post<{ Params: ConnectorParams & { version: number } }>(
    `${base}/:connector/versions/:version/restore`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'RestoreConnectorVersion',
        summary: 'Restore a connector version',
        description: 'Makes an earlier version the current one again (versions are never changed or lost).',
        tags,
        params: {
          type: 'object',
          required: ['env', 'connector', 'version'],
          properties: {
            env: { type: 'string', description: 'Environment name.' },
            connector: { type: 'string', description: 'Connector name.' },
            version: { type: 'integer', minimum: 1, description: 'Version number.' },
          },
        },
        response: { 200: connectorDetailSchema },
      },
    },
    async (req) => {
      const environment = req.scope.environment!;
      const actor = actorOf(req);
      const connector = await app.store.transaction(async (trx) => {
        const found = await findEditableConnector(trx, environment, req.params.connector, actor);
        const version = await getConnectorVersion(trx, found.id, req.params.version);
        if (!version) {
          fail(
            'connector_version_not_found',
            `Connector "${found.name}" has no version ${req.params.version}; list them with GET …/versions.`,
          );
        }
        await setCurrentConnectorVersion(trx, found.id, version.id);
        await audit(trx, req, actor.user, {
          action: 'connector.restore',
          resourceType: 'connector',
          resourceId: found.id,
          summary: { environment: environment.name, name: found.name, version: version.version },
        });
        return { ...found, currentVersionId: version.id };
      });
      return detail(app, connector);
    },
  );

  app.get<{ Params: ConnectorParams; Querystring: { file?: DownloadFile; version?: number } }>(
    `${base}/:connector/download`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'DownloadConnector',
        summary: 'Download a connector package',
        description:
          'The paconn files of the current (or a given) version as a zip, or one file with `file`. Never contains secrets.',
        tags,
        params: connectorParams,
        querystring: {
          type: 'object',
          properties: {
            file: { type: 'string', enum: [...DOWNLOAD_FILES], description: 'One file instead of the zip.' },
            version: { type: 'integer', minimum: 1, description: 'A version number; default the current one.' },
          },
        },
        response: { 200: { description: 'The zip or the file.', type: 'string', format: 'binary' } },
      },
    },
    async (req, reply) => {
      const connector = await findUsableConnector(
        app.store.db,
        req.scope.environment!,
        req.params.connector,
        actorOf(req),
      );
      const version = await getConnectorVersion(app.store.db, connector.id, req.query.version);
      if (!version)
        fail('connector_version_not_found', `Connector "${connector.name}" has no version ${req.query.version}.`);
      if (req.query.file) {
        const content = packageFiles(version)[req.query.file];
        if (content === undefined)
          fail('connector_not_found', `Connector "${connector.name}" has no ${req.query.file}.`);
        const type = req.query.file.endsWith('.png') ? 'image/png' : 'application/json; charset=utf-8';
        return reply
          .type(type)
          .header('content-disposition', `attachment; filename="${req.query.file}"`)
          .send(typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
      }
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${connector.name}.zip"`)
        .send(Buffer.from(packageZip(version)));
    },
  );

  app.delete<{ Params: ConnectorParams; Querystring: { force?: boolean } }>(
    `${base}/:connector`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'DeleteConnector',
        summary: 'Delete a connector',
        description:
          'Deletes a custom connector with its versions and shares. Refused while connections use it unless force=true, which deletes them too. Built-in connectors are read-only.',
        tags,
        params: connectorParams,
        querystring: {
          type: 'object',
          properties: { force: { type: 'boolean', description: 'Also delete the connections that use it.' } },
        },
        response: { 204: { type: 'null', description: 'Deleted.' } },
      },
    },
    async (req, reply) => {
      const environment = req.scope.environment!;
      const actor = actorOf(req);
      await app.store.transaction(async (trx) => {
        const connector = await findEditableConnector(trx, environment, req.params.connector, actor);
        const connections = await countConnectionsOfConnector(trx, connector.id);
        if (connections > 0 && req.query.force !== true) {
          fail(
            'connector_in_use',
            `${connections} connection(s) use "${connector.name}"; delete them first, or add ?force=true to delete them too.`,
            { connections },
          );
        }
        await deleteConnector(trx, connector.id);
        await audit(trx, req, actor.user, {
          action: 'connector.delete',
          resourceType: 'connector',
          resourceId: connector.id,
          summary: { environment: environment.name, name: connector.name, connectionsDeleted: connections },
        });
      });
      return reply.code(204).send();
    },
  );

  registerShareRoutes(app, base, tags);
}

/** The package of the current version (an update that changes only names or answers). */
async function currentPackage(app: FastifyInstance, connector: Connector) {
  const version = (await getConnectorVersion(app.store.db, connector.id))!;
  return {
    definition: version.definition as never,
    properties: version.properties as never,
    settings: (version.settings ?? null) as never,
    icon: version.icon,
    report: version.report as never,
  };
}
