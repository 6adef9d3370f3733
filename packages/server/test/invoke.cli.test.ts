/** `portico invoke` against a real listening Portico server and the demo API. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServerCommands } from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { addUser, makeApp, type TestApp } from './helpers/app.ts';
import { createConnection, createDemoConnector } from './helpers/invoke.ts';

const API_KEY = 'cli-invoke-key-5e2b';

let t: TestApp;
let demo: DemoApi;
let dir: string;
let env: Record<string, string>;
let connectionId: string;

async function portico(...argv: string[]): Promise<{ out: string; err: string; code: number }> {
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
    return { out, err: err + String((error as Error).message), code: (error as { exitCode?: number }).exitCode ?? 99 };
  }
  return { out, err, code };
}

beforeAll(async () => {
  demo = await startDemoApi({ apiKey: API_KEY });
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const maker = await addUser(t.store);
  await createDemoConnector(t.app, maker.auth, 'inventory');
  connectionId = await createConnection(t.app, maker.auth, 'inventory', { base_url: demo.url, api_key: API_KEY });
  dir = mkdtempSync(path.join(tmpdir(), 'portico-invoke-cli-'));
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

describe('portico invoke', () => {
  it('prints the response body as pretty JSON and exits 0', async () => {
    const run = await portico('invoke', '--connection', connectionId, 'ListItems', '--input', '{"pageSize": 2}');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^\{\n {2}"/);
    expect(JSON.parse(run.out).items).toHaveLength(2);
  });

  it('reads the inputs from @file and sends the body', async () => {
    const file = path.join(dir, 'new-item.json');
    writeFileSync(
      file,
      JSON.stringify({ body: { name: 'CLI lamp', sku: 'HWR-4321', category: 'hardware', price: 12 } }),
    );
    const run = await portico('invoke', '--connection', connectionId, 'CreateItem', '--input', `@${file}`);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ name: 'CLI lamp', sku: 'HWR-4321' });
  });

  it('exits 1 with the status and the error on stderr for an upstream 404', async () => {
    const run = await portico('invoke', '--connection', connectionId, 'GetItem', '--input', '{"itemId": 99999}');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/HTTP 404/);
    expect(run.out).toBe('');
  });

  it('exits 1 naming the parameter for an invalid input', async () => {
    const run = await portico('invoke', '--connection', connectionId, 'ListItems', '--input', '{"category": "food"}');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/invalid_input/);
    expect(run.err).toMatch(/category/);
  });

  it('prints status and body with --json', async () => {
    const run = await portico('invoke', '--connection', connectionId, 'GetItem', '--input', '{"itemId": 2}', '--json');
    expect(run.code, run.err).toBe(0);
    const out = JSON.parse(run.out);
    expect(out).toMatchObject({ id: connectionId, operationId: 'GetItem', status: 200, body: { id: 2 } });
  });

  it('refuses input that is not a JSON object before calling the server', async () => {
    const run = await portico('invoke', '--connection', connectionId, 'ListItems', '--input', '[1, 2]');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/JSON object/);
  });
});
