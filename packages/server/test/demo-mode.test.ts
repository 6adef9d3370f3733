/**
 * `portico demo` as a user runs it: the real command in a child process on a fresh data directory, its banner
 * read back and used over HTTP, then a second start on the same directory.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type PorticoProcess, startPortico } from './helpers/cli-process.ts';

interface Banner {
  portal: string;
  api: string;
  admin: { email: string; password: string };
  maker: { email: string; password: string };
  url: string;
  token: string;
  demoUrl: string;
  apiKey: string;
  text: string;
}

const START = 'Portico demo is ready.';
const END = 'Press Ctrl-C to stop.';

function pick(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`the demo banner has no ${pattern}:\n${text}`);
  return match[1];
}

/** Reads the banner the demo prints once it runs. */
function readBanner(output: string): Banner {
  const from = output.indexOf(START);
  const to = output.indexOf(END, from);
  const text = output.slice(from, to + END.length);
  return {
    text,
    portal: pick(text, /Portal:\s+(\S+)/),
    api: pick(text, /Management API:\s+(\S+)/),
    admin: {
      email: pick(text, /administrator\s+(\S+)\s+password:/),
      password: pick(text, /administrator\s+\S+\s+password: (\S+)/),
    },
    maker: {
      email: pick(text, /maker\s+(\S+)\s+password:/),
      password: pick(text, /maker\s+\S+\s+password: (\S+)/),
    },
    url: pick(text, /export PORTICO_URL=(\S+)/),
    token: pick(text, /PORTICO_TOKEN=(\S+)/),
    demoUrl: pick(text, /URL:\s+(http:\/\/\S+)\s+\(its OpenAPI 3\.0 document/),
    apiKey: pick(text, /API key:\s+(\S+)/),
  };
}

async function api<T = Record<string, unknown>>(
  base: string,
  route: string,
  init: { token?: string; body?: unknown; method?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${route}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The output with the banner cut out: what a log collector would see. */
function outsideBanner(output: string): string {
  const from = output.indexOf(START);
  const to = output.indexOf(END, from);
  return output.slice(0, from) + output.slice(to + END.length);
}

let dir: string;
let data: string;
let demo: PorticoProcess | undefined;

function startDemo(): PorticoProcess {
  // PORTICO_LOG_LEVEL=info: the request log lines must be there to show that no secret reaches them.
  demo = startPortico(['demo', '--port', '0', '--data', data], {
    env: cleanEnv({ PORTICO_LOG_LEVEL: 'info' }),
    cwd: dir,
  });
  return demo;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-demo-mode-'));
  data = path.join(dir, 'data');
});
afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('portico demo', () => {
  let first: Banner;
  let firstUsers: Array<{ id: string; email: string }>;
  let appId: string;

  it('starts on a free port and prints the portal, API, demo users, CLI token, demo API and next commands', async () => {
    const run = startDemo();
    const output = await run.waitFor(new RegExp(END.replace(/\./g, '\\.')));
    first = readBanner(output);
    const served = pick(output, /Portico is serving at (\S+)/);
    expect(served).not.toMatch(/:0$/);
    expect(first.portal).toBe(`${served}/`);
    expect(first.api).toBe(`${served}/api/v1`);
    expect(first.url).toBe(served);
    expect(first.token).toMatch(/^pat_/);
    expect(first.admin.email).not.toBe(first.maker.email);
    expect(first.text).toContain(`portico app export demo-inventory --out`);
    expect(first.text).toContain('portico connector create --api-def');
    expect(first.text).toContain(
      `portico connection create --connector demo-inventory --param api_key=${first.apiKey}`,
    );
    expect(output).not.toContain('No users yet');
  }, 120_000);

  it('lets the demo users sign in with the printed passwords', async () => {
    for (const user of [first.admin, first.maker]) {
      const login = await api<{ user: { email: string; admin: boolean } }>(first.url, '/api/v1/auth/login', {
        body: { email: user.email, password: user.password },
      });
      expect(login.status).toBe(200);
      expect(login.body.user.email).toBe(user.email);
      expect(login.body.user.admin).toBe(user === first.admin);
    }
    const wrong = await api(first.url, '/api/v1/auth/login', {
      body: { email: first.maker.email, password: first.admin.password },
    });
    expect(wrong.status).toBe(401);
  });

  it('registers the demo API as an app with a revision and hosts its definition', async () => {
    const app = await api<{ id: string; definition: { number: number } | null; source: { url?: string } }>(
      first.url,
      '/api/v1/apps/demo-inventory',
      { token: first.token },
    );
    expect(app.status).toBe(200);
    expect(app.body.definition?.number).toBe(1);
    expect(app.body.source.url).toBe(`${first.demoUrl}/openapi.json`);
    appId = app.body.id;
    const hosted = await api<{ openapi: string; servers: Array<{ url: string }>; paths: Record<string, unknown> }>(
      first.url,
      '/apps/demo-inventory/definition.json',
    );
    expect(hosted.status).toBe(200);
    expect(hosted.body.openapi).toMatch(/^3\.0\./);
    expect(hosted.body.servers[0]?.url).toBe(first.demoUrl);
    expect(Object.keys(hosted.body.paths)).toContain('/items');
    const users = await api<{ items: Array<{ id: string; email: string }> }>(first.url, '/api/v1/users', {
      token: first.token,
    });
    firstUsers = users.body.items
      .map(({ id, email }) => ({ id, email }))
      .sort((a, b) => a.email.localeCompare(b.email));
    expect(firstUsers.map((u) => u.email)).toEqual([first.admin.email, first.maker.email].sort());
  });

  it('serves the demo API with the printed key and refuses another', async () => {
    const ok = await fetch(`${first.demoUrl}/items`, { headers: { 'x-api-key': first.apiKey } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const refused = await fetch(`${first.demoUrl}/items`, { headers: { 'x-api-key': `${first.apiKey}x` } });
    expect(refused.status).toBe(401);
  });

  it('lets the gateway call the demo API (allow-listed in the configuration, not the environment)', async () => {
    const exported = await api<{ name: string }>(first.url, '/api/v1/apps/demo-inventory/export', {
      token: first.token,
      body: { environment: 'default', connectorName: 'demo-inventory' },
    });
    expect(exported.status).toBe(201);
    const connection = await api<{ id: string }>(first.url, '/api/v1/environments/default/connections', {
      token: first.token,
      body: { connector: 'demo-inventory', parameters: { api_key: first.apiKey } },
    });
    expect(connection.status).toBe(201);
    expect(JSON.stringify(connection.body)).not.toContain(first.apiKey);
    const listed = await api<{ items: Array<{ id: number }>; pageSize: number }>(
      first.url,
      `/api/v1/connections/${connection.body.id}/operations/ListItems`,
      { token: first.token, body: { pageSize: 2 } },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i) => i.id)).toEqual([1, 2]);
  });

  it('keeps the demo API key encrypted in a 0600 file under --data', () => {
    const file = path.join(data, 'demo-api-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(first.apiKey);
  });

  it('stops cleanly on SIGTERM, and no password, token or key reaches a log line', async () => {
    const run = demo as PorticoProcess;
    expect(await run.stop()).toBe(0);
    const output = run.output();
    expect(output).toContain('Portico stopped.');
    expect(output).toMatch(/"msg":"incoming request"/);
    const logs = outsideBanner(output);
    for (const secret of [first.admin.password, first.maker.password, first.token, first.apiKey]) {
      expect(logs).not.toContain(secret);
    }
    demo = undefined;
  });

  it('reuses the users and the app on a second start, with new passwords and token and the same API key', async () => {
    const run = startDemo();
    const second = readBanner(await run.waitFor(new RegExp(END.replace(/\./g, '\\.'))));
    expect(second.text).not.toContain('(registered now)');
    expect(second.apiKey).toBe(first.apiKey);
    expect(second.admin.password).not.toBe(first.admin.password);
    expect(second.token).not.toBe(first.token);

    const users = await api<{ items: Array<{ id: string; email: string }> }>(second.url, '/api/v1/users', {
      token: second.token,
    });
    expect(
      users.body.items.map(({ id, email }) => ({ id, email })).sort((a, b) => a.email.localeCompare(b.email)),
    ).toEqual(firstUsers);
    const apps = await api<{ items: Array<{ id: string; name: string; source: { url?: string } }> }>(
      second.url,
      '/api/v1/apps',
      { token: second.token },
    );
    expect(apps.body.items.map((a) => [a.id, a.name])).toEqual([[appId, 'demo-inventory']]);
    // The demo API took another free port: the app follows it.
    expect(apps.body.items[0]?.source.url).toBe(`${second.demoUrl}/openapi.json`);
    const hosted = await api<{ servers: Array<{ url: string }> }>(second.url, '/apps/demo-inventory/definition.json');
    expect(hosted.body.servers[0]?.url).toBe(second.demoUrl);

    const oldToken = await api(second.url, '/api/v1/me', { token: first.token });
    expect(oldToken.status).toBe(401);
    const oldPassword = await api(second.url, '/api/v1/auth/login', {
      body: { email: first.admin.email, password: first.admin.password },
    });
    expect(oldPassword.status).toBe(401);
    const newPassword = await api(second.url, '/api/v1/auth/login', {
      body: { email: second.admin.email, password: second.admin.password },
    });
    expect(newPassword.status).toBe(200);
    expect(await run.stop()).toBe(0);
    demo = undefined;
  }, 120_000);
});
