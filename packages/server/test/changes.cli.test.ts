/**
 * The CLI for a breaking change, against a real listening server: `portico app diff` names the breaking change
 * and exits 1, `portico connector update-check` shows it with the impact and the conflicting customisation,
 * `portico connector update-apply` refuses an unresolved conflict with the exact `--resolve` flags and then
 * applies with them, and `portico app refresh-token` prints a token and a curl line that work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServerCommands } from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { testConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { recordUsage } from '../src/store/usage.ts';
import { addUser, type TestUser } from './helpers/app.ts';
import { smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';
import { operation } from './helpers/changes.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;

let dir: string;
let server: RunningServer;
let upstream: Upstream;
let dev: TestUser;
let env: Record<string, string>;

interface Ran {
  out: string;
  exitCode: number;
}

async function run(argv: string[]): Promise<Ran> {
  let out = '';
  let exitCode = 0;
  const io: CommandIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => {} },
    stdin: (async function* () {})(),
    env: { ...env, XDG_CONFIG_HOME: path.join(dir, 'config') },
    cwd: dir,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  const program = new Command('portico').exitOverride();
  registerServerCommands(program, io);
  await program.parseAsync(argv, { from: 'user' });
  return { out, exitCode };
}

/** The words of a command line printed with single-quoted words (as the CLI prints them). */
function words(line: string): string[] {
  return [...line.trim().matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

async function api(method: string, url: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${dev.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(res.ok, text).toBe(true);
  return JSON.parse(text);
}

const SHOP = '/api/v1/environments/default/connectors/shop';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-changes-cli-'));
  upstream = await startUpstream(JSON.stringify(smallDocument('Shop', ['listItems', 'getItem', 'dropItem'])));
  server = await startServer({
    config: testConfig({ port: 0, gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] }),
    print: () => {},
  });
  dev = await addUser(server.store);
  env = { PORTICO_URL: server.url, PORTICO_TOKEN: dev.token };
  await run(['app', 'create', 'shop', '--definition-url', `${upstream.url}/doc`]);
  await run(['app', 'export', 'shop', '--environment', 'default', '--connector', 'shop']);
  // The maker renames getItem's summary; the API will change the same summary.
  const definition = JSON.parse(
    await (
      await fetch(`${server.url}${SHOP}/download?file=apiDefinition.swagger.json`, {
        headers: { authorization: `Bearer ${dev.token}` },
      })
    ).text(),
  );
  operation(definition, '/getitem', 'get').summary = 'Look up one shelf item';
  const properties = await (
    await fetch(`${server.url}${SHOP}/download?file=apiProperties.json`, {
      headers: { authorization: `Bearer ${dev.token}` },
    })
  ).text();
  await api('PUT', SHOP, { apiDefinition: JSON.stringify(definition), apiProperties: properties });
  const connection = await api('POST', '/api/v1/environments/default/connections', {
    connector: 'shop',
    displayName: 'Till app',
    parameters: {},
  });
  await recordUsage(server.store.db, connection.id as string, 'dropItem', 12);
  // The next release drops dropItem (breaking) and describes getItem anew.
  const next = smallDocument('Shop', ['listItems', 'getItem']);
  operation(next, '/getitem', 'get').summary = 'Get an item by id';
  upstream.set(JSON.stringify(next));
  await run(['app', 'refresh', 'shop']);
});

afterAll(async () => {
  await server.close();
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('portico app diff', () => {
  it('lists the breaking change first, says what to do, and exits 1', async () => {
    const { out, exitCode } = await run(['app', 'diff', 'shop']);
    expect(exitCode).toBe(1);
    expect(out).toContain('Comparing shop revision 1 → revision 2');
    const breaking = out.indexOf('Breaking (');
    expect(breaking).toBeGreaterThan(-1);
    expect(out.slice(breaking)).toMatch(/dropItem/);
    expect(out).toContain('portico connector update-check CONNECTOR --environment ENV');
  });

  it('compares any two revisions, also ones not consecutive, as JSON', async () => {
    const third = smallDocument('Shop', ['listItems', 'getItem', 'countItems']);
    operation(third, '/getitem', 'get').summary = 'Get an item by id';
    upstream.set(JSON.stringify(third));
    await run(['app', 'refresh', 'shop']);
    const { out, exitCode } = await run(['app', 'diff', 'shop', '--from', '1', '--to', '3', '--json']);
    expect(exitCode).toBe(1);
    const diff = JSON.parse(out) as Json;
    expect(diff).toMatchObject({ app: 'shop', from: 1, to: 3 });
    expect(diff.changes[0]).toMatchObject({ breaking: true, operationId: 'dropItem' });
    expect((diff.changes as Json[]).some((c) => c.operationId === 'countItems' && !c.breaking)).toBe(true);
    const last = await run(['app', 'diff', 'shop', '--json']);
    expect(JSON.parse(last.out)).toMatchObject({ from: 2, to: 3, summary: { breaking: 0 } });
    expect(last.exitCode).toBe(0);
    await expect(run(['app', 'diff', 'shop', '--from', '3', '--to', '2'])).rejects.toThrow(/--from 3 must be older/);
  });
});

describe('portico connector update-check and update-apply', () => {
  it('shows the update with the breaking change, who is hit, the conflict and the command to run', async () => {
    const { out } = await run(['connector', 'update-check', 'shop']);
    expect(out).toContain('Revision 3 of API app "shop" is available');
    expect(out).toMatch(/Breaking changes \(\d+\):\n {2}- .*dropItem/);
    expect(out).toMatch(/dropItem \(breaking\): 12 call\(s\) — Till app 12/);
    expect(out).toContain('1 conflict(s) need a choice');
    expect(out).toMatch(/--resolve '\/definition\/paths\/~1getitem\/get\/summary=take-theirs'/);
    expect(out).toContain('portico connector update-apply shop --environment default --resolve');
  });

  it('refuses while a conflict is unresolved, printing the exact flags, then applies with them', async () => {
    const refused = run(['connector', 'update-apply', 'shop']);
    await expect(refused).rejects.toMatchObject({ exitCode: 1 });
    const message = ((await refused.catch((e: Error) => e)) as Error).message;
    expect(message).toContain('Connector shop was not updated: 1 customisation(s) conflict');
    expect(message).toContain('/definition/paths/~1getitem/get/summary');
    const command = message.split('\n').find((l) => l.trim().startsWith('portico connector update-apply'));
    expect(command).toBeDefined();
    const [, ...args] = words(command!);
    const { out } = await run(args);
    expect(out).toMatch(/Updated connector shop to revision 3 as version \d+; 1 customisation\(s\) kept/);
    const definition = await api('GET', `${SHOP}/download?file=apiDefinition.swagger.json`);
    expect(operation(definition, '/getitem', 'get').summary).toBe('Look up one shelf item');
    expect((definition.paths as Json)['/dropitem']).toBeUndefined();
    expect((await run(['connector', 'update-check', 'shop'])).out).toContain('Up to date with revision 3');
    const json = JSON.parse((await run(['connector', 'update-check', 'shop', '--json'])).out) as Json;
    expect(json).toMatchObject({ name: 'shop', environment: 'default', linked: true, updateAvailable: false });
    expect(json.id).toMatch(/^con/);
  });

  it('names a malformed --resolve flag', async () => {
    await expect(run(['connector', 'update-apply', 'shop', '--resolve', 'summary=mine'])).rejects.toThrow(
      /--resolve must be POINTER=keep-mine or POINTER=take-theirs/,
    );
  });
});

describe('portico app refresh-token', () => {
  it('prints the token once and a curl line the pipeline can run', async () => {
    const { out } = await run(['app', 'refresh-token', 'shop']);
    const token = /prt_[A-Za-z0-9_-]+/.exec(out)?.[0];
    expect(token).toBeDefined();
    const curl = out.split('\n').find((l) => l.trim().startsWith('curl '));
    const argv = words(curl!);
    const header = argv[argv.indexOf('-H') + 1]!;
    expect(header).toBe(`Authorization: Bearer ${token}`);
    // The line names the configured public URL; this test server listens on another port.
    const hookUrl = new URL(argv[argv.length - 1]!);
    expect(hookUrl.pathname).toBe('/api/v1/apps/shop/refresh');
    const target = `${server.url}${hookUrl.pathname}`;
    const res = await fetch(target, {
      method: 'POST',
      headers: { authorization: header.replace(/^Authorization: /, '') },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ app: 'shop' });
    const revoked = await run(['app', 'refresh-token', 'shop', '--revoke']);
    expect(revoked.out).toContain('Revoked');
    const again = await fetch(target, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
  });
});
