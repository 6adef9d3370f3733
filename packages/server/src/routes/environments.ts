/** Environments and their members: list, create (administrators), and set or remove a member's role. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import type { EnvironmentRole } from '../auth/roles.ts';
import { fail } from '../errors.ts';
import { environmentRoleSchema, nameSchema } from '../schemas.ts';
import {
  createEnvironment,
  listEnvironmentMembers,
  listEnvironments,
  listEnvironmentsOfUser,
  removeEnvironmentRole,
  setEnvironmentRole,
} from '../store/environments.ts';
import { findUser } from '../store/users.ts';

const envParams = {
  type: 'object',
  required: ['env'],
  properties: { env: { type: 'string', description: 'Environment name.' } },
} as const;

const memberParams = {
  type: 'object',
  required: ['env', 'user'],
  properties: {
    env: { type: 'string', description: 'Environment name.' },
    user: { type: 'string', description: 'User id or email.' },
  },
} as const;

/** Routes: GET/POST /environments, GET /environments/{env}, GET /environments/{env}/members, PUT/DELETE /environments/{env}/members/{user}. */
export async function environmentRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/environments',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'ListEnvironments',
        summary: 'List environments',
        description: 'The environments where you have a role, with that role (administrators see all).',
        tags: ['Environments'],
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'Environment#' } } },
          },
        },
      },
    },
    async (req) => {
      const { user } = requireUser(req);
      if (!user.admin) return { items: await listEnvironmentsOfUser(app.store.db, user.id) };
      const items = await listEnvironments(app.store.db);
      return { items: items.map((e) => ({ ...e, role: 'admin' })) };
    },
  );

  app.post<{ Body: { name: string; displayName?: string } }>(
    '/api/v1/environments',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'CreateEnvironment',
        summary: 'Create an environment',
        description: 'Administrators only. Add members with PUT /environments/{env}/members/{user}.',
        tags: ['Environments'],
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: nameSchema, displayName: { type: 'string', maxLength: 200 } },
        },
        response: { 201: { $ref: 'Environment#' } },
      },
    },
    async (req, reply) => {
      const environment = await app.store.transaction(async (trx) => {
        const created = await createEnvironment(trx, { ...req.body, createdBy: requireUser(req).user.id });
        if (!created.ok) fail('environment_exists', `An environment named "${req.body.name}" already exists.`);
        await recordAudit(trx, req, {
          action: 'environment.create',
          resourceType: 'environment',
          resourceId: created.value.id,
          summary: { name: created.value.name },
        });
        return created.value;
      });
      return reply.code(201).send({ ...environment, role: 'admin' });
    },
  );

  app.get<{ Params: { env: string } }>(
    '/api/v1/environments/:env',
    {
      config: { access: { environment: 'user' } },
      schema: {
        operationId: 'GetEnvironment',
        summary: 'Get an environment',
        description: 'The environment and your role in it.',
        tags: ['Environments'],
        params: envParams,
        response: { 200: { $ref: 'Environment#' } },
      },
    },
    async (req) => ({ ...req.scope.environment, role: req.scope.environmentRole }),
  );

  app.get<{ Params: { env: string } }>(
    '/api/v1/environments/:env/members',
    {
      config: { access: { environment: 'admin' } },
      schema: {
        operationId: 'ListEnvironmentMembers',
        summary: 'List members of an environment',
        description: 'Users with a role in the environment. Environment admins only.',
        tags: ['Environments'],
        params: envParams,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'EnvironmentMember#' } } },
          },
        },
      },
    },
    async (req) => ({ items: await listEnvironmentMembers(app.store.db, req.scope.environment!.id) }),
  );

  app.put<{ Params: { env: string; user: string }; Body: { role: EnvironmentRole } }>(
    '/api/v1/environments/:env/members/:user',
    {
      config: { access: { environment: 'admin' } },
      schema: {
        operationId: 'SetEnvironmentMember',
        summary: 'Set a member role in an environment',
        description:
          'Gives the user the role (admin, maker or user), replacing the one they had. Environment admins only.',
        tags: ['Environments'],
        params: memberParams,
        body: { type: 'object', required: ['role'], properties: { role: environmentRoleSchema } },
        response: { 200: { $ref: 'EnvironmentMember#' } },
      },
    },
    async (req) => {
      const environment = req.scope.environment!;
      return app.store.transaction(async (trx) => {
        const user =
          (await findUser(trx, req.params.user)) ?? fail('user_not_found', `There is no user "${req.params.user}".`);
        await setEnvironmentRole(trx, environment.id, user.id, req.body.role);
        await recordAudit(trx, req, {
          action: 'environment.member.set',
          resourceType: 'environment',
          resourceId: environment.id,
          summary: { environment: environment.name, user: user.email, role: req.body.role },
        });
        return { user, role: req.body.role };
      });
    },
  );

  app.delete<{ Params: { env: string; user: string } }>(
    '/api/v1/environments/:env/members/:user',
    {
      config: { access: { environment: 'admin' } },
      schema: {
        operationId: 'RemoveEnvironmentMember',
        summary: 'Remove a member from an environment',
        description: 'Removes the user’s role in the environment. Environment admins only.',
        tags: ['Environments'],
        params: memberParams,
        response: { 204: { type: 'null', description: 'Removed.' } },
      },
    },
    async (req, reply) => {
      const environment = req.scope.environment!;
      await app.store.transaction(async (trx) => {
        const user =
          (await findUser(trx, req.params.user)) ?? fail('user_not_found', `There is no user "${req.params.user}".`);
        if (!(await removeEnvironmentRole(trx, environment.id, user.id))) {
          fail('user_not_found', `User "${user.email}" has no role in environment "${environment.name}".`);
        }
        await recordAudit(trx, req, {
          action: 'environment.member.remove',
          resourceType: 'environment',
          resourceId: environment.id,
          summary: { environment: environment.name, user: user.email },
        });
      });
      return reply.code(204).send();
    },
  );
}
