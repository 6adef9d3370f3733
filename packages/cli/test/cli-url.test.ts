import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from './helpers/fixtures.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { portico } from './helpers/io.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    switch (req.url) {
      case '/petstore.yaml':
        readFile(fixture('petstore.yaml')).then((body) =>
          res.writeHead(200, { 'content-type': 'text/yaml' }).end(body),
        );
        return;
      case '/local-ref.yaml':
        res
          .writeHead(200, { 'content-type': 'application/yaml' })
          .end(
            'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200": { $ref: "file:///etc/hostname" }\n',
          );
        return;
      case '/docs':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>API docs</title>');
        return;
      case '/old':
        res.writeHead(301, { location: '/petstore.yaml' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

describe('URL inputs', () => {
  it('validates a definition served over HTTP, after a redirect', async () => {
    const result = await portico(['validate', `${server.url}/old`], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.out).toContain('OpenAPI 3.0.3');
  });

  it('refuses a web page with exit 2 and says it looks like one', async () => {
    const result = await portico(['validate', `${server.url}/docs`], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toContain('looks like a web page');
  });

  it('exits 2 and names the URL for a 404', async () => {
    const result = await portico(['export', `${server.url}/missing.json`, '--out', 'never'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${server.url}/missing.json answered HTTP 404`);
  });

  it('does not let a definition from the network read local files', async () => {
    const result = await portico(['validate', `${server.url}/local-ref.yaml`], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    expect(result.out).toContain('cannot refer to local files');
  });
});
