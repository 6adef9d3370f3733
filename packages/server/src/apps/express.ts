/**
 * Export to PowerApps/Flow, express: the current revision's connector package created (or updated, as a new
 * version) as a custom connector in an environment, in one call. Needs contributor on the app and maker in
 * the environment; the connector side's createOrUpdateConnector does the writing, in the same transaction as
 * this export's audit entry. The OAuth client secret answered here is encrypted and never returned.
 */
import type { JsonObject } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireEnvironmentRole, requireUser } from '../auth/access.ts';
import { authSummary, redirectUrls } from '../connectors/auth.ts';
import { createOrUpdateConnector } from '../connectors/service.ts';
import type { AuthAnswers, ConnectorReport } from '../connectors/types.ts';
import { fail } from '../errors.ts';
import { nameSchema } from '../schemas.ts';
import { getConnectorVersion } from '../store/connectors.ts';
import { requireImportable } from './export-routes.ts';
import { buildPackage } from './package.ts';
import { appParams, scopedApp } from './shared.ts';

interface ExpressBody {
  environment: string;
  connectorName?: string;
  displayName?: string;
  mode?: 'create' | 'update' | 'upsert';
  fix?: boolean;
  includeTags?: string[];
  includeOperations?: string[];
  auth?: AuthAnswers;
}

const text = { type: 'string', minLength: 1, maxLength: 2048 } as const;

const authAnswersSchema = {
  type: 'object',
  description:
    'Answers to the authentication questions (see the connector prepare step): OAuth client ID and secret, Entra ID resource/login URL and tenant, generic OAuth URLs and scopes, or the API key label. The secret is stored encrypted and never returned.',
  properties: {
    clientId: text,
    clientSecret: text,
    resourceUri: text,
    loginUri: text,
    tenantId: text,
    authorizationUrl: text,
    tokenUrl: text,
    refreshUrl: text,
    scopes: { type: 'array', items: { type: 'string', maxLength: 512 }, maxItems: 100 },
    apiKeyLabel: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const expressResultSchema = {
  type: 'object',
  required: ['id', 'created', 'name', 'environment', 'version', 'revision'],
  properties: {
    id: { type: 'string', description: 'The connector id.' },
    created: { type: 'boolean', description: 'True when the connector is new, false when a version was added.' },
    name: { type: 'string' },
    displayName: { type: 'string' },
    environment: { type: 'string' },
    version: { type: 'integer', description: 'The connector version made by this export.' },
    revision: {
      type: 'object',
      required: ['id', 'number'],
      properties: { id: { type: 'string' }, number: { type: 'integer' } },
      description: 'The revision of the API app that was exported.',
    },
    auth: { type: 'object', additionalProperties: true, description: 'What connections will ask for (no secrets).' },
    redirectUrl: { type: 'string', description: 'The OAuth redirect URL to register, for OAuth connectors.' },
  },
} as const;

/** Route: POST /apps/{app}/export (express export into an environment). */
export async function expressExportRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { app: string }; Body: ExpressBody }>(
    '/api/v1/apps/:app/export',
    {
      config: { access: { app: 'contributor' } },
      schema: {
        operationId: 'ExpressExportApp',
        summary: 'Export into an environment as a custom connector',
        description:
          'Creates the custom connector (or a new version of it) in the environment from the current revision, with the authentication answers. Needs contributor on the app and maker in the environment.',
        tags: ['Export'],
        params: appParams,
        body: {
          type: 'object',
          required: ['environment'],
          properties: {
            environment: { type: 'string', minLength: 1, maxLength: 63, description: 'Environment name.' },
            connectorName: { ...nameSchema, description: 'Connector name (default: the app name).' },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            mode: {
              type: 'string',
              enum: ['create', 'update', 'upsert'],
              default: 'upsert',
              description: 'create refuses an existing connector, update a missing one; upsert does either.',
            },
            fix: { type: 'boolean', default: true, description: 'Apply the automatic Power Platform fixes.' },
            includeTags: { type: 'array', items: { type: 'string' }, maxItems: 200 },
            includeOperations: { type: 'array', items: { type: 'string' }, maxItems: 2000 },
            auth: authAnswersSchema,
          },
        },
        response: { 200: expressResultSchema, 201: expressResultSchema },
      },
    },
    async (req, reply) => {
      const record = scopedApp(req);
      const body = req.body;
      const actor = requireUser(req).user;
      const { environment, role } = await requireEnvironmentRole(req, body.environment, 'maker');
      const pkg = await buildPackage(app, record, {
        fix: body.fix !== false,
        splitByTag: false,
        ...(body.includeTags?.length ? { includeTags: body.includeTags } : {}),
        ...(body.includeOperations?.length ? { includeOperations: body.includeOperations } : {}),
        ...(body.displayName ? { connectorName: body.displayName } : {}),
      });
      requireImportable(pkg, record.name);
      const only = pkg.result.packages[0] ?? fail('package_invalid', 'The export produced no package.');
      const files = only.files;
      const report: ConnectorReport = {
        source: 'openapi',
        inputVersion: pkg.source.version.version,
        findings: [...pkg.result.findings, ...only.report.findings],
        fixes: only.report.fixes,
        losses: only.report.losses,
        normalizations: [],
        importable: only.report.importable,
      };
      const name = body.connectorName ?? record.name;
      const result = await app.store.transaction(async (trx) => {
        const made = await createOrUpdateConnector(
          { store: app.store, keyring: app.keyring, analyzer: app.analyzer, db: trx, request: req },
          {
            environment,
            name,
            ...(body.displayName ? { displayName: body.displayName } : {}),
            definition: JSON.parse(files['apiDefinition.swagger.json']) as JsonObject,
            properties: JSON.parse(files['apiProperties.json']) as JsonObject,
            settings: JSON.parse(files['settings.json']) as JsonObject,
            report,
            ...(body.auth ? { authAnswers: body.auth } : {}),
            actor,
            actorRole: role,
            sourceAppId: record.id,
            sourceRevisionId: pkg.source.revision.id,
            mode: body.mode ?? 'upsert',
          },
        );
        await recordAudit(trx, req, {
          action: 'app.export.express',
          resourceType: 'app',
          resourceId: record.id,
          summary: {
            app: record.name,
            revision: pkg.source.revision.number,
            environment: environment.name,
            connector: name,
            connectorVersion: made.version.version,
            created: made.created,
          },
        });
        const stored = await getConnectorVersion(trx, made.connector.id);
        return { made, properties: (stored?.properties ?? {}) as JsonObject };
      });
      const auth = authSummary(result.properties, result.made.version.hasOAuthClientSecret);
      const redirect = auth.oauth ? redirectUrls(app.config.publicUrl, name, result.properties).register : undefined;
      return reply.code(result.made.created ? 201 : 200).send({
        id: result.made.connector.id,
        created: result.made.created,
        name: result.made.connector.name,
        displayName: result.made.connector.displayName,
        environment: environment.name,
        version: result.made.version.version,
        revision: { id: pkg.source.revision.id, number: pkg.source.revision.number },
        auth,
        ...(redirect ? { redirectUrl: redirect } : {}),
      });
    },
  );
}
