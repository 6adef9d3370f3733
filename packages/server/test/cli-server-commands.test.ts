/** The server-side CLI commands in-process: migrate, admin create-user, serve, login, and the shared client. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  createServerCommands,
  readSavedLogin,
  registerServerCommands,
  resolveClient,
} from '../../cli/src/commands/server/index.ts';
import type { CommandIo } from '../../cli/src/io.ts';
import { knownMigrations } from '../src/store/store.ts';

interface Captured extends CommandIo {
  out(): string;
  err(): string;
}

function capture(env: Record<string, string>, stdin?: string, cwd = process.cwd()): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {
      if (stdin !== undefined) yield new TextEncoder().encode(stdin);
    })(),
    env,
    cwd,
    setExitCode: () => {},
    out: () => out,
    err: () => err,
  };
}

async function run(argv: string[], io: Captured, register = registerServerCommands): Promise<void> {
  const program = new Command('portico').exitOverride();
  register(program, io);
  await program.parseAsync(argv, { from: 'user' });
}

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-cli-'));
  env = {
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    PORTICO_LOG_LEVEL: 'silent',
    PORTICO_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portico migrate', () => {
  it('applies the migrations once, then reports the database up to date', async () => {
    const data = path.join(dir, 'migrate');
    const first = capture(env);
    await run(['migrate', '--data', data, '--json'], first);
    expect(JSON.parse(first.out())).toEqual({ applied: await knownMigrations() });
    const second = capture(env);
    await run(['migrate', '--data', data], second);
    expect(second.out()).toContain('is up to date');
  });

  it('names a bad setting instead of starting', async () => {
    await expect(run(['migrate', '--database-url', 'mysql://x'], capture(env))).rejects.toThrow(
      /--database-url must start with postgres/,
    );
  });
});

describe('portico admin create-user', () => {
  const data = () => path.join(dir, 'admin');

  it('creates an administrator with a password from stdin and prints a token on the last line', async () => {
    const io = capture(env, 'first-admin-password\n');
    await run(
      [
        'admin',
        'create-user',
        '--email',
        'Root@Example.com',
        '--role',
        'admin',
        '--password-stdin',
        '--token',
        '--data',
        data(),
      ],
      io,
    );
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Created administrator root@example\.com/);
    expect(lines.at(-1)).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    expect(io.out()).not.toContain('first-admin-password');
  });

  it('refuses a second user with the same email', async () => {
    await expect(
      run(['admin', 'create-user', '--email', 'root@example.com', '--data', data()], capture(env)),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('already exists'),
    });
  });

  it('refuses a short password, a bad role and a bad email before touching the database', async () => {
    await expect(
      run(
        ['admin', 'create-user', '--email', 'a@example.com', '--password-stdin', '--data', data()],
        capture(env, 'short'),
      ),
    ).rejects.toThrow(/at least 8/);
    await expect(
      run(['admin', 'create-user', '--email', 'a@example.com', '--role', 'owner', '--data', data()], capture(env)),
    ).rejects.toThrow(/--role must be admin or user/);
    await expect(run(['admin', 'create-user', '--email', 'nope', '--data', data()], capture(env))).rejects.toThrow(
      /--email must be/,
    );
  });

  it('prints JSON with the id and the token with --json', async () => {
    const io = capture(env);
    await run(['admin', 'create-user', '--email', 'bot@example.com', '--token', '--json', '--data', data()], io);
    const body = JSON.parse(io.out()) as { id: string; email: string; admin: boolean; token: string };
    expect(body).toMatchObject({ email: 'bot@example.com', admin: false });
    expect(body.id).toMatch(/^usr_/);
    expect(body.token).toMatch(/^pat_/);
  });
});

describe('portico serve and login', () => {
  const data = () => path.join(dir, 'serve');
  let stop: AbortController;
  let serving: Promise<void>;
  let url: string;
  let token: string;
  let serveIo: Captured;

  beforeAll(async () => {
    stop = new AbortController();
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    serveIo = capture(env);
    serving = run(
      ['serve', '--port', '0', '--data', data()],
      serveIo,
      createServerCommands({ stopSignal: stop.signal, onStarted: () => started() }),
    );
    await Promise.race([ready, serving]);
    url = /Portico is serving at (\S+)/.exec(serveIo.out())![1]!;
    const admin = capture(env, 'serve-admin-password');
    await run(
      [
        'admin',
        'create-user',
        '--email',
        'ops@example.com',
        '--role',
        'admin',
        '--password-stdin',
        '--token',
        '--data',
        data(),
      ],
      admin,
    );
    token = admin.out().trimEnd().split('\n').at(-1)!;
  });
  afterAll(async () => {
    stop.abort();
    await serving;
  });

  it('prints the URL and, on a fresh database, how to create the first administrator', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serveIo.out()).toContain('portico admin create-user --email');
  });

  it('saves a checked token for the other commands, readable only by the owner', async () => {
    const io = capture(env);
    await run(['login', '--url', url, '--token', token], io);
    expect(io.out()).toContain('as ops@example.com');
    const saved = readSavedLogin(env);
    expect(saved).toEqual({ url, token });
    const file = path.join(env.XDG_CONFIG_HOME!, 'portico', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const client = resolveClient({}, { env });
    expect(await client.get('/api/v1/me')).toMatchObject({ user: { email: 'ops@example.com' } });
  });

  it('signs in with email and password from stdin and saves a new token', async () => {
    const otherEnv = { ...env, XDG_CONFIG_HOME: path.join(dir, 'config-2') };
    const io = capture(otherEnv, 'serve-admin-password\n');
    await run(['login', '--url', url, '--email', 'ops@example.com', '--password-stdin', '--json'], io);
    expect(JSON.parse(io.out())).toMatchObject({ email: 'ops@example.com', url });
    const saved = readSavedLogin(otherEnv);
    expect(saved?.token).toMatch(/^pat_/);
    expect(saved?.token).not.toBe(token);
  });

  it('refuses a wrong token without saving it', async () => {
    const otherEnv = { ...env, XDG_CONFIG_HOME: path.join(dir, 'config-3') };
    await expect(run(['login', '--url', url, '--token', 'pat_wrong'], capture(otherEnv))).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('[invalid_token, HTTP 401]'),
    });
    expect(readSavedLogin(otherEnv)).toBeUndefined();
  });

  it('turns API error bodies into errors with the code and each failing field', async () => {
    const client = resolveClient({ url, token }, { env: {} });
    const err = await client
      .post('/api/v1/environments', { name: 'Not Valid', colour: 'red' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('validation_failed');
    expect((err as ApiError).message).toMatch(/\[validation_failed, HTTP 400\]\n {2}- body\/(name|colour): /);
  });

  it('prefers flags over PORTICO_URL/PORTICO_TOKEN and explains what is missing', async () => {
    expect(() => resolveClient({}, { env: { XDG_CONFIG_HOME: path.join(dir, 'empty') } })).toThrow(
      /pass --url, set PORTICO_URL/,
    );
    expect(() => resolveClient({ url }, { env: { XDG_CONFIG_HOME: path.join(dir, 'empty') } })).toThrow(
      /pass --token, set PORTICO_TOKEN/,
    );
    const client = resolveClient(
      { url, token },
      { env: { PORTICO_URL: 'http://127.0.0.1:1', PORTICO_TOKEN: 'pat_x' } },
    );
    expect(client.baseUrl).toBe(url);
    const unreachable = resolveClient({}, { env: { PORTICO_URL: 'http://127.0.0.1:1', PORTICO_TOKEN: 'pat_x' } });
    await expect(unreachable.get('/api/v1/me')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('Cannot reach Portico'),
    });
  });

  it('refuses to start with a bad port, naming the flag', async () => {
    await expect(run(['serve', '--port', '99999', '--data', data()], capture(env))).rejects.toThrow(
      /--port must be a whole number/,
    );
  });
});
