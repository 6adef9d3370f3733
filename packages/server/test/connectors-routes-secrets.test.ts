/**
 * Planted secrets — an OAuth client secret, an API key, a password — never appear in any API response, log
 * line, download or audit entry, and are not stored in clear.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { addUser, json, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { captureLogger, corpusPackageTexts } from './helpers/connectors.ts';

const CLIENT_SECRET = 'planted-client-secret-7d1e';
const API_KEY = 'planted-api-key-93ac';
const PASSWORD = 'planted-password-c55b';
const PACKAGED_SECRET = 'planted-in-package-2b8f';
const SECRETS = [CLIENT_SECRET, API_KEY, PASSWORD, PACKAGED_SECRET];
const ENV = '/api/v1/environments/default';
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
type Json = Record<string, any>;

let t: TestApp;
let demo: DemoApi;
let maker: TestUser;
let admin: TestUser;
const bodies: string[] = [];
let logLines: string[];

function basicDefinition() {
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'Basic API', version: '1.0', description: 'An API with basic credentials.' },
    host: 'api.example.com',
    basePath: '/',
    schemes: ['https'],
    securityDefinitions: { basic: { type: 'basic' } },
    paths: {
      '/me': {
        get: {
          operationId: 'GetMe',
          summary: 'Who am I',
          description: 'The user.',
          responses: { 200: { description: 'OK' } },
        },
      },
    },
  });
}

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, who = maker) {
  const res = await t.app.inject({
    method,
    url,
    headers: who.auth,
    ...(payload === undefined ? {} : { payload: payload as Json }),
  });
  bodies.push(res.body);
  return res;
}

beforeAll(async () => {
  demo = await startDemoApi({ apiKey: API_KEY });
  const capture = captureLogger();
  logLines = capture.lines;
  t = await makeApp({ logger: capture.logger, config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  admin = await addUser(t.store, { admin: true });
  maker = await addUser(t.store);

  // OAuth client secret: a failed create (missing client id) and a successful one, then an update keeping it.
  const draft = json<Json>(await call('POST', `${ENV}/connectors/prepare`, corpusPackageTexts('Planner')));
  await call('POST', `${ENV}/connectors`, {
    draftId: draft.draftId,
    name: 'planner',
    auth: { clientSecret: CLIENT_SECRET },
  });
  const created = await call('POST', `${ENV}/connectors`, {
    draftId: draft.draftId,
    name: 'planner',
    auth: { clientId: 'app-1', clientSecret: CLIENT_SECRET },
  });
  expect(created.statusCode, created.body).toBe(201);
  await call('PUT', `${ENV}/connectors/planner`, { displayName: 'Planner (ours)', auth: { clientId: 'app-2' } });
  await call('PUT', `${ENV}/connectors/planner`, {
    ...corpusPackageTexts('Spotify'),
    auth: { clientSecret: CLIENT_SECRET },
  });
  // API key: a connection, its test (right key) and a failing create with the key in a wrong parameter.
  const connection = json<Json>(
    await call('POST', `${ENV}/connections`, {
      connector: 'portico-demo-inventory',
      parameters: { base_url: demo.url, api_key: API_KEY },
    }),
  );
  await call('POST', `${ENV}/connections/${connection.id}/test`);
  await call('POST', `${ENV}/connections`, { connector: 'portico-demo-inventory', parameters: { apikey: API_KEY } });
  // A client secret shipped inside apiProperties.json: dropped at upload, the maker must answer it.
  const planner = corpusPackageTexts('Planner');
  const props = JSON.parse(planner.apiProperties);
  props.properties.connectionParameters.token.oAuthSettings.clientSecret = PACKAGED_SECRET;
  const packaged = json<Json>(
    await call('POST', `${ENV}/connectors/prepare`, { ...planner, apiProperties: JSON.stringify(props) }),
  );
  expect(packaged.report.normalizations.some((n: Json) => /client secret/i.test(n.message))).toBe(true);
  expect(packaged.auth.questions.find((q: Json) => q.key === 'clientSecret').required).toBe(true);
  await call('POST', `${ENV}/connectors`, { draftId: packaged.draftId, name: 'packaged', auth: { clientId: 'x' } });
  // Password: a basic connector and connection.
  await call('POST', `${ENV}/connectors`, { apiDefinition: basicDefinition(), name: 'basic-api' });
  await call('POST', `${ENV}/connections`, {
    connector: 'basic-api',
    parameters: { username: 'alice', password: PASSWORD },
  });
  // Read everything back.
  for (const url of [
    `${ENV}/connectors`,
    `${ENV}/connectors/planner`,
    `${ENV}/connectors/planner/versions`,
    `${ENV}/connections`,
    `${ENV}/connections/${connection.id}`,
  ]) {
    await call('GET', url);
  }
  await call('GET', '/api/v1/audit?limit=200', undefined, admin);
});
afterAll(async () => {
  await t.close();
  await demo.close();
});

function expectNoSecret(text: string, where: string) {
  for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
}

describe('planted secrets', () => {
  it('exercised the routes that handle them', () => {
    expect(bodies.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(10);
  });

  it('appear in no API response', () => {
    for (const [i, body] of bodies.entries()) expectNoSecret(body, `response ${i}`);
  });

  it('appear in no log line', () => {
    for (const line of logLines) expectNoSecret(line, `log line ${line.slice(0, 120)}`);
  });

  it('appear in no download, zip or single file', async () => {
    for (const name of ['planner', 'basic-api']) {
      const zip = await call('GET', `${ENV}/connectors/${name}/download`);
      expect(zip.statusCode).toBe(200);
      for (const [file, bytes] of Object.entries(unzipSync(new Uint8Array(zip.rawPayload)))) {
        expectNoSecret(new TextDecoder().decode(bytes), `${name}.zip/${file}`);
      }
      for (const version of [1, 2, 3]) {
        const one = await call('GET', `${ENV}/connectors/${name}/download?file=apiProperties.json&version=${version}`);
        expectNoSecret(one.body, `${name} v${version} apiProperties.json`);
      }
    }
  });

  it('appear in no audit entry', async () => {
    const rows = await t.store.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['connector.create', 'connector.update', 'connection.create']),
    );
    for (const row of rows) expectNoSecret(JSON.stringify(row), `audit ${row.action}`);
  });

  it('are stored only encrypted', async () => {
    const drafts = await (t.store.db as unknown as import('kysely').Kysely<{ connector_drafts: { package: string } }>)
      .selectFrom('connector_drafts')
      .selectAll()
      .execute();
    expect(drafts.length).toBeGreaterThan(0);
    for (const row of drafts) expectNoSecret(JSON.stringify(row), 'a draft');
    const versions = await t.store.db.selectFrom('connector_versions').selectAll().execute();
    const connections = await t.store.db.selectFrom('connections').selectAll().execute();
    for (const row of [...versions, ...connections]) expectNoSecret(JSON.stringify(row), 'a database row');
    const sealed = versions.filter((v) => v.oauth_client_secret !== null);
    expect(sealed.length).toBeGreaterThanOrEqual(2);
    expect(connections.filter((c) => c.credentials !== null)).toHaveLength(2);
  });
});
