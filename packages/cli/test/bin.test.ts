import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from './helpers/fixtures.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import type { RunResult } from './helpers/io.ts';

const BIN = fileURLToPath(new URL('../bin/portico.js', import.meta.url));

/** Runs the real bin as a child process, as `npx portico` would. */
function bin(args: string[], stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: FIXTURES,
      env: { ...process.env, PORTICO_DEBUG: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    if (name === 'split/main.yaml' || name === 'split/schemas.yaml') {
      readFile(fixture(name)).then((body) => res.writeHead(200, { 'content-type': 'application/yaml' }).end(body));
    } else {
      res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

describe('the portico bin', () => {
  it('prints its version and exits 0', async () => {
    const result = await bin(['--version']);
    expect(result).toMatchObject({ code: 0, out: '0.1.0\n' });
  });

  it('lists the definition commands and the server-side commands in its help', async () => {
    const result = await bin(['--help']);
    expect(result.code).toBe(0);
    for (const name of ['validate', 'convert', 'export', 'serve'])
      expect(result.out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('exits 0 for a valid definition and 2 for an unusable one, without a stack trace', async () => {
    expect((await bin(['validate', 'petstore.yaml'])).code).toBe(0);
    const unusable = await bin(['validate', 'malformed.yaml']);
    expect(unusable.code).toBe(2);
    expect(unusable.err).not.toContain('    at ');
  });

  it('reads "-" from stdin and exits 1 when it has errors', async () => {
    const result = await bin(['validate', '-', '--json'], await readFile(fixture('invalid.yaml'), 'utf8'));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ version: '3.0.3' });
  });

  it('loads a URL and the relative $refs beside it from the same server', async () => {
    const result = await bin(['validate', `${server.url}/split/main.yaml`, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { errors: Array<{ source?: string; pointer: string }> };
    expect(report.errors).toContainEqual(
      expect.objectContaining({ source: `${server.url}/split/schemas.yaml`, pointer: '/Pet/properties/age/maximum' }),
    );
  });

  it('validates a connector package folder', async () => {
    const result = await bin(['validate', 'package', '--profile', 'powerplatform']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Swagger 2.0');
  });
});
