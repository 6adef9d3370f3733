/** The audit log: every change recorded with who, what, when and from where; readable by administrators only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubSecrets } from '../src/audit/record.ts';
import { insertAuditEntry, queryAudit } from '../src/store/audit.ts';
import { addUser, errorCode, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';

interface Entry {
  action: string;
  outcome: string;
  actorEmail: string | null;
  resourceType: string;
  resourceId: string | null;
  summary: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  at: string;
}

let t: TestApp;
let admin: TestUser;
let maker: TestUser;

beforeAll(async () => {
  t = await makeApp();
  admin = await addUser(t.store, { admin: true, email: 'auditor@example.com' });
  maker = await addUser(t.store, { email: 'someone@example.com' });
});
afterAll(async () => t.close());

async function audit(query = ''): Promise<{ items: Entry[]; nextCursor?: string }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: admin.auth });
  expect(res.statusCode).toBe(200);
  return json(res);
}

describe('audit log', () => {
  it('records a change with actor, action, resource, IP and user agent', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: { ...admin.auth, 'user-agent': 'audit-test/1.0' },
      payload: { name: 'audited' },
    });
    const env = json<{ id: string }>(res);
    const { items } = await audit(`?resourceId=${env.id}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      action: 'environment.create',
      outcome: 'success',
      actorEmail: 'auditor@example.com',
      resourceType: 'environment',
      resourceId: env.id,
      summary: { name: 'audited' },
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
    });
    expect(Date.parse(items[0]!.at)).not.toBeNaN();
  });

  it('records sign-ins and failed sign-ins without the password', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: maker.user.email, password: 'Wrong-Password-123' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: maker.user.email, password: maker.password },
    });
    const { items } = await audit('?action=auth.login');
    const mine = items.filter((e) => e.actorEmail === maker.user.email);
    expect(mine.map((e) => e.outcome)).toEqual(['success', 'failure']);
    const all = JSON.stringify(await audit('?limit=500'));
    expect(all).not.toContain('Wrong-Password-123');
    expect(all).not.toContain(maker.password);
  });

  it('records token creation without the token', async () => {
    const created = json<{ token: string; id: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: maker.auth, payload: { name: 'ci' } }),
    );
    const { items } = await audit(`?resourceType=token&resourceId=${created.id}`);
    expect(items.map((e) => e.action)).toEqual(['token.create']);
    expect(JSON.stringify(items)).not.toContain(created.token);
  });

  it('lists entries made in the same millisecond newest first, in the order they were written', async () => {
    const at = '2001-01-01T00:00:00.000Z';
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      const entry = await insertAuditEntry(t.store.db, {
        at,
        actorId: null,
        actorEmail: null,
        action: 'test.same-millisecond',
        outcome: 'success',
        resourceType: 'test',
        resourceId: String(i),
        summary: {},
        ip: null,
        userAgent: null,
      });
      written.push(entry.resourceId!);
    }
    const { entries } = await queryAudit(t.store.db, { action: 'test.same-millisecond' }, { limit: 50 });
    expect(entries.map((e) => e.resourceId)).toEqual([...written].reverse());
  });

  it('pages with a cursor and filters by actor and time', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await t.app.inject({ method: 'POST', url: '/api/v1/environments', headers: admin.auth, payload: { name } });
    }
    const first = await audit(`?action=environment.create&actor=${admin.user.id}&limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await audit(`?action=environment.create&actor=${admin.user.id}&limit=2&cursor=${first.nextCursor}`);
    const names = [...first.items, ...second.items].map((e) => e.summary.name);
    expect(names).toEqual(['page-c', 'page-b', 'page-a', 'audited']);
    const future = await audit(`?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.items).toEqual([]);
  });

  it('rejects a forged cursor and a bad limit with validation errors', async () => {
    const cursor = await t.app.inject({ method: 'GET', url: '/api/v1/audit?cursor=bm9wZQ', headers: admin.auth });
    expect(errorCode(cursor)).toBe('validation_failed');
    const limit = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=100000', headers: admin.auth });
    expect(errorCode(limit)).toBe('validation_failed');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/audit?colour=blue', headers: admin.auth });
    expect(
      json<{ error: { details: Array<{ pointer: string; in: string }> } }>(unknown).error.details[0],
    ).toMatchObject({
      in: 'querystring',
      pointer: '/colour',
    });
  });

  it('is readable by administrators only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: maker.auth });
    expect(res.statusCode).toBe(403);
  });

  it('scrubs secret-looking keys at any depth', () => {
    expect(
      scrubSecrets({ name: 'x', clientSecret: 's', nested: [{ api_key: 'k', ok: 1 }], Authorization: 'Bearer y' }),
    ).toEqual({
      name: 'x',
      clientSecret: '[redacted]',
      nested: [{ api_key: '[redacted]', ok: 1 }],
      Authorization: '[redacted]',
    });
  });
});
