/** `portico connector …` and `portico connection …` in-process against a listening server and the demo API. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServerCommands } from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { addUser, makeApp, type TestApp } from './helpers/app.ts';
import { corpusPackageTexts, demoPackageTexts } from './helpers/connectors.ts';

const API_KEY = 'cli-demo-key-1234';

interface Run {
  out: string;
  err: string;
  code: number;
  error?: Error;
}

let t: TestApp;
let demo: DemoApi;
let dir: string;
let env: Record<string, string>;

async function portico(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let code = 0;
  const io: CommandIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {})(),
    env,
    cwd: dir,
    setExitCode: (c) => {
      code = Math.max(code, c);
    },
  };
  const program = new Command('portico').exitOverride();
  registerServerCommands(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return { out, err, code: (error as { exitCode?: number }).exitCode ?? 99, error: error as Error };
  }
  return { out, err, code };
}

beforeAll(async () => {
  demo = await startDemoApi({ apiKey: API_KEY });
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const maker = await addUser(t.store);
  dir = mkdtempSync(path.join(tmpdir(), 'portico-h2-cli-'));
  const files = demoPackageTexts();
  writeFileSync(path.join(dir, 'apiDefinition.swagger.json'), files.apiDefinition);
  writeFileSync(path.join(dir, 'apiProperties.json'), files.apiProperties);
  const planner = corpusPackageTexts('Planner');
  writeFileSync(path.join(dir, 'planner.json'), planner.apiDefinition);
  writeFileSync(path.join(dir, 'planner-props.json'), planner.apiProperties);
  env = {
    PORTICO_URL: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    PORTICO_TOKEN: maker.token,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
  };
});
afterAll(async () => {
  await t.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('portico connector', () => {
  it('creates a connector from paconn files in one go and prints its id with --json', async () => {
    const run = await portico(
      'connector',
      'create',
      '--api-def',
      'apiDefinition.swagger.json',
      '--api-prop',
      'apiProperties.json',
      '--name',
      'inventory',
      '--json',
    );
    expect(run.error, run.err).toBeUndefined();
    const created = JSON.parse(run.out);
    expect(created).toMatchObject({ name: 'inventory', version: 1, authType: 'apiKey' });
    expect(created.id).toMatch(/^con_/);
  });

  it('names the missing authentication answers, then creates with --secret and --param', async () => {
    const asked = await portico(
      'connector',
      'create',
      '--api-def',
      'planner.json',
      '--api-prop',
      'planner-props.json',
      '--name',
      'planner',
    );
    expect(asked.code).toBe(1);
    expect(asked.error?.message).toMatch(/--param clientId=/);
    expect(asked.error?.message).toMatch(/--secret S/);
    const made = await portico(
      'connector',
      'create',
      '--api-def',
      'planner.json',
      '--api-prop',
      'planner-props.json',
      '--name',
      'planner',
      '--secret',
      'cli-client-secret',
      '--param',
      'clientId=cli-app',
      '--json',
    );
    expect(made.error, made.err).toBeUndefined();
    expect(made.out).not.toContain('cli-client-secret');

    const connection = await portico('connection', 'create', '--connector', 'planner');
    expect(connection.error, connection.err).toBeUndefined();
    expect(connection.out).toMatch(
      /Sign in to finish connecting \(status pending\):\n {2}https:\/\/\S+client_id=cli-app/,
    );
    expect(connection.out).not.toContain('cli-client-secret');
    const id = /Created connection (\S+) /.exec(connection.out)?.[1];
    expect((await portico('connection', 'delete', id!)).code).toBe(0);
  });

  it('updates to a new version, lists, downloads the files and deletes', async () => {
    const updated = await portico(
      'connector',
      'update',
      'inventory',
      '--api-def',
      'apiDefinition.swagger.json',
      '--api-prop',
      'apiProperties.json',
      '--json',
    );
    expect(updated.error, updated.err).toBeUndefined();
    expect(JSON.parse(updated.out).version).toBe(2);

    const list = await portico('connector', 'list');
    expect(list.out).toMatch(/inventory\s+custom\s+apiKey\s+2/);
    expect(list.out).toMatch(/ntfy\s+built-in/);

    const download = await portico('connector', 'download', 'inventory', '--out', 'out', '--json');
    expect(download.error, download.err).toBeUndefined();
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([
      'apiDefinition.swagger.json',
      'apiProperties.json',
      'settings.json',
    ]);
    const props = JSON.parse(readFileSync(path.join(dir, 'out/apiProperties.json'), 'utf8'));
    expect(props.properties.connectionParameters.api_key.type).toBe('securestring');

    const removed = await portico('connector', 'delete', 'planner', '--json');
    expect(JSON.parse(removed.out)).toMatchObject({ name: 'planner', deleted: true });
    const again = await portico('connector', 'delete', 'planner');
    expect(again.code).toBe(1);
    expect(again.error?.message).toMatch(/connector_not_found/);
  });

  it('refuses a missing file with a clear message', async () => {
    const run = await portico('connector', 'create', '--api-def', 'nope.json');
    expect(run.code).toBe(2);
    expect(run.error?.message).toMatch(/--api-def nope\.json/);
  });
});

describe('portico connection', () => {
  it('creates a connection with --param, tests it, lists it and deletes it', async () => {
    const created = await portico(
      'connection',
      'create',
      '--connector',
      'portico-demo-inventory',
      '--param',
      `base_url=${demo.url}`,
      '--param',
      `api_key=${API_KEY}`,
      '--json',
    );
    expect(created.error, created.err).toBeUndefined();
    const { id } = JSON.parse(created.out);
    expect(created.out).not.toContain(API_KEY);

    const tested = await portico('connection', 'test', id);
    expect(tested.code).toBe(0);
    expect(tested.out).toMatch(/^OK: GetHealth/);

    const list = await portico('connection', 'list', '--json');
    expect(JSON.parse(list.out).items.map((c: { id: string }) => c.id)).toContain(id);

    const deleted = await portico('connection', 'delete', id, '--json');
    expect(JSON.parse(deleted.out)).toEqual({ id, deleted: true });
  });

  it('exits 1 when the test fails', async () => {
    const created = await portico(
      'connection',
      'create',
      '--connector',
      'portico-demo-inventory',
      '--param',
      `base_url=${demo.url}`,
      '--param',
      'api_key=wrong-key-000',
      '--json',
    );
    const tested = await portico('connection', 'test', JSON.parse(created.out).id, '--json');
    expect(tested.code).toBe(1);
    expect(JSON.parse(tested.out)).toMatchObject({ ok: false, status: 401 });
  });
});
