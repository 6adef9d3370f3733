/** Sign-in, sign-out and "who am I" for the portal and the CLI. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/password.ts';
import { endSession, startSession } from '../auth/session.ts';
import { PorticoError } from '../errors.ts';
import { environmentRoleSchema } from '../schemas.ts';
import { listEnvironmentsOfUser } from '../store/environments.ts';
import { findLogin } from '../store/users.ts';

/** Routes: POST /auth/login, POST /auth/logout, GET /me. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { email: string; password: string } }>(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'Login',
        summary: 'Sign in with email and password',
        description:
          'Starts a portal session: sets an HttpOnly session cookie and returns the CSRF token to send as ' +
          'X-CSRF-Token on every state-changing request made with that cookie.',
        tags: ['Identity'],
        body: {
          type: 'object',
          required: ['email', 'password'],
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 320 },
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['user', 'csrfToken', 'expiresAt'],
            properties: {
              user: { $ref: 'User#' },
              csrfToken: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { store } = app;
      const login = await findLogin(store.db, req.body.email);
      const ok =
        login?.passwordHash && !login.user.disabledAt
          ? await verifyPassword(req.body.password, login.passwordHash)
          : await verifyAgainstDummy(req.body.password);
      if (!ok || !login) {
        await recordAudit(store.db, req, {
          action: 'auth.login',
          outcome: 'failure',
          resourceType: 'session',
          actor: { id: login?.user.id ?? null, email: req.body.email.trim().toLowerCase() },
        });
        throw new PorticoError('invalid_credentials');
      }
      req.principal = { user: login.user, via: 'session' };
      const session = await store.transaction(async (trx) => {
        const started = await startSession(trx, req, reply, login.user);
        await recordAudit(trx, req, { action: 'auth.login', resourceType: 'session', resourceId: login.user.id });
        return started;
      });
      return { user: login.user, ...session };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'Logout',
        summary: 'Sign out of the portal session',
        description: 'Ends the session of the cookie and clears it; with a token, does nothing.',
        tags: ['Identity'],
        response: { 204: { type: 'null', description: 'Signed out.' } },
      },
    },
    async (req, reply) => {
      await app.store.transaction(async (trx) => {
        if (req.principal?.via === 'session') {
          await recordAudit(trx, req, {
            action: 'auth.logout',
            resourceType: 'session',
            resourceId: req.principal.user.id,
          });
        }
        await endSession(trx, req, reply);
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'GetMe',
        summary: 'Get the signed-in user',
        description: 'The caller, how they authenticated, and their role in each environment.',
        tags: ['Identity'],
        response: {
          200: {
            type: 'object',
            required: ['user', 'via', 'environments'],
            properties: {
              user: { $ref: 'User#' },
              via: { type: 'string', enum: ['session', 'token'] },
              environments: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'role'],
                  properties: {
                    name: { type: 'string' },
                    displayName: { type: 'string' },
                    role: environmentRoleSchema,
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const principal = requireUser(req);
      const environments = await listEnvironmentsOfUser(app.store.db, principal.user.id);
      return { user: principal.user, via: principal.via, environments };
    },
  );
}
