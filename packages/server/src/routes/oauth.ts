/**
 * OAuth 2.0 routes: the redirect endpoints providers send users back to (`/redirect` and
 * `/redirect/{connector}`, public: the single-use state is the proof), and re-authentication of a connection.
 * Also hands the process's token manager to the gateway runtime when there is one.
 */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { findConnection } from '../connections/service.ts';
import { fail } from '../errors.ts';
import { checkReturnTo, reauthenticateConnection } from '../oauth/connections.ts';
import { completeAuthorization, oauthDepsOf, oauthTokensOf, type RedirectQuery } from '../oauth/index.ts';
import { outcomePage, returnLocation } from '../oauth/page.ts';
import { actorOf } from './connector-context.ts';
import { connectionSchema } from './connector-schemas.ts';

const text = (v: unknown) => (typeof v === 'string' && v.length <= 4096 ? v : undefined);

/** Routes: GET /redirect, GET /redirect/{connector}, POST …/connections/{id}/reauthenticate. */
export async function oauthRoutes(app: FastifyInstance): Promise<void> {
  const tokens = oauthTokensOf(app);
  const runtime = (app as { gateway?: { tokens: unknown } }).gateway;
  if (runtime && runtime.tokens === undefined) runtime.tokens = tokens;

  const redirect = async (
    req: { query: unknown; principal?: { user: { id: string } } | null },
    reply: import('fastify').FastifyReply,
    connectorName?: string,
  ) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const query: RedirectQuery = {};
    for (const key of ['state', 'code', 'error', 'error_description'] as const) {
      const value = text(q[key]);
      if (value !== undefined) query[key] = value;
    }
    const outcome = await completeAuthorization(oauthDepsOf(app), {
      query,
      ...(connectorName !== undefined ? { connectorName } : {}),
      ...(req.principal ? { sessionUserId: req.principal.user.id } : {}),
    });
    if (outcome.ok && outcome.connectionId) tokens.forget(outcome.connectionId);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (outcome.returnTo)
      return reply.redirect(returnLocation(outcome.returnTo, outcome.connectionId, outcome.ok), 303);
    return reply
      .code(outcome.ok ? 200 : 400)
      .type('text/html; charset=utf-8')
      .send(outcomePage(outcome.ok, outcome.message));
  };

  const hidden = { hide: true } as const;
  app.get('/redirect', { schema: hidden, config: { access: 'public' } }, (req, reply) => redirect(req, reply));
  app.get<{ Params: { connector: string } }>(
    '/redirect/:connector',
    { schema: hidden, config: { access: 'public' } },
    (req, reply) => redirect(req, reply, req.params.connector),
  );

  app.post<{ Params: { env: string; id: string }; Body: { returnTo?: string } | undefined }>(
    '/api/v1/environments/:env/connections/:id/reauthenticate',
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'ReauthenticateConnection',
        summary: 'Sign an OAuth connection in again',
        description:
          'Starts the OAuth sign-in again for one of your connections without recreating it (answer: status "pending" and an `authorizationUrl`), or, for a client-credentials connection, gets a new token at once (status "connected").',
        tags: ['Connections'],
        params: {
          type: 'object',
          required: ['env', 'id'],
          properties: { env: { type: 'string' }, id: { type: 'string', description: 'Connection id.' } },
        },
        body: {
          type: ['object', 'null'],
          properties: {
            returnTo: { type: 'string', maxLength: 500, description: 'A path on this server to come back to.' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['id', 'status'],
            properties: {
              id: { type: 'string' },
              status: connectionSchema.properties.status,
              authorizationUrl: { type: 'string', description: 'Open this URL to sign in.' },
            },
          },
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { stored, connector } = await findConnection(app.store.db, req.scope.environment!, req.params.id, actor);
      if (stored.ownerId !== actor.user.id) {
        fail('forbidden', 'Only the owner of a connection can sign it in again; its tokens act as them.');
      }
      const returnTo = checkReturnTo(req.body?.returnTo);
      const started = await reauthenticateConnection(oauthDepsOf(app), {
        connection: stored,
        connector,
        userId: actor.user.id,
        ...(returnTo !== undefined ? { returnTo } : {}),
      });
      if (started.status === 'connected') tokens.forget(stored.id);
      await recordAudit(app.store.db, req, {
        action: 'connection.reauthenticate',
        resourceType: 'connection',
        resourceId: stored.id,
        summary: { connector: connector.name, status: started.status },
      });
      return { id: stored.id, ...started };
    },
  );
}
