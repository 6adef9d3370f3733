/**
 * Detection paths of issue 6 besides the schedule: the refresh webhook with a per-app token (made and rotated by
 * owners, shown once, stored hashed), the schedule settings, the timer-driven scheduler, and automatic
 * non-breaking updates of linked connectors (breaking ones wait for a person).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeScheduler } from '../src/changes/scheduler.ts';
import { getSchedule } from '../src/changes/store.ts';
import { getApp, setAppRole } from '../src/store/apps.ts';
import { addUser, errorCode, json, type TestUser } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { fakeClock, fakeTimer } from './helpers/changes.ts';
import { captureLogger } from './helpers/connectors.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
const ENV = '/api/v1/environments/default';
let f: AppsFixture;
let upstream: Upstream;
let reader: TestUser;
const capture = captureLogger();
const tokensMade: string[] = [];

const as = (who: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  f.t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Json }) });

const hook = (token: string | undefined, app = 'things') =>
  f.t.app.inject({
    method: 'POST',
    url: `/api/v1/apps/${app}/refresh-hook`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  f = await appsFixture({ logger: capture.logger });
  upstream = await startUpstream(JSON.stringify(smallDocument('Things', ['listThings', 'getThing'])));
  const created = await as(f.dev, 'POST', '/api/v1/apps', { name: 'things', definitionUrl: `${upstream.url}/doc` });
  expect(created.statusCode, created.body).toBe(201);
  reader = await addUser(f.t.store);
  const app = (await getApp(f.t.store.db, 'things'))!;
  await setAppRole(f.t.store.db, app.id, reader.user.id, 'reader');
  const exported = await as(f.dev, 'POST', '/api/v1/apps/things/export', { environment: 'default' });
  expect(exported.statusCode, exported.body).toBe(201);
});

afterAll(async () => {
  await upstream.close();
  await f.close();
});

describe('refresh webhook', () => {
  it('shows a new token once, keeps only its hash, and rotates it', async () => {
    const made = await as(f.dev, 'POST', '/api/v1/apps/things/refresh-token');
    expect(made.statusCode, made.body).toBe(201);
    const { token, prefix, hookUrl } = json<Json>(made);
    tokensMade.push(token);
    expect(token).toMatch(/^prt_/);
    expect(hookUrl).toMatch(/\/api\/v1\/apps\/things\/refresh$/);
    const schedule = json<Json>(await as(f.dev, 'GET', '/api/v1/apps/things/refresh-schedule'));
    expect(schedule.hookToken).toMatchObject({ prefix });
    expect(JSON.stringify(schedule)).not.toContain(token);
    const app = (await getApp(f.t.store.db, 'things'))!;
    const stored = (await getSchedule(f.t.store.db, app.id))!;
    expect(stored.hookTokenHash).not.toContain(token);
    expect(stored.hookTokenHash).toMatch(/^[0-9a-f]{64}$/);

    expect(json<Json>(await hook(token))).toMatchObject({ app: 'things', changed: false, notModified: true });
    const rotated = json<Json>(await as(f.dev, 'POST', '/api/v1/apps/things/refresh-token')).token as string;
    tokensMade.push(rotated);
    expect(errorCode(await hook(token))).toBe('refresh_token_invalid');
    expect((await hook(rotated)).statusCode).toBe(200);
  });

  it('refuses a missing or wrong token, a personal access token, and unknown apps alike', async () => {
    for (const res of [
      await hook(undefined),
      await hook('prt_wrong'),
      await hook(f.dev.token),
      await hook('prt_x', 'nope'),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('refresh_token_invalid');
    }
  });

  it('makes a new revision with its diff when the pipeline pings after a deploy', async () => {
    const token = json<Json>(await as(f.dev, 'POST', '/api/v1/apps/things/refresh-token')).token as string;
    upstream.set(JSON.stringify(smallDocument('Things', ['listThings', 'getThing', 'countThings'])));
    const res = await hook(token);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Json>(res)).toMatchObject({ changed: true, revision: 2 });
    const diff = json<Json>(await as(reader, 'GET', '/api/v1/apps/things/revisions/2/diff'));
    expect(diff.summary).toMatchObject({ breaking: 0 });
    expect(diff.changes).toEqual([expect.objectContaining({ kind: 'operation-added', operationId: 'countThings' })]);
  });

  it('lets only owners make or revoke tokens, and revoking stops the webhook', async () => {
    expect(errorCode(await as(reader, 'POST', '/api/v1/apps/things/refresh-token'))).toBe('forbidden');
    const token = json<Json>(await as(f.dev, 'POST', '/api/v1/apps/things/refresh-token')).token as string;
    expect((await as(f.dev, 'DELETE', '/api/v1/apps/things/refresh-token')).statusCode).toBe(204);
    expect(errorCode(await hook(token))).toBe('refresh_token_invalid');
  });
});

describe('secrets', () => {
  it('never writes a webhook token to the log or the audit log', async () => {
    expect(tokensMade.length).toBeGreaterThan(0);
    const audit = await f.t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=500', headers: f.admin.auth });
    expect(audit.statusCode).toBe(200);
    for (const token of tokensMade) {
      expect(capture.lines.join('')).not.toContain(token);
      expect(audit.body).not.toContain(token);
    }
  });
});

describe('schedule settings', () => {
  it('sets the interval and moves the next check; refuses intervals out of range and readers', async () => {
    const set = await as(f.dev, 'PUT', '/api/v1/apps/things/refresh-schedule', { intervalSeconds: 600 });
    expect(set.statusCode, set.body).toBe(200);
    const view = json<Json>(set);
    expect(view).toMatchObject({ enabled: true, intervalSeconds: 600 });
    expect(Date.parse(view.nextCheckAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(errorCode(await as(f.dev, 'PUT', '/api/v1/apps/things/refresh-schedule', { intervalSeconds: 5 }))).toBe(
      'validation_failed',
    );
    expect(errorCode(await as(f.dev, 'PUT', '/api/v1/apps/things/refresh-schedule', { every: 5 }))).toBe(
      'validation_failed',
    );
    expect(errorCode(await as(reader, 'PUT', '/api/v1/apps/things/refresh-schedule', { enabled: false }))).toBe(
      'forbidden',
    );
  });

  it('runs ticks from its timer and stops cleanly', async () => {
    const timer = fakeTimer();
    const scheduler = createChangeScheduler(f.t.app, { clock: fakeClock(), timer, tickMs: 1000 });
    scheduler.start();
    expect(timer.pending()).toBe(1);
    timer.fire();
    await scheduler.stop();
    expect(timer.pending()).toBe(0);
  });
});

describe('automatic updates of linked connectors', () => {
  const CONNECTOR = `${ENV}/connectors/things`;

  it('applies a non-breaking change found by the scheduler when the connector asks for it', async () => {
    const clock = fakeClock();
    const scheduler = createChangeScheduler(f.t.app, { clock, timer: fakeTimer() });
    // Bring the connector up to date by hand first (revision 2 came by webhook).
    expect((await as(f.dev, 'POST', `${CONNECTOR}/update`, {})).statusCode).toBe(200);
    const settings = await as(f.dev, 'PUT', `${CONNECTOR}/update-settings`, { autoUpdate: true });
    expect(json<Json>(settings)).toEqual({ autoUpdate: true });
    const before = json<Json>(await as(f.dev, 'GET', `${CONNECTOR}/versions`)).items.length;

    upstream.set(JSON.stringify(smallDocument('Things', ['listThings', 'getThing', 'countThings', 'findThings'])));
    clock.advance(7 * 24 * 3_600_000);
    const report = await scheduler.tick();
    expect(report.checked[0]).toMatchObject({ changed: true, autoUpdates: [{ name: 'things', applied: true }] });
    expect(json<Json>(await as(f.dev, 'GET', `${CONNECTOR}/versions`)).items.length).toBe(before + 1);
    expect(json<Json>(await as(f.dev, 'GET', `${CONNECTOR}/update`))).toMatchObject({ updateAvailable: false });
  });

  it('leaves a breaking change for a person, saying why', async () => {
    const clock = fakeClock(new Date(Date.now() + 30 * 24 * 3_600_000));
    const scheduler = createChangeScheduler(f.t.app, { clock, timer: fakeTimer() });
    upstream.set(JSON.stringify(smallDocument('Things', ['listThings'])));
    const report = await scheduler.tick();
    const outcome = report.checked[0]!;
    expect(outcome).toMatchObject({ changed: true });
    expect(outcome.autoUpdates[0]).toMatchObject({ name: 'things', applied: false });
    expect(outcome.autoUpdates[0]!.reason).toMatch(/breaking/);
    const update = json<Json>(await as(f.dev, 'GET', `${CONNECTOR}/update`));
    expect(update.updateAvailable).toBe(true);
    expect(update.breakingChanges.join(' ')).toMatch(/getThing/);
  });

  it('refuses resolutions with an unknown choice or unknown fields', async () => {
    const bad = await as(f.dev, 'POST', `${CONNECTOR}/update`, { resolutions: [{ pointer: '/x', choice: 'mine' }] });
    expect(errorCode(bad)).toBe('validation_failed');
    expect(errorCode(await as(f.dev, 'POST', `${CONNECTOR}/update`, { force: true }))).toBe('validation_failed');
    expect(errorCode(await as(f.dev, 'PUT', `${CONNECTOR}/update-settings`, {}))).toBe('validation_failed');
  });

  it('answers connector_not_linked for a connector uploaded by hand, and hides connectors from other makers', async () => {
    const made = await as(f.dev, 'POST', `${ENV}/connectors`, {
      name: 'by-hand',
      definition: JSON.stringify(smallDocument('By hand')),
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/by-hand/update`))).toMatchObject({
      linked: false,
      updateAvailable: false,
    });
    expect(errorCode(await as(f.dev, 'POST', `${ENV}/connectors/by-hand/update`, {}))).toBe('connector_not_linked');
    expect(errorCode(await as(f.dev, 'GET', `${ENV}/connectors/by-hand/overlay`))).toBe('connector_not_linked');
    // A maker the connector is not shared with cannot see it, so cannot update it either.
    expect(errorCode(await as(reader, 'POST', `${CONNECTOR}/update`, {}))).toBe('connector_not_found');
    expect(errorCode(await as(reader, 'GET', `${CONNECTOR}/update`))).toBe('connector_not_found');
  });
});
