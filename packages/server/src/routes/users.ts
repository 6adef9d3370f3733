/** User administration (global administrators): list and create local accounts. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { provisionUser } from '../auth/provision.ts';
import { fail } from '../errors.ts';
import { listUsers } from '../store/users.ts';

/** Routes: GET/POST /users. */
export async function userRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'ListUsers',
        summary: 'List users',
        description: 'Every user, oldest first. Administrators only.',
        tags: ['Administration'],
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'User#' } } },
          },
        },
      },
    },
    async () => ({ items: await listUsers(app.store.db) }),
  );

  app.post<{ Body: { email: string; password?: string; displayName?: string; admin?: boolean } }>(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'CreateUser',
        summary: 'Create a user',
        description:
          'Creates a local account; the new user is a maker in the default environment. Administrators only.',
        tags: ['Administration'],
        body: {
          type: 'object',
          required: ['email'],
          properties: {
            email: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$', maxLength: 320 },
            password: {
              type: 'string',
              minLength: MIN_PASSWORD_LENGTH,
              maxLength: 1024,
              description: 'Omit for token-only accounts.',
            },
            displayName: { type: 'string', maxLength: 200 },
            admin: { type: 'boolean', default: false, description: 'Make the user a global administrator.' },
          },
        },
        response: { 201: { $ref: 'User#' } },
      },
    },
    async (req, reply) => {
      const { password, ...rest } = req.body;
      const passwordHash = password ? await hashPassword(password) : null;
      const user = await app.store.transaction(async (trx) => {
        const created = await provisionUser(trx, { ...rest, passwordHash });
        if (!created.ok) fail('user_exists', `A user with email "${req.body.email}" already exists.`);
        await recordAudit(trx, req, {
          action: 'user.create',
          resourceType: 'user',
          resourceId: created.value.id,
          summary: { email: created.value.email, admin: created.value.admin },
        });
        return created.value;
      });
      return reply.code(201).send(user);
    },
  );
}
