/**
 * Connections of an environment: create (API key, basic, no authentication, or OAuth 2.0 — see src/oauth),
 * list and get (status, never a secret), delete, and test against the real upstream API.
 */
import type { FastifyInstance } from 'fastify';
import type { ParameterValue } from '../connections/parameters.ts';
import {
  connectionView,
  createConnectionFor,
  deleteConnectionFor,
  findConnection,
  listConnectionsFor,
  testConnection,
} from '../connections/service.ts';
import { oauthDepsOf, oauthTokensOf } from '../oauth/index.ts';
import { actorOf, allowHostEntries } from './connector-context.ts';
import { connectionSchema, envParams } from './connector-schemas.ts';

/** A created connection: OAuth sign-ins add where to send the user. */
const createdConnectionSchema = {
  ...connectionSchema,
  properties: {
    ...connectionSchema.properties,
    authorizationUrl: {
      type: 'string',
      description:
        'OAuth (authorization code): open this URL to sign in; the provider sends the user back to /redirect.',
    },
  },
} as const;

const connectionParams = {
  type: 'object',
  required: ['env', 'id'],
  properties: {
    env: { type: 'string', description: 'Environment name.' },
    id: { type: 'string', description: 'Connection id.' },
  },
} as const;

type CreateBody = {
  connector: string;
  displayName?: string;
  parameters?: Record<string, ParameterValue>;
  parameterSet?: string;
  grant?: 'authorization_code' | 'client_credentials';
  returnTo?: string;
};

/** Routes under /api/v1/environments/{env}/connections. */
export async function connectionRoutes(app: FastifyInstance): Promise<void> {
  const base = '/api/v1/environments/:env/connections';
  const tags = ['Connections'];
  const deps = () => ({ store: app.store, keyring: app.keyring, oauth: oauthDepsOf(app), tokens: oauthTokensOf(app) });

  app.post<{ Params: { env: string }; Body: CreateBody }>(
    base,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'CreateConnection',
        summary: 'Create a connection',
        description:
          'Creates your connection to a connector. `parameters` uses the connection parameter names of its apiProperties.json, e.g. { "api_key": "…" } or { "username": "…", "password": "…" }. Secret values are stored encrypted and never returned. For an OAuth 2.0 connector the answer has status "pending" and an `authorizationUrl` to send the user to (authorization code with PKCE); with `grant: "client_credentials"` Portico gets a token for the client itself and the connection is "connected" at once.',
        tags,
        params: envParams,
        body: {
          type: 'object',
          required: ['connector'],
          properties: {
            connector: { type: 'string', minLength: 1, maxLength: 63, description: 'Connector name.' },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            parameters: {
              type: 'object',
              additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 8000 },
              maxProperties: 50,
              description: 'Connection parameters by their apiProperties.json names.',
            },
            parameterSet: { type: 'string', description: 'For connectors with several ways to authenticate.' },
            grant: {
              type: 'string',
              enum: ['authorization_code', 'client_credentials'],
              description:
                'OAuth connectors only: authorization_code (default; the user signs in) or client_credentials.',
            },
            returnTo: {
              type: 'string',
              maxLength: 500,
              description:
                'OAuth sign-in: a path on this server the browser returns to afterwards (else a small page).',
            },
          },
        },
        response: { 201: createdConnectionSchema },
      },
    },
    async (req, reply) => {
      const view = await createConnectionFor(
        { ...deps(), request: req },
        {
          environment: req.scope.environment!,
          connector: req.body.connector,
          ...(req.body.displayName !== undefined ? { displayName: req.body.displayName } : {}),
          parameters: req.body.parameters ?? {},
          ...(req.body.parameterSet !== undefined ? { parameterSet: req.body.parameterSet } : {}),
          ...(req.body.grant !== undefined ? { grant: req.body.grant } : {}),
          ...(req.body.returnTo !== undefined ? { returnTo: req.body.returnTo } : {}),
          actor: actorOf(req),
        },
      );
      return reply.code(201).send(view);
    },
  );

  app.get<{ Params: { env: string }; Querystring: { connector?: string } }>(
    base,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'ListConnections',
        summary: 'List connections',
        description:
          'Your connections in the environment (environment admins see all), with their status; never a secret.',
        tags,
        params: envParams,
        querystring: {
          type: 'object',
          properties: { connector: { type: 'string', description: 'Only connections to this connector.' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: connectionSchema } },
          },
        },
      },
    },
    async (req) => ({
      items: await listConnectionsFor(deps(), req.scope.environment!, actorOf(req), req.query.connector),
    }),
  );

  app.get<{ Params: { env: string; id: string } }>(
    `${base}/:id`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'GetConnection',
        summary: 'Get a connection',
        description: 'One of your connections with its status; never a secret.',
        tags,
        params: connectionParams,
        response: { 200: connectionSchema },
      },
    },
    async (req) => {
      const environment = req.scope.environment!;
      const { stored, connector } = await findConnection(app.store.db, environment, req.params.id, actorOf(req));
      const { credentials: _sealed, ...connection } = stored;
      return connectionView(connection, connector, environment);
    },
  );

  app.delete<{ Params: { env: string; id: string } }>(
    `${base}/:id`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'DeleteConnection',
        summary: 'Delete a connection',
        description: 'Deletes one of your connections and its stored credentials.',
        tags,
        params: connectionParams,
        response: { 204: { type: 'null', description: 'Deleted.' } },
      },
    },
    async (req, reply) => {
      await deleteConnectionFor({ ...deps(), request: req }, req.scope.environment!, req.params.id, actorOf(req));
      oauthTokensOf(app).forget(req.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { env: string; id: string } }>(
    `${base}/:id/test`,
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'TestConnection',
        summary: 'Test a connection',
        description:
          "Calls the connector's testConnection operation (or a GET without required parameters) with the connection's credentials and records the outcome as its status.",
        tags,
        params: connectionParams,
        response: {
          200: {
            type: 'object',
            required: ['ok', 'status', 'message'],
            properties: {
              ok: { type: 'boolean' },
              status: { type: ['integer', 'null'], description: 'Upstream HTTP status; null when it did not answer.' },
              message: { type: 'string' },
              operationId: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (req) =>
      testConnection(deps(), req.scope.environment!, req.params.id, actorOf(req), allowHostEntries(app.config)),
  );
}
