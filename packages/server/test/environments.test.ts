/** Users and environments: administrators create, environment admins manage members, roles are enforced. */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';

let t: TestApp;
let admin: TestUser;
let maker: TestUser;

beforeAll(async () => {
  t = await makeApp();
  admin = await addUser(t.store, { admin: true, email: 'root@example.com' });
  maker = await addUser(t.store, { email: 'maker@example.com' });
});
afterAll(async () => t.close());

const inject = (options: InjectOptions) => t.app.inject(options);

describe('users', () => {
  it('lets an administrator create a user who can then sign in and is a maker in default', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { email: 'New.Person@example.com', password: 'long enough pw', displayName: 'New Person' },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ email: 'new.person@example.com', displayName: 'New Person', admin: false });
    expect(res.body).not.toContain('long enough pw');
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.person@example.com', password: 'long enough pw' },
    });
    expect(login.statusCode).toBe(200);
    const me = await inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `portico_session=${login.cookies[0]?.value}` },
    });
    expect(json<{ environments: Array<{ name: string; role: string }> }>(me).environments).toEqual([
      { name: 'default', displayName: 'Default', role: 'maker' },
    ]);
  });

  it('refuses a duplicate email with a conflict and writes no second audit entry', async () => {
    const payload = { email: 'twice@example.com' };
    expect((await inject({ method: 'POST', url: '/api/v1/users', headers: admin.auth, payload })).statusCode).toBe(201);
    const again = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { email: 'TWICE@example.com' },
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('user_exists');
    const audit = await inject({ method: 'GET', url: '/api/v1/audit?action=user.create', headers: admin.auth });
    const entries = json<{ items: Array<{ summary: { email: string } }> }>(audit).items.filter(
      (e) => e.summary.email === 'twice@example.com',
    );
    expect(entries).toHaveLength(1);
  });

  it('refuses user administration to non-administrators', async () => {
    const list = await inject({ method: 'GET', url: '/api/v1/users', headers: maker.auth });
    expect(list.statusCode).toBe(403);
    expect(errorCode(list)).toBe('forbidden');
    const create = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: maker.auth,
      payload: { email: 'x@example.com' },
    });
    expect(create.statusCode).toBe(403);
    const all = json<{ items: Array<{ email: string }> }>(
      await inject({ method: 'GET', url: '/api/v1/users', headers: admin.auth }),
    );
    expect(all.items.map((u) => u.email)).not.toContain('x@example.com');
  });

  it('rejects a short password and a malformed email with the field named', async () => {
    const short = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { email: 'a@example.com', password: 'short' },
    });
    expect(errorCode(short)).toBe('validation_failed');
    expect(json<{ error: { details: Array<{ pointer: string }> } }>(short).error.details[0]?.pointer).toBe('/password');
    const email = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { email: 'not-an-email' },
    });
    expect(json<{ error: { details: Array<{ pointer: string }> } }>(email).error.details[0]?.pointer).toBe('/email');
  });
});

describe('environments', () => {
  it('lets an administrator create an environment and refuses a duplicate name', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: admin.auth,
      payload: { name: 'prod', displayName: 'Production' },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ name: 'prod', displayName: 'Production', role: 'admin' });
    const again = await inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: admin.auth,
      payload: { name: 'prod' },
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('environment_exists');
  });

  it('refuses names that cannot appear in a URL', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: admin.auth,
      payload: { name: 'Has Spaces' },
    });
    expect(res.statusCode).toBe(400);
    expect(json<{ error: { details: Array<{ pointer: string }> } }>(res).error.details[0]?.pointer).toBe('/name');
  });

  it('refuses environment creation to non-administrators', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: maker.auth,
      payload: { name: 'sneaky' },
    });
    expect(res.statusCode).toBe(403);
    const list = json<{ items: Array<{ name: string }> }>(
      await inject({ method: 'GET', url: '/api/v1/environments', headers: admin.auth }),
    );
    expect(list.items.map((e) => e.name)).not.toContain('sneaky');
  });

  it('hides environments from users without a role and shows them once a role is given', async () => {
    await inject({ method: 'POST', url: '/api/v1/environments', headers: admin.auth, payload: { name: 'team-a' } });
    const hidden = await inject({ method: 'GET', url: '/api/v1/environments/team-a', headers: maker.auth });
    expect(hidden.statusCode).toBe(404);
    expect(errorCode(hidden)).toBe('environment_not_found');
    const put = await inject({
      method: 'PUT',
      url: `/api/v1/environments/team-a/members/${maker.user.email}`,
      headers: admin.auth,
      payload: { role: 'user' },
    });
    expect(put.statusCode).toBe(200);
    expect(json(put)).toMatchObject({ role: 'user', user: { email: maker.user.email } });
    const visible = await inject({ method: 'GET', url: '/api/v1/environments/team-a', headers: maker.auth });
    expect(json(visible)).toMatchObject({ name: 'team-a', role: 'user' });
    const mine = json<{ items: Array<{ name: string; role: string }> }>(
      await inject({ method: 'GET', url: '/api/v1/environments', headers: maker.auth }),
    );
    expect(mine.items.map((e) => [e.name, e.role])).toEqual([
      ['default', 'maker'],
      ['team-a', 'user'],
    ]);
  });

  it('lets only environment admins manage members, naming the role needed', async () => {
    await inject({ method: 'POST', url: '/api/v1/environments', headers: admin.auth, payload: { name: 'team-b' } });
    await inject({
      method: 'PUT',
      url: `/api/v1/environments/team-b/members/${maker.user.id}`,
      headers: admin.auth,
      payload: { role: 'maker' },
    });
    const denied = await inject({
      method: 'PUT',
      url: `/api/v1/environments/team-b/members/${maker.user.id}`,
      headers: maker.auth,
      payload: { role: 'admin' },
    });
    expect(denied.statusCode).toBe(403);
    expect(json<{ error: { message: string; details: unknown } }>(denied).error).toMatchObject({
      details: { needed: 'admin', held: 'maker' },
    });

    await inject({
      method: 'PUT',
      url: `/api/v1/environments/team-b/members/${maker.user.id}`,
      headers: admin.auth,
      payload: { role: 'admin' },
    });
    const members = await inject({ method: 'GET', url: '/api/v1/environments/team-b/members', headers: maker.auth });
    expect(json<{ items: Array<{ role: string }> }>(members).items.map((m) => m.role)).toEqual(['admin']);
    const removed = await inject({
      method: 'DELETE',
      url: `/api/v1/environments/team-b/members/${maker.user.email}`,
      headers: maker.auth,
    });
    expect(removed.statusCode).toBe(204);
    const gone = await inject({ method: 'GET', url: '/api/v1/environments/team-b', headers: maker.auth });
    expect(gone.statusCode).toBe(404);
  });

  it('rejects an unknown role and an unknown user', async () => {
    const role = await inject({
      method: 'PUT',
      url: `/api/v1/environments/default/members/${maker.user.id}`,
      headers: admin.auth,
      payload: { role: 'owner' },
    });
    expect(errorCode(role)).toBe('validation_failed');
    const user = await inject({
      method: 'PUT',
      url: '/api/v1/environments/default/members/ghost@example.com',
      headers: admin.auth,
      payload: { role: 'user' },
    });
    expect(user.statusCode).toBe(404);
    expect(errorCode(user)).toBe('user_not_found');
    const absent = await inject({
      method: 'DELETE',
      url: '/api/v1/environments/default/members/ghost@example.com',
      headers: admin.auth,
    });
    expect(errorCode(absent)).toBe('user_not_found');
  });
});
