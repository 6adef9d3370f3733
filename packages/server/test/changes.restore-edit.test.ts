/**
 * The base of a hand-edited version follows the version it was edited from: after a source update, restoring
 * the version made from the older revision and editing it keeps that older revision as the base, so the
 * update is offered again and only the maker's edit counts as a customisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { operation } from './helpers/changes.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;
const CONNECTOR = '/api/v1/environments/default/connectors/pens';

let t: TestApp;
let dev: TestUser;
let upstream: Upstream;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: dev.auth, ...(payload ? { payload } : {}) });

async function download(file: string): Promise<string> {
  const res = await call('GET', `${CONNECTOR}/download?file=${file}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  dev = await addUser(t.store);
  upstream = await startUpstream(JSON.stringify(smallDocument('Pens', ['listPens', 'getPen'])));
  expect((await call('POST', '/api/v1/apps', { name: 'pens', definitionUrl: `${upstream.url}/doc` })).statusCode).toBe(
    201,
  );
  const exported = await call('POST', '/api/v1/apps/pens/export', { environment: 'default', connectorName: 'pens' });
  expect(exported.statusCode, exported.body).toBe(201);
  upstream.set(JSON.stringify(smallDocument('Pens', ['listPens', 'getPen', 'countPens'])));
  expect(json<Json>(await call('POST', '/api/v1/apps/pens/check'))).toMatchObject({ changed: true, revision: 2 });
  const updated = await call('POST', `${CONNECTOR}/update`, {});
  expect(json<Json>(updated)).toMatchObject({ version: 2, revision: { number: 2 } });
});

afterAll(async () => {
  await upstream.close();
  await t.close();
});

describe('a hand edit after a restore', () => {
  it('measures the edit against the restored version’s revision, not the version numbered before', async () => {
    expect((await call('POST', `${CONNECTOR}/versions/1/restore`)).statusCode).toBe(200);
    const definition = JSON.parse(await download('apiDefinition.swagger.json'));
    expect((definition.paths as Json)['/countpens']).toBeUndefined();
    operation(definition, '/listpens', 'get').summary = 'List every pen in the shop';
    const put = await call('PUT', CONNECTOR, {
      apiDefinition: JSON.stringify(definition),
      apiProperties: await download('apiProperties.json'),
    });
    expect(put.statusCode, put.body).toBe(200);

    const update = json<Json>(await call('GET', `${CONNECTOR}/update`));
    expect(update).toMatchObject({
      linked: true,
      connectorVersion: 3,
      baseRevision: { number: 1 },
      latestRevision: { number: 2 },
      updateAvailable: true,
      customisations: 1,
      conflicts: [],
    });
    const overlay = json<Json>(await call('GET', `${CONNECTOR}/overlay`));
    expect(overlay.actions).toEqual([
      { target: "$['paths']['/listpens']['get']", update: { summary: 'List every pen in the shop' } },
    ]);
  });

  it('updates the edited version with the new operation and the edit kept', async () => {
    const res = await call('POST', `${CONNECTOR}/update`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Json>(res)).toMatchObject({ version: 4, revision: { number: 2 }, customisationsKept: 1 });
    const definition = JSON.parse(await download('apiDefinition.swagger.json'));
    expect(operation(definition, '/listpens', 'get').summary).toBe('List every pen in the shop');
    expect(operation(definition, '/countpens', 'get').operationId).toBe('countPens');
  });
});
