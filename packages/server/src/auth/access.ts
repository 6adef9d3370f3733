/**
 * The single authorization helper every route uses, directly or through its declared `config.access`.
 * Callers without any role in a scope get 404 (the resource is not visible to them); callers with a
 * weaker role get 403 naming the role they need.
 */
import type { FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { getApp, getAppRole } from '../store/apps.ts';
import { getEnvironment, getEnvironmentRole } from '../store/environments.ts';
import type { Principal } from '../types.ts';
import { APP_ROLES, type AppRole, ENVIRONMENT_ROLES, type EnvironmentRole, roleSatisfies } from './roles.ts';

/** The caller, or 401 when the request is anonymous. */
export function requireUser(req: FastifyRequest): Principal {
  return req.principal ?? fail('unauthenticated');
}

/** The caller if they are a global administrator; 403 otherwise. */
export function requireAdmin(req: FastifyRequest): Principal {
  const principal = requireUser(req);
  if (!principal.user.admin) fail('forbidden', 'Only Portico administrators may do this.');
  return principal;
}

/** Resolves an environment by name and checks the caller holds at least `role` there (admins hold all). */
export async function requireEnvironmentRole(req: FastifyRequest, name: string, role: EnvironmentRole) {
  const principal = requireUser(req);
  const db = req.server.store.db;
  const environment =
    (await getEnvironment(db, name)) ?? fail('environment_not_found', `There is no environment "${name}".`);
  const held = principal.user.admin ? 'admin' : await getEnvironmentRole(db, environment.id, principal.user.id);
  if (!held) fail('environment_not_found', `There is no environment "${name}", or you have no role in it.`);
  if (!roleSatisfies(ENVIRONMENT_ROLES, held, role)) {
    fail('forbidden', `This needs the ${role} role in environment "${name}"; you are ${held}.`, { needed: role, held });
  }
  req.scope.environment = environment;
  req.scope.environmentRole = held;
  return { environment, role: held };
}

/** Resolves an API app by name and checks the caller holds at least `role` on it (admins hold all). */
export async function requireAppRole(req: FastifyRequest, name: string, role: AppRole) {
  const principal = requireUser(req);
  const db = req.server.store.db;
  const app = (await getApp(db, name)) ?? fail('app_not_found', `There is no API app "${name}".`);
  const held = principal.user.admin ? 'owner' : await getAppRole(db, app.id, principal.user.id);
  if (!held) fail('app_not_found', `There is no API app "${name}", or you have no role on it.`);
  if (!roleSatisfies(APP_ROLES, held, role)) {
    fail('forbidden', `This needs the ${role} role on API app "${name}"; you are ${held}.`, { needed: role, held });
  }
  req.scope.app = app;
  req.scope.appRole = held;
  return { app, role: held };
}
