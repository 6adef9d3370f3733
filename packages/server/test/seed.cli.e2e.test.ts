/**
 * The seed workflow end to end, through the real `portico` command against a real `portico serve` process: an API
 * developer registers the demo API from its definition URL and exports the connector package; a maker imports the
 * package, is told it needs the API key, creates a connection with the key and tests it (and a wrong key fails).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../src/demo/index.ts';
import { type CliResult, cleanEnv, type PorticoProcess, runPortico, startPortico } from './helpers/cli-process.ts';

const PASSWORDS = {
  admin: 'admin-password-0f3c9a',
  developer: 'developer-password-7be21d',
  maker: 'maker-password-c94e03',
};

let dir: string;
let data: string;
let pkg: string;
let demo: DemoApi;
let serve: PorticoProcess | undefined;
let url: string;
const tokens: Record<keyof typeof PASSWORDS, string> = { admin: '', developer: '', maker: '' };

/** Runs `portico …` as one of the users (PORTICO_URL / PORTICO_TOKEN in its environment). */
function as(user: keyof typeof PASSWORDS, args: string[]): Promise<CliResult> {
  return runPortico(args, { env: cleanEnv({ PORTICO_URL: url, PORTICO_TOKEN: tokens[user] }), cwd: dir });
}

/** `portico admin create-user` on the server's data directory; returns the token it prints on its last line. */
async function createUser(user: keyof typeof PASSWORDS, role: 'admin' | 'user'): Promise<string> {
  const result = await runPortico(
    [
      'admin',
      'create-user',
      '--email',
      `${user}@example.com`,
      '--role',
      role,
      '--password-stdin',
      '--token',
      '--data',
      data,
    ],
    { env: cleanEnv(), cwd: dir, stdin: `${PASSWORDS[user]}\n` },
  );
  expect(result.code, result.stderr).toBe(0);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  expect(last).toMatch(/^pat_/);
  return last;
}

/** A management API call with a token (the admin hands out roles this way). */
async function http(method: string, route: string, token: string, body?: unknown) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function ok(result: CliResult): string {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-seed-e2e-'));
  data = path.join(dir, 'data');
  pkg = path.join(dir, 'pkg');
  demo = await startDemoApi();
  serve = startPortico(['serve', '--port', '0', '--data', data], {
    env: cleanEnv({ PORTICO_GATEWAY_ALLOW_HOSTS: '127.0.0.1', PORTICO_LOG_LEVEL: 'info' }),
    cwd: dir,
  });
  const output = await serve.waitFor(/Portico is serving at (http:\/\/\S+)/);
  url = /Portico is serving at (http:\/\/\S+)/.exec(output)?.[1] as string;
}, 90_000);

afterAll(async () => {
  await serve?.stop();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the seed workflow through the CLI against portico serve', () => {
  it('creates an administrator, an API developer and a maker with admin create-user, roles set by the admin', async () => {
    tokens.admin = await createUser('admin', 'admin');
    tokens.developer = await createUser('developer', 'user');
    tokens.maker = await createUser('maker', 'user');
    // The developer works on the API side only: a plain user in the environment, not a maker.
    const developer = await http('PUT', '/api/v1/environments/default/members/developer@example.com', tokens.admin, {
      role: 'user',
    });
    expect(developer.status).toBe(200);
    const maker = await http('PUT', '/api/v1/environments/default/members/maker@example.com', tokens.admin, {
      role: 'maker',
    });
    expect(maker.status).toBe(200);
  }, 120_000);

  it('lets the developer register the API app from its definition URL', async () => {
    const created = JSON.parse(
      ok(await as('developer', ['app', 'create', 'demo', '--definition-url', `${demo.url}/openapi.json`, '--json'])),
    ) as { id: string; definition: { number: number } };
    expect(created.id).toMatch(/^app_/);
    expect(created.definition.number).toBe(1);
  });

  it('lets the developer export the connector package: Swagger 2.0, asking for api_key, without secrets', async () => {
    const out = ok(await as('developer', ['app', 'export', 'demo', '--out', pkg]));
    expect(out).toContain('Exported demo (revision 1)');
    const definition = JSON.parse(readFileSync(path.join(pkg, 'apiDefinition.swagger.json'), 'utf8')) as {
      swagger: string;
      host: string;
      securityDefinitions: Record<string, { type: string; in: string; name: string }>;
    };
    expect(definition.swagger).toBe('2.0');
    expect(definition.host).toBe(new URL(demo.url).host);
    expect(Object.values(definition.securityDefinitions)).toEqual([
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    ]);
    const properties = JSON.parse(readFileSync(path.join(pkg, 'apiProperties.json'), 'utf8')) as {
      properties: { connectionParameters: Record<string, { type: string }> };
    };
    expect(Object.keys(properties.properties.connectionParameters)).toEqual(['api_key']);
    expect(properties.properties.connectionParameters.api_key?.type).toBe('securestring');
    for (const file of readdirSync(pkg)) {
      const text = readFileSync(path.join(pkg, file), 'utf8');
      for (const secret of [demo.apiKey, ...Object.values(tokens), ...Object.values(PASSWORDS)]) {
        expect(text, `${file} holds a secret`).not.toContain(secret);
      }
    }
  });

  it('refuses the import to the developer, who is no maker', async () => {
    const refused = await http('POST', '/api/v1/environments/default/connectors/prepare', tokens.developer, {
      apiDefinition: readFileSync(path.join(pkg, 'apiDefinition.swagger.json'), 'utf8'),
      apiProperties: readFileSync(path.join(pkg, 'apiProperties.json'), 'utf8'),
    });
    expect(refused.status).toBe(403);
  });

  it('lets the maker import the package as a connector that needs the API key', async () => {
    const out = ok(
      await as('maker', [
        'connector',
        'create',
        '--api-def',
        path.join(pkg, 'apiDefinition.swagger.json'),
        '--api-prop',
        path.join(pkg, 'apiProperties.json'),
        '--name',
        'demo-inventory',
      ]),
    );
    expect(out).toContain('Created connector demo-inventory');
    expect(out).toMatch(/apiKey authentication/);
  });

  it('asks the maker for the API key when a connection is created without it', async () => {
    const asked = await as('maker', ['connection', 'create', '--connector', 'demo-inventory']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(/missing "api_key" \(API Key\)/);
  });

  it('lets the maker connect with the API key and test the connection', async () => {
    const created = JSON.parse(
      ok(
        await as('maker', [
          'connection',
          'create',
          '--connector',
          'demo-inventory',
          '--param',
          `api_key=${demo.apiKey}`,
          '--json',
        ]),
      ),
    ) as { id: string; parameters?: unknown };
    expect(created.id).toMatch(/\S/);
    expect(JSON.stringify(created)).not.toContain(demo.apiKey);
    const tested = ok(await as('maker', ['connection', 'test', created.id]));
    expect(tested).toMatch(/^OK: /);
  });

  it('reports a connection with a wrong API key as failed, with exit code 1', async () => {
    const created = JSON.parse(
      ok(
        await as('maker', [
          'connection',
          'create',
          '--connector',
          'demo-inventory',
          '--param',
          'api_key=not-the-demo-key',
          '--json',
        ]),
      ),
    ) as { id: string };
    const tested = await as('maker', ['connection', 'test', created.id]);
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(/^FAILED: .*401/);
  });

  it('never writes a password, token or API key to the server log, and stops on SIGTERM with exit code 0', async () => {
    const server = serve as PorticoProcess;
    expect(await server.stop()).toBe(0);
    const log = server.output();
    expect(log).toMatch(/"msg":"incoming request"/);
    for (const secret of [demo.apiKey, 'not-the-demo-key', ...Object.values(tokens), ...Object.values(PASSWORDS)]) {
      expect(log).not.toContain(secret);
    }
    serve = undefined;
  });
});
