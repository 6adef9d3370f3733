/**
 * Every route × every kind of caller: the access rule each route declares (config.access) is what the
 * server enforces. New routes are covered automatically: they are read from the app's route table, with
 * `{env}` / `{app}` path parameters pointing at fixtures where each caller has a known role.
 */
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Access,
  APP_ROLES,
  type AppRole,
  ENVIRONMENT_ROLES,
  type EnvironmentRole,
  roleSatisfies,
} from '../src/auth/roles.ts';
import { createApp, getApp, removeAppRole, setAppRole } from '../src/store/apps.ts';
import { createEnvironment, getEnvironment, setEnvironmentRole } from '../src/store/environments.ts';
import { addUser, makeApp, type TestApp } from './helpers/app.ts';

const ENV = 'matrix';
const APP = 'matrix-app';

/** A kind of caller: how it authenticates and which roles it holds on the fixtures. */
interface Caller {
  name: string;
  headers: Record<string, string>;
  admin?: boolean;
  envRole?: EnvironmentRole;
  appRole?: AppRole;
  anonymous?: boolean;
}

/** Whether the access rule admits the caller (the specification the server is checked against). */
function admits(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (caller.anonymous) return false;
  if (access === 'authenticated' || caller.admin) return true;
  if (access === 'admin') return false;
  if ('environment' in access) return roleSatisfies(ENVIRONMENT_ROLES, caller.envRole, access.environment);
  return roleSatisfies(APP_ROLES, caller.appRole, access.app);
}

const DENIAL_CODES = new Set([
  'unauthenticated',
  'forbidden',
  'environment_not_found',
  'app_not_found',
  'invalid_token',
  'session_expired',
]);

let t: TestApp;
const callers: Caller[] = [];
let rootId: string;
const envMembers: Array<[string, EnvironmentRole]> = [];
const appMembers: Array<[string, AppRole]> = [];

/** Re-creates the fixtures (with their roles) when a route under test deleted them. */
async function ensureFixtures(): Promise<void> {
  if (!(await getEnvironment(t.store.db, ENV))) {
    const env = await createEnvironment(t.store.db, { name: ENV, createdBy: rootId });
    if (!env.ok) throw new Error('fixture environment exists');
    for (const [userId, role] of envMembers) await setEnvironmentRole(t.store.db, env.value.id, userId, role);
  }
  if (!(await getApp(t.store.db, APP))) {
    const app = await createApp(t.store.db, { name: APP, source: { kind: 'upload' }, createdBy: rootId });
    if (!app.ok) throw new Error('fixture app exists');
    for (const [userId, role] of appMembers) await setAppRole(t.store.db, app.value.id, userId, role);
    // The creator became owner; on the fixture only the app-owner caller is.
    await removeAppRole(t.store.db, app.value.id, rootId);
  }
}

/** Stand-ins for the feature routes to come, so every kind of access rule is exercised now. */
const probeRoutes: FastifyPluginAsync = async (app) => {
  const rules: Array<[string, 'GET' | 'POST' | 'DELETE', Access]> = [
    ['/api/v1/probe/apps/:app', 'GET', { app: 'reader' }],
    ['/api/v1/probe/apps/:app', 'POST', { app: 'contributor' }],
    ['/api/v1/probe/apps/:app', 'DELETE', { app: 'owner' }],
    ['/api/v1/probe/environments/:env/make', 'POST', { environment: 'maker' }],
  ];
  for (const [url, method, access] of rules) {
    app.route({
      method,
      url,
      config: { access },
      schema: { operationId: `Probe${method}${url.includes('apps') ? 'App' : 'Env'}`, summary: 'Probe' },
      handler: async (req) => ({
        app: req.scope.app?.name,
        appRole: req.scope.appRole,
        env: req.scope.environment?.name,
      }),
    });
  }
};

beforeAll(async () => {
  t = await makeApp({ extraFeatures: [probeRoutes] });
  const root = await addUser(t.store, { admin: true });
  rootId = root.user.id;
  callers.push({ name: 'anonymous', headers: {}, anonymous: true });
  callers.push({ name: 'global admin', headers: root.auth, admin: true });
  callers.push({ name: 'user without roles', headers: (await addUser(t.store)).auth });
  for (const role of ENVIRONMENT_ROLES) {
    const u = await addUser(t.store);
    envMembers.push([u.user.id, role]);
    callers.push({ name: `environment ${role}`, headers: u.auth, envRole: role });
  }
  for (const role of APP_ROLES) {
    const u = await addUser(t.store);
    appMembers.push([u.user.id, role]);
    callers.push({ name: `app ${role}`, headers: u.auth, appRole: role });
  }
  await ensureFixtures();
});
afterAll(async () => t.close());

function concreteUrl(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    name === 'env' ? ENV : name === 'app' ? APP : `missing-${name}`,
  );
}

describe('route × role', () => {
  it('hands the resolved app or environment and the caller role to the handler', async () => {
    const contributor = callers.find((c) => c.appRole === 'contributor')!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/probe/apps/${APP}`,
      headers: contributor.headers,
      payload: {},
    });
    expect(JSON.parse(res.body)).toEqual({ app: APP, appRole: 'contributor' });
    const admin = callers.find((c) => c.admin)!;
    const asAdmin = await t.app.inject({ method: 'DELETE', url: `/api/v1/probe/apps/${APP}`, headers: admin.headers });
    expect(JSON.parse(asAdmin.body)).toEqual({ app: APP, appRole: 'owner' });
  });

  it('declares an access rule on every route and has at least the foundation routes', () => {
    const table = t.app.routeTable;
    expect(table.length).toBeGreaterThanOrEqual(20);
    expect(table.filter((r) => typeof r.access === 'object' && 'app' in r.access).length).toBeGreaterThanOrEqual(3);
    for (const route of table) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('lets exactly the callers the access rule names through, on every route', async () => {
    const failures: string[] = [];
    for (const route of t.app.routeTable) {
      for (const caller of callers) {
        await ensureFixtures();
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers: caller.headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        let code: string | undefined;
        try {
          code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        const denied = code !== undefined && DENIAL_CODES.has(code);
        const expected = admits(route.access, caller);
        if (expected === denied) {
          failures.push(
            `${route.method} ${route.url} as ${caller.name}: expected ${expected ? 'allowed' : 'denied'}, got ${res.statusCode} ${code ?? ''}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
