/** Sharing a custom connector with a user or the whole environment (`*`), to use or to edit. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findEditableConnector } from '../connectors/access.ts';
import { audit } from '../connectors/service.ts';
import { fail } from '../errors.ts';
import { listConnectorShares, shareConnector, unshareConnector } from '../store/connectors.ts';
import { getEnvironmentRole } from '../store/environments.ts';
import { findUser, getUser } from '../store/users.ts';
import { actorOf } from './connector-context.ts';
import { connectorParams, shareSchema } from './connector-schemas.ts';

type ConnectorParams = { env: string; connector: string };
type ShareParams = ConnectorParams & { subject: string };

/** Routes: GET …/connectors/{name}/shares, PUT and DELETE …/connectors/{name}/shares/{user|*}. */
export function registerShareRoutes(app: FastifyInstance, base: string, tags: string[]): void {
  const shareParams = {
    type: 'object',
    required: ['env', 'connector', 'subject'],
    properties: {
      env: { type: 'string', description: 'Environment name.' },
      connector: { type: 'string', description: 'Connector name.' },
      subject: { type: 'string', description: 'A user id or email, or * for everyone in the environment.' },
    },
  } as const;

  async function target(req: FastifyRequest<{ Params: ShareParams }>) {
    const db = app.store.db;
    if (req.params.subject === '*') return { target: 'environment' as const, email: null };
    const user = await findUser(db, req.params.subject);
    const role = user && (user.admin ? 'admin' : await getEnvironmentRole(db, req.scope.environment!.id, user.id));
    if (!user || !role) {
      fail(
        'user_not_found',
        `There is no user "${req.params.subject}" with a role in environment "${req.scope.environment!.name}".`,
      );
    }
    return { target: { userId: user.id }, email: user.email };
  }

  app.get<{ Params: ConnectorParams }>(
    `${base}/:connector/shares`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'ListConnectorShares',
        summary: 'List shares of a connector',
        description: 'Who the connector is shared with, and for what (use or edit).',
        tags,
        params: connectorParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: shareSchema } } },
        },
      },
    },
    async (req) => {
      const connector = await findEditableConnector(
        app.store.db,
        req.scope.environment!,
        req.params.connector,
        actorOf(req),
      );
      const shares = await listConnectorShares(app.store.db, connector.id);
      const items = [];
      for (const s of shares) {
        const user = s.userId ? await getUser(app.store.db, s.userId) : undefined;
        items.push({ ...s, email: user?.email ?? null });
      }
      return { items };
    },
  );

  app.put<{ Params: ShareParams; Body: { permission?: 'use' | 'edit' } }>(
    `${base}/:connector/shares/:subject`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'ShareConnector',
        summary: 'Share a connector',
        description:
          'Shares the connector with a user (id or email) or with everyone in the environment (*), to use or to edit.',
        tags,
        params: shareParams,
        body: {
          type: 'object',
          properties: { permission: { type: 'string', enum: ['use', 'edit'], default: 'use' } },
        },
        response: { 200: shareSchema },
      },
    },
    async (req) => {
      const environment = req.scope.environment!;
      const actor = actorOf(req);
      const who = await target(req);
      return app.store.transaction(async (trx) => {
        const connector = await findEditableConnector(trx, environment, req.params.connector, actor);
        const share = await shareConnector(trx, connector.id, who.target, req.body?.permission ?? 'use');
        await audit(trx, req, actor.user, {
          action: 'connector.share',
          resourceType: 'connector',
          resourceId: connector.id,
          summary: {
            environment: environment.name,
            name: connector.name,
            subject: share.subject,
            permission: share.permission,
          },
        });
        return { ...share, email: who.email };
      });
    },
  );

  app.delete<{ Params: ShareParams }>(
    `${base}/:connector/shares/:subject`,
    {
      config: { access: { environment: 'maker' } },
      schema: {
        operationId: 'UnshareConnector',
        summary: 'Stop sharing a connector',
        description: 'Removes the share of a user (id or email) or of the whole environment (*).',
        tags,
        params: shareParams,
        response: { 204: { type: 'null', description: 'Removed.' } },
      },
    },
    async (req, reply) => {
      const environment = req.scope.environment!;
      const actor = actorOf(req);
      const who = await target(req);
      await app.store.transaction(async (trx) => {
        const connector = await findEditableConnector(trx, environment, req.params.connector, actor);
        if (!(await unshareConnector(trx, connector.id, who.target))) {
          fail(
            'user_not_found',
            `Connector "${connector.name}" is not shared with ${req.params.subject === '*' ? 'the environment' : req.params.subject}.`,
          );
        }
        await audit(trx, req, actor.user, {
          action: 'connector.unshare',
          resourceType: 'connector',
          resourceId: connector.id,
          summary: { environment: environment.name, name: connector.name, subject: req.params.subject },
        });
      });
      return reply.code(204).send();
    },
  );
}
