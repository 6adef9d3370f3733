/** Personal access tokens of the caller: list (no secrets), create (secret shown once), revoke. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import { newPersonalAccessToken } from '../auth/secrets.ts';
import { fail } from '../errors.ts';
import { createAccessToken, getAccessToken, listAccessTokens, revokeAccessToken } from '../store/tokens.ts';

const MAX_DAYS = 3650;

/** Routes: GET/POST /tokens, DELETE /tokens/{id}. */
export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'ListTokens',
        summary: 'List my personal access tokens',
        description: 'Your tokens, newest first, without their secrets.',
        tags: ['Identity'],
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'AccessToken#' } } },
          },
        },
      },
    },
    async (req) => ({ items: await listAccessTokens(app.store.db, requireUser(req).user.id) }),
  );

  app.post<{ Body: { name: string; expiresInDays?: number } }>(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'CreateToken',
        summary: 'Create a personal access token',
        description:
          'Returns the token once, in `token`; Portico stores only its hash. Send it as "Authorization: Bearer <token>".',
        tags: ['Identity'],
        body: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the token is for.' },
            expiresInDays: {
              type: 'integer',
              minimum: 1,
              maximum: MAX_DAYS,
              description: 'Omit for a token that does not expire.',
            },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['id', 'name', 'prefix', 'createdAt', 'token'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              prefix: { type: 'string' },
              createdAt: { type: 'string', format: 'date-time' },
              expiresAt: { type: ['string', 'null'], format: 'date-time' },
              token: { type: 'string', description: 'The secret; shown only in this response.' },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const user = requireUser(req).user;
      const { token, hash, prefix } = newPersonalAccessToken();
      const days = req.body.expiresInDays;
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000).toISOString() : null;
      const created = await app.store.transaction(async (trx) => {
        const record = await createAccessToken(trx, {
          userId: user.id,
          name: req.body.name,
          prefix,
          tokenHash: hash,
          expiresAt,
        });
        await recordAudit(trx, req, {
          action: 'token.create',
          resourceType: 'token',
          resourceId: record.id,
          summary: { name: record.name, expiresAt },
        });
        return record;
      });
      return reply.code(201).send({ ...created, token });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'RevokeToken',
        summary: 'Revoke a personal access token',
        description: 'The token stops working at once. Revoking an already revoked token is an error.',
        tags: ['Identity'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Token id.' } } },
        response: { 204: { type: 'null', description: 'Revoked.' } },
      },
    },
    async (req, reply) => {
      const user = requireUser(req).user;
      await app.store.transaction(async (trx) => {
        const token = await getAccessToken(trx, user.id, req.params.id);
        if (!token || !(await revokeAccessToken(trx, user.id, req.params.id))) {
          fail('token_not_found', `You have no active access token with id "${req.params.id}".`);
        }
        await recordAudit(trx, req, {
          action: 'token.revoke',
          resourceType: 'token',
          resourceId: token.id,
          summary: { name: token.name },
        });
      });
      app.tokenCache.clear();
      return reply.code(204).send();
    },
  );
}
