/** Members of an API app: list (readers), set or remove a role (owners). The last owner cannot be removed. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import type { AppRole } from '../auth/roles.ts';
import { fail } from '../errors.ts';
import { appRoleSchema } from '../schemas.ts';
import { getAppRole, listAppMembers, removeAppRole, setAppRole } from '../store/apps.ts';
import type { Db } from '../store/store.ts';
import { findUser } from '../store/users.ts';
import { scopedApp } from './shared.ts';

const memberParams = {
  type: 'object',
  required: ['app', 'user'],
  properties: {
    app: { type: 'string', description: 'API app name.' },
    user: { type: 'string', description: 'User id or email.' },
  },
} as const;

const memberSchema = {
  type: 'object',
  required: ['user', 'role'],
  properties: { user: { $ref: 'User#' }, role: appRoleSchema },
} as const;

async function ownerCount(db: Db, appId: string): Promise<number> {
  return (await listAppMembers(db, appId)).filter((m) => m.role === 'owner').length;
}

/** Routes: GET /apps/{app}/members, PUT/DELETE /apps/{app}/members/{user}. */
export async function appMemberRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { app: string } }>(
    '/api/v1/apps/:app/members',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'ListAppMembers',
        summary: 'List members of an API app',
        description: 'Users with a role on the app: owner, contributor or reader.',
        tags: ['Apps'],
        params: { type: 'object', required: ['app'], properties: { app: { type: 'string' } } },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: memberSchema } } },
        },
      },
    },
    async (req) => ({ items: await listAppMembers(app.store.db, scopedApp(req).id) }),
  );

  app.put<{ Params: { app: string; user: string }; Body: { role: AppRole } }>(
    '/api/v1/apps/:app/members/:user',
    {
      config: { access: { app: 'owner' } },
      schema: {
        operationId: 'SetAppMember',
        summary: 'Set a member role on an API app',
        description:
          'Gives the user the role (owner, contributor or reader), replacing the one they had. Owners only; the last owner cannot step down.',
        tags: ['Apps'],
        params: memberParams,
        body: { type: 'object', required: ['role'], properties: { role: appRoleSchema } },
        response: { 200: memberSchema },
      },
    },
    async (req) => {
      const record = scopedApp(req);
      return app.store.transaction(async (trx) => {
        const user =
          (await findUser(trx, req.params.user)) ?? fail('user_not_found', `There is no user "${req.params.user}".`);
        const before = await getAppRole(trx, record.id, user.id);
        if (before === 'owner' && req.body.role !== 'owner' && (await ownerCount(trx, record.id)) <= 1) {
          fail('conflict', `${user.email} is the last owner of "${record.name}"; make someone else owner first.`);
        }
        await setAppRole(trx, record.id, user.id, req.body.role);
        await recordAudit(trx, req, {
          action: 'app.member.set',
          resourceType: 'app',
          resourceId: record.id,
          summary: { app: record.name, user: user.email, role: req.body.role, previous: before ?? null },
        });
        return { user, role: req.body.role };
      });
    },
  );

  app.delete<{ Params: { app: string; user: string } }>(
    '/api/v1/apps/:app/members/:user',
    {
      config: { access: { app: 'owner' } },
      schema: {
        operationId: 'RemoveAppMember',
        summary: 'Remove a member from an API app',
        description: 'Removes the user’s role on the app. Owners only; the last owner cannot be removed.',
        tags: ['Apps'],
        params: memberParams,
        response: { 204: { type: 'null', description: 'Removed.' } },
      },
    },
    async (req, reply) => {
      const record = scopedApp(req);
      await app.store.transaction(async (trx) => {
        const user =
          (await findUser(trx, req.params.user)) ?? fail('user_not_found', `There is no user "${req.params.user}".`);
        const role = await getAppRole(trx, record.id, user.id);
        if (!role) fail('user_not_found', `User "${user.email}" has no role on API app "${record.name}".`);
        if (role === 'owner' && (await ownerCount(trx, record.id)) <= 1) {
          fail('conflict', `${user.email} is the last owner of "${record.name}"; make someone else owner first.`);
        }
        await removeAppRole(trx, record.id, user.id);
        await recordAudit(trx, req, {
          action: 'app.member.remove',
          resourceType: 'app',
          resourceId: record.id,
          summary: { app: record.name, user: user.email },
        });
      });
      return reply.code(204).send();
    },
  );
}
