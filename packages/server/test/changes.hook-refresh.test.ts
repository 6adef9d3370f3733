/**
 * The deployment pipeline's ping on `POST /api/v1/apps/{app}/refresh` with the app's refresh webhook token
 * (`prt_…`): it makes a new revision like the `/refresh-hook` alias; wrong, revoked and other apps' tokens get
 * one 401; personal access tokens keep the contributor check; no token reaches the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp, setAppRole } from '../src/store/apps.ts';
import { addUser, errorCode, json, type TestUser } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { captureLogger } from './helpers/connectors.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
let f: AppsFixture;
let upstream: Upstream;
let otherUpstream: Upstream;
let reader: TestUser;
const capture = captureLogger();
const tokens: string[] = [];

const as = (who: TestUser, method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
  f.t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Json }) });

const ping = (token: string | undefined, app = 'pipe') =>
  f.t.app.inject({
    method: 'POST',
    url: `/api/v1/apps/${app}/refresh`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

async function newToken(app: string): Promise<string> {
  const made = await as(f.dev, 'POST', `/api/v1/apps/${app}/refresh-token`);
  expect(made.statusCode, made.body).toBe(201);
  const token = json<Json>(made).token as string;
  tokens.push(token);
  return token;
}

beforeAll(async () => {
  f = await appsFixture({ logger: capture.logger });
  upstream = await startUpstream(JSON.stringify(smallDocument('Pipe', ['listPipes'])));
  otherUpstream = await startUpstream(JSON.stringify(smallDocument('Other', ['listOthers'])));
  for (const [name, u] of [
    ['pipe', upstream],
    ['other', otherUpstream],
  ] as const) {
    const created = await as(f.dev, 'POST', '/api/v1/apps', { name, definitionUrl: `${u.url}/doc` });
    expect(created.statusCode, created.body).toBe(201);
  }
  reader = await addUser(f.t.store);
  await setAppRole(f.t.store.db, (await getApp(f.t.store.db, 'pipe'))!.id, reader.user.id, 'reader');
});

afterAll(async () => {
  await upstream.close();
  await otherUpstream.close();
  await f.close();
});

describe('POST /apps/{app}/refresh with the app webhook token', () => {
  it('makes a new revision when the pipeline pings after a deploy', async () => {
    const token = await newToken('pipe');
    const same = await ping(token);
    expect(same.statusCode, same.body).toBe(200);
    expect(json<Json>(same)).toMatchObject({ name: 'pipe', app: 'pipe', changed: false, notModified: true });
    upstream.set(JSON.stringify(smallDocument('Pipe', ['listPipes', 'countPipes'])));
    const res = await ping(token);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Json>(res)).toMatchObject({ name: 'pipe', changed: true, revision: 2, autoUpdates: [] });
    expect(res.body).not.toContain(token);
  });

  it('answers refresh_token_invalid for a wrong, revoked or other app’s token and an unknown app', async () => {
    const token = await newToken('pipe');
    const otherToken = await newToken('other');
    const unknown = await ping(token, 'nope');
    const answers = [await ping('prt_wrong'), await ping(otherToken), unknown];
    expect((await as(f.dev, 'DELETE', '/api/v1/apps/pipe/refresh-token')).statusCode).toBe(204);
    answers.push(await ping(token));
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(401);
      expect(errorCode(res)).toBe('refresh_token_invalid');
    }
    // The other app's token still works on its own app.
    expect((await ping(otherToken, 'other')).statusCode).toBe(200);
  });

  it('keeps the contributor check for personal access tokens and callers without credentials', async () => {
    upstream.set(JSON.stringify(smallDocument('Pipe', ['listPipes', 'countPipes', 'findPipes'])));
    const byDev = await as(f.dev, 'POST', '/api/v1/apps/pipe/refresh');
    expect(byDev.statusCode, byDev.body).toBe(200);
    expect(json<Json>(byDev)).toMatchObject({ name: 'pipe', changed: true });
    expect(json<Json>(byDev).autoUpdates).toBeUndefined();
    expect(errorCode(await as(reader, 'POST', '/api/v1/apps/pipe/refresh'))).toBe('forbidden');
    expect(errorCode(await ping(undefined))).toBe('unauthenticated');
    expect(errorCode(await ping('pat_unknown'))).toBe('invalid_token');
  });

  it('never writes a webhook token to the log or the audit log', async () => {
    const audit = await f.t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=500', headers: f.admin.auth });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('app.refresh-hook');
    for (const token of tokens) {
      expect(capture.lines.join('')).not.toContain(token);
      expect(audit.body).not.toContain(token);
    }
  });
});
