/** `portico app create | list | refresh | export` against a real listening server and the demo API. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServerCommands } from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { testConfig } from '../src/config.ts';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { addUser } from './helpers/app.ts';
import { smallDocument } from './helpers/apps.ts';

interface Captured extends CommandIo {
  out(): string;
}

let dir: string;
let server: RunningServer;
let demo: DemoApi;
let env: Record<string, string>;

function capture(): Captured {
  let out = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => {} },
    stdin: (async function* () {})(),
    env: { ...env, XDG_CONFIG_HOME: path.join(dir, 'config') },
    cwd: dir,
    setExitCode: () => {},
    out: () => out,
  };
}

async function run(argv: string[]): Promise<string> {
  const io = capture();
  const program = new Command('portico').exitOverride();
  registerServerCommands(program, io);
  await program.parseAsync(argv, { from: 'user' });
  return io.out();
}

async function runJson<T = Record<string, unknown>>(argv: string[]): Promise<T> {
  return JSON.parse(await run([...argv, '--json'])) as T;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-app-cli-'));
  demo = await startDemoApi();
  server = await startServer({
    config: testConfig({ port: 0, gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] }),
    print: () => {},
  });
  const dev = await addUser(server.store);
  env = { PORTICO_URL: server.url, PORTICO_TOKEN: dev.token };
});
afterAll(async () => {
  await server.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('portico app', () => {
  it('creates an app from the demo definition URL and prints its id', async () => {
    const app = await runJson<{ id: string; definition: { number: number } }>([
      'app',
      'create',
      'inventory',
      '--definition-url',
      `${demo.url}/openapi.json`,
    ]);
    expect(app.id).toMatch(/^app_/);
    expect(app.definition.number).toBe(1);
  });

  it('creates an app from a file', async () => {
    const file = path.join(dir, 'things.yaml');
    writeFileSync(file, JSON.stringify(smallDocument('Things')));
    const out = await run(['app', 'create', 'things', '--definition', 'things.yaml']);
    expect(out).toMatch(/^Created API app things \(app_/);
    expect(out).toContain('/apps/things/definition.json');
  });

  it('explains a duplicate name with the server message and the code', async () => {
    await expect(run(['app', 'create', 'things', '--definition', path.join(dir, 'things.yaml')])).rejects.toThrow(
      /already exists.*\[app_exists, HTTP 409\]/s,
    );
  });

  it('lists the apps', async () => {
    const { items } = await runJson<{ items: Array<{ name: string }> }>(['app', 'list']);
    expect(items.map((a) => a.name)).toEqual(['inventory', 'things']);
    const text = await run(['app', 'list']);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+ROLE\s+SOURCE\s+DEFINITION$/);
  });

  it('refreshes an app without a new revision when nothing changed', async () => {
    const app = await runJson<{ id: string; changed: boolean; definition: { number: number } }>([
      'app',
      'refresh',
      'inventory',
    ]);
    expect(app).toMatchObject({ changed: false, definition: { number: 1 } });
  });

  it('exports the package files into a folder', async () => {
    const result = await runJson<{ id: string; files: string[] }>(['app', 'export', 'inventory', '--out', 'pkg']);
    expect(result.id).toMatch(/^app_/);
    expect(result.files.sort()).toEqual(
      ['apiDefinition.swagger.json', 'apiProperties.json', 'report.json', 'settings.json'].map((f) =>
        path.join('pkg', f),
      ),
    );
    const definition = JSON.parse(readFileSync(path.join(dir, 'pkg', 'apiDefinition.swagger.json'), 'utf8'));
    expect(definition.swagger).toBe('2.0');
    expect(readFileSync(path.join(dir, 'pkg', 'apiProperties.json'), 'utf8')).not.toContain(demo.apiKey);
  });

  it('exports straight into an environment as a connector', async () => {
    const result = await runJson<{ id: string; created: boolean; version: number }>([
      'app',
      'export',
      'inventory',
      '--environment',
      'default',
      '--connector',
      'inventory',
    ]);
    expect(result).toMatchObject({ created: true, version: 1 });
    expect(result.id).toMatch(/^con_/);
  });

  it('asks for --out or --environment', async () => {
    await expect(run(['app', 'export', 'inventory'])).rejects.toThrow(/--out DIR.*--environment ENV/);
  });
});
