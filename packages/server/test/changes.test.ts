/**
 * Issue 6 end to end: a definition URL served on 127.0.0.1 changes; the scheduler (fake clock) picks it up; the
 * linked connector shows the update, breaking first, with the impact on its connections; the update keeps the
 * maker's customisations, with conflicts resolved both ways; a previous version is restored; and a connection
 * to the demo API keeps working throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeScheduler } from '../src/changes/scheduler.ts';
import { claimSchedule, getSchedule } from '../src/changes/store.ts';
import { recordUsage } from '../src/store/usage.ts';
import { unzipPackage } from '../src/zip/index.ts';
import { addUser, errorCode, json } from './helpers/app.ts';
import { type AppsFixture, appsFixture, startUpstream, type Upstream } from './helpers/apps.ts';
import { editable, fakeClock, fakeTimer, operation } from './helpers/changes.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
const ENV = '/api/v1/environments/default';
const CONNECTOR = `${ENV}/connectors/inventory`;
const HOUR = 3_600_000;

let f: AppsFixture;
let upstream: Upstream;
let connectionId: string;
const clock = fakeClock();

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  f.t.app.inject({ method, url, headers: f.dev.auth, ...(payload === undefined ? {} : { payload: payload as Json }) });

async function testConnection(): Promise<Json> {
  const res = await call('POST', `${ENV}/connections/${connectionId}/test`);
  expect(res.statusCode, res.body).toBe(200);
  return json<Json>(res);
}

async function currentDefinition(): Promise<Json> {
  const res = await call('GET', `${CONNECTOR}/download?file=apiDefinition.swagger.json`);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

/** The demo API's next release: UpdateItem is gone, GetItem is described anew, ListItems and the API grow. */
function nextRelease(): Json {
  const doc = editable<Json>(f.demo.document);
  delete doc.paths['/items/{itemId}'].patch;
  operation(doc, '/items/{itemId}', 'get').description = 'Returns one item with its stock level.';
  (operation(doc, '/items', 'get').parameters as Json[]).push({
    name: 'inStock',
    in: 'query',
    description: 'Only items in stock.',
    schema: { type: 'boolean' },
  });
  doc.paths['/stats'] = {
    get: {
      operationId: 'GetStats',
      summary: 'Get stock statistics',
      tags: ['Items'],
      responses: {
        '200': { description: 'Statistics.', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  return doc;
}

beforeAll(async () => {
  f = await appsFixture();
  upstream = await startUpstream(JSON.stringify(f.demo.document));
  const created = await call('POST', '/api/v1/apps', { name: 'inventory', definitionUrl: `${upstream.url}/doc` });
  expect(created.statusCode, created.body).toBe(201);
  const exported = await call('POST', '/api/v1/apps/inventory/export', {
    environment: 'default',
    connectorName: 'inventory',
  });
  expect(exported.statusCode, exported.body).toBe(201);
  const connection = await call('POST', `${ENV}/connections`, {
    connector: 'inventory',
    displayName: 'Stock app',
    parameters: { api_key: f.demo.apiKey },
  });
  expect(connection.statusCode, connection.body).toBe(201);
  connectionId = json<Json>(connection).id as string;
});

afterAll(async () => {
  await upstream.close();
  await f.close();
});

describe('when the API behind a linked connector changes', () => {
  it('shows no update before the API changes, and the connection works', async () => {
    expect(await testConnection()).toMatchObject({ ok: true, operationId: 'GetHealth' });
    const update = json<Json>(await call('GET', `${CONNECTOR}/update`));
    expect(update).toMatchObject({ linked: true, updateAvailable: false, customisations: 0, conflicts: [] });
    expect(update.headline).toContain('Up to date with revision 1');
  });

  it('keeps the maker customisations as an overlay over the imported package', async () => {
    const definition = await currentDefinition();
    operation(definition, '/items', 'get').summary = 'Find stock items';
    operation(definition, '/items/{itemId}', 'get').description = 'One item, as the shop floor sees it.';
    operation(definition, '/items/{itemId}', 'get')['x-ms-visibility'] = 'important';
    operation(definition, '/items/{itemId}', 'patch').summary = 'Change an item (shop floor)';
    delete (definition.paths as Json)['/items/{itemId}'].delete;
    const properties = (await call('GET', `${CONNECTOR}/download?file=apiProperties.json`)).body;
    const put = await call('PUT', CONNECTOR, { apiDefinition: JSON.stringify(definition), apiProperties: properties });
    expect(put.statusCode, put.body).toBe(200);

    const overlay = await call('GET', `${CONNECTOR}/overlay`);
    expect(overlay.statusCode, overlay.body).toBe(200);
    const doc = json<Json>(overlay);
    expect(doc).toMatchObject({ overlay: '1.0.0', extends: 'apiDefinition.swagger.json' });
    expect(doc.info.title).toContain('inventory');
    expect(doc.actions).toEqual(
      expect.arrayContaining([
        { target: "$['paths']['/items']['get']", update: { summary: 'Find stock items' } },
        { target: "$['paths']['/items/{itemId}']['get']", update: { 'x-ms-visibility': 'important' } },
        { target: "$['paths']['/items/{itemId}']['delete']", remove: true },
      ]),
    );
    expect(await testConnection()).toMatchObject({ ok: true });
  });

  it('picks the change up on schedule with a fake clock, fetching each app on one node only', async () => {
    const first = createChangeScheduler(f.t.app, { clock, timer: fakeTimer() });
    const second = createChangeScheduler(f.t.app, { clock, timer: fakeTimer() });
    expect((await first.tick()).checked).toEqual([]);
    const app = json<Json>(await call('GET', '/api/v1/apps/inventory'));
    const schedule = (await getSchedule(f.t.store.db, app.id as string))!;
    expect(Date.parse(schedule.nextCheckAt)).toBe(clock.now().getTime() + HOUR);

    upstream.set(JSON.stringify(nextRelease()));
    clock.advance(HOUR / 2);
    expect((await first.tick()).checked).toEqual([]);
    clock.advance(HOUR / 2 + 1000);
    const reports = await Promise.all([first.tick(), second.tick()]);
    const checked = reports.flatMap((r) => r.checked);
    expect(checked).toHaveLength(1);
    expect(checked[0]).toMatchObject({ app: 'inventory', changed: true, revision: 2 });
    // The claim is a compare-and-swap: a node holding the old next_check_at loses.
    expect(await claimSchedule(f.t.store.db, app.id as string, schedule.nextCheckAt, clock.now().toISOString())).toBe(
      false,
    );
  });

  it('stores the diff of the new revision, breaking changes first', async () => {
    const res = await call('GET', '/api/v1/apps/inventory/revisions/2/diff');
    expect(res.statusCode, res.body).toBe(200);
    const diff = json<Json>(res);
    expect(diff.previous).toMatchObject({ number: 1 });
    expect(diff.summary.breaking).toBeGreaterThanOrEqual(1);
    expect(diff.changes[0]).toMatchObject({ kind: 'operation-removed', breaking: true, operationId: 'UpdateItem' });
    expect(diff.changes[0].message).toContain('UpdateItem');
    const kinds = diff.changes.map((c: Json) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['operation-added', 'parameter-added-optional']));
    const firstNonBreaking = diff.changes.findIndex((c: Json) => !c.breaking);
    expect(diff.changes.slice(firstNonBreaking).every((c: Json) => !c.breaking)).toBe(true);
  });

  it('shows the update with the impact on connections that called affected operations', async () => {
    await recordUsage(f.t.store.db, connectionId, 'UpdateItem', 7);
    await recordUsage(f.t.store.db, connectionId, 'ListItems', 3);
    await recordUsage(f.t.store.db, connectionId, 'GetItem', 5, new Date(Date.now() - 40 * 86_400_000).toISOString());
    await recordUsage(f.t.store.db, connectionId, 'GetHealth', 9);
    const res = await call('GET', `${CONNECTOR}/update`);
    expect(res.statusCode, res.body).toBe(200);
    const update = json<Json>(res);
    expect(update).toMatchObject({
      linked: true,
      updateAvailable: true,
      baseRevision: { number: 1 },
      latestRevision: { number: 2 },
    });
    expect(update.breakingChanges[0]).toContain('UpdateItem');
    expect(update.changes[0].breaking).toBe(true);
    expect(update.headline).toMatch(/Revision 2 of API app "inventory" is available \(\d+ breaking/);
    expect(update.headline).toContain('1 connection(s) called an operation with a breaking change');
    const ops = update.impact.operations as Json[];
    expect(ops[0]).toMatchObject({
      operationId: 'UpdateItem',
      breaking: true,
      calls: 7,
      connections: [{ connectionId, displayName: 'Stock app', calls: 7 }],
    });
    expect(ops.map((o) => o.operationId)).toContain('ListItems');
    // Calls older than 30 days and operations the change does not touch are not impact.
    expect(ops.map((o) => o.operationId)).not.toContain('GetItem');
    expect(ops.map((o) => o.operationId)).not.toContain('GetHealth');
    const conflicts = update.conflicts as Json[];
    expect(conflicts.map((c) => [c.operationId, c.kind])).toEqual(
      expect.arrayContaining([
        ['GetItem', 'both-changed'],
        ['UpdateItem', 'target-removed'],
      ]),
    );
    expect(conflicts.every((c) => /keep-mine/.test(c.message as string))).toBe(true);
  });

  it('shows users the connector is shared with the counts, but not whose connections called', async () => {
    const colleague = await addUser(f.t.store);
    const shared = await call('PUT', `${CONNECTOR}/shares/${colleague.user.email}`, { permission: 'use' });
    expect(shared.statusCode, shared.body).toBe(200);
    const res = await f.t.app.inject({ method: 'GET', url: `${CONNECTOR}/update`, headers: colleague.auth });
    expect(res.statusCode, res.body).toBe(200);
    const ops = json<Json>(res).impact.operations as Json[];
    expect(ops[0]).toMatchObject({ operationId: 'UpdateItem', calls: 7, connections: [] });
    expect(res.body).not.toContain('Stock app');
    const refused = await f.t.app.inject({
      method: 'POST',
      url: `${CONNECTOR}/update`,
      headers: colleague.auth,
      payload: {},
    });
    expect(errorCode(refused)).toBe('forbidden');
  });

  it('refuses to update while a conflict has no resolution, and writes nothing', async () => {
    const before = json<Json>(await call('GET', `${CONNECTOR}/versions`)).items.length;
    const res = await call('POST', `${CONNECTOR}/update`, {});
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('update_conflicts');
    const body = json<Json>(res);
    expect(body.error.details.conflicts).toHaveLength(2);
    expect(json<Json>(await call('GET', `${CONNECTOR}/versions`)).items.length).toBe(before);
    const stray = await call('POST', `${CONNECTOR}/update`, {
      resolutions: [{ pointer: '/definition/info/nothing', choice: 'keep-mine' }],
    });
    expect(errorCode(stray)).toBe('bad_request');
  });

  it('updates with one conflict kept and one taken from the API, keeping every other customisation', async () => {
    const conflicts = json<Json>(await call('GET', `${CONNECTOR}/update`)).conflicts as Json[];
    const getItem = conflicts.find((c) => c.operationId === 'GetItem')!;
    const updateItem = conflicts.find((c) => c.operationId === 'UpdateItem')!;
    const res = await call('POST', `${CONNECTOR}/update`, {
      resolutions: [
        { pointer: getItem.pointer, choice: 'keep-mine' },
        { pointer: updateItem.pointer, choice: 'take-theirs' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Json>(res)).toMatchObject({
      name: 'inventory',
      version: 3,
      revision: { number: 2 },
      conflictsResolved: 2,
    });

    const definition = await currentDefinition();
    expect(operation(definition, '/items', 'get').summary).toBe('Find stock items');
    expect(operation(definition, '/items/{itemId}', 'get')).toMatchObject({
      description: 'One item, as the shop floor sees it.',
      'x-ms-visibility': 'important',
    });
    expect((definition.paths as Json)['/items/{itemId}'].delete).toBeUndefined();
    expect((definition.paths as Json)['/items/{itemId}'].patch).toBeUndefined();
    expect(operation(definition, '/stats', 'get').operationId).toBe('GetStats');
    const names = (operation(definition, '/items', 'get').parameters as Json[]).map((p) => p.name);
    expect(names).toContain('inStock');
    expect(await testConnection()).toMatchObject({ ok: true });
    expect(json<Json>(await call('GET', `${CONNECTOR}/update`))).toMatchObject({
      updateAvailable: false,
      conflicts: [],
    });

    // The updated definition re-exports as a Power Platform package.
    const zip = await call('GET', `${CONNECTOR}/download`);
    const files = unzipPackage(new Uint8Array(zip.rawPayload));
    const packaged = JSON.parse(new TextDecoder().decode(files['apiDefinition.swagger.json']));
    expect(packaged.swagger).toBe('2.0');
    expect(operation(packaged, '/stats', 'get').operationId).toBe('GetStats');
  });

  it('restores the previous version, and can update again resolving the conflicts the other way', async () => {
    const restored = await call('POST', `${CONNECTOR}/versions/2/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await currentDefinition().then((d) => operation(d, '/items/{itemId}', 'patch'))).summary).toBe(
      'Change an item (shop floor)',
    );
    expect(await testConnection()).toMatchObject({ ok: true });
    const update = json<Json>(await call('GET', `${CONNECTOR}/update`));
    expect(update).toMatchObject({ updateAvailable: true, baseRevision: { number: 1 } });

    const conflicts = update.conflicts as Json[];
    const res = await call('POST', `${CONNECTOR}/update`, {
      resolutions: conflicts.map((c) => ({
        pointer: c.pointer,
        choice: c.operationId === 'GetItem' ? 'take-theirs' : 'keep-mine',
      })),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Json>(res).version).toBe(4);
    const definition = await currentDefinition();
    expect(operation(definition, '/items/{itemId}', 'get').description).toBe('Returns one item with its stock level.');
    // Keeping a customisation of an operation the API removed keeps the maker's whole operation.
    expect(operation(definition, '/items/{itemId}', 'patch')).toMatchObject({
      operationId: 'UpdateItem',
      summary: 'Change an item (shop floor)',
    });
    expect(await testConnection()).toMatchObject({ ok: true });
  });

  it('audits the update and never puts the API key in any answer', async () => {
    const audit = await f.t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=connector.source-update',
      headers: f.admin.auth,
    });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.body).toContain('connector.source-update');
    for (const url of [`${CONNECTOR}/update`, `${CONNECTOR}/overlay`, `${CONNECTOR}/overlay?document=properties`]) {
      expect((await call('GET', url)).body).not.toContain(f.demo.apiKey);
    }
  });
});
