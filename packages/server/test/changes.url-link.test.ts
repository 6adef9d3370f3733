/**
 * Connectors created from a definition URL stay linked to their source (issue 6): the URL becomes an API app
 * owned by the maker (or reuses the maker's app of that URL), so a change of the served document shows as an
 * update of the connector, whether it was created directly or through the prepare step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../src/store/apps.ts';
import { json, type TestUser } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
const ENV = '/api/v1/environments/default';
let f: AppsFixture;
let upstream: Upstream;
let otherUpstream: Upstream;

const as = (who: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  f.t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Json }) });

beforeAll(async () => {
  f = await appsFixture();
  upstream = await startUpstream(JSON.stringify(smallDocument('Widgets', ['listWidgets', 'getWidget'])));
  otherUpstream = await startUpstream(JSON.stringify(smallDocument('Gadgets', ['listGadgets'])));
});

afterAll(async () => {
  await upstream.close();
  await otherUpstream.close();
  await f.close();
});

describe('connectors from a definition URL', () => {
  it('links the connector to an API app of the URL and reports the update after a check', async () => {
    const made = await as(f.dev, 'POST', `${ENV}/connectors`, {
      name: 'widgets',
      definitionUrl: `${upstream.url}/doc`,
    });
    expect(made.statusCode, made.body).toBe(201);
    const record = (await getApp(f.t.store.db, 'widgets'))!;
    expect(record.source).toEqual({ kind: 'url', url: `${upstream.url}/doc` });
    expect(json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/widgets/update`))).toMatchObject({
      linked: true,
      updateAvailable: false,
    });

    upstream.set(JSON.stringify(smallDocument('Widgets', ['listWidgets'])));
    const check = await as(f.dev, 'POST', '/api/v1/apps/widgets/check');
    expect(check.statusCode, check.body).toBe(200);
    expect(json<Json>(check)).toMatchObject({ changed: true, revision: 2 });
    const update = json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/widgets/update`));
    expect(update).toMatchObject({ linked: true, updateAvailable: true });
    expect(update.breakingChanges.join(' ')).toMatch(/getWidget/);
    const applied = await as(f.dev, 'POST', `${ENV}/connectors/widgets/update`, {});
    expect(applied.statusCode, applied.body).toBe(200);
    expect(json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/widgets/update`))).toMatchObject({
      updateAvailable: false,
    });
  });

  it('reuses the maker’s app of the same URL for a connector made through the prepare step', async () => {
    const prepared = await as(f.dev, 'POST', `${ENV}/connectors/prepare`, { definitionUrl: `${upstream.url}/doc` });
    expect(prepared.statusCode, prepared.body).toBe(201);
    const made = await as(f.dev, 'POST', `${ENV}/connectors`, {
      name: 'widgets-copy',
      draftId: json<Json>(prepared).draftId,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(await getApp(f.t.store.db, 'widgets-copy')).toBeUndefined();
    expect(json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/widgets-copy/update`))).toMatchObject({
      linked: true,
      updateAvailable: false,
    });
  });

  it('derives a free app name and leaves no app behind when the connector cannot be made', async () => {
    const clash = await as(f.dev, 'POST', `${ENV}/connectors`, {
      name: 'widgets',
      definitionUrl: `${otherUpstream.url}/doc`,
    });
    expect(clash.statusCode, clash.body).toBe(409);
    expect(await getApp(f.t.store.db, 'widgets-2')).toBeUndefined();

    // An API app named like the connector already exists (uploaded, no URL): the new app gets the next free name.
    const upload = await as(f.dev, 'POST', '/api/v1/apps', {
      name: 'gadgets',
      definition: JSON.stringify(smallDocument('Uploaded')),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const made = await as(f.dev, 'POST', `${ENV}/connectors`, {
      name: 'gadgets',
      definitionUrl: `${otherUpstream.url}/doc`,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect((await getApp(f.t.store.db, 'gadgets-2'))?.source).toEqual({ kind: 'url', url: `${otherUpstream.url}/doc` });
    expect(json<Json>(await as(f.dev, 'GET', `${ENV}/connectors/gadgets/update`))).toMatchObject({ linked: true });
  });
});
