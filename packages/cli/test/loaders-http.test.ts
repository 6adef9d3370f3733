import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { createHttpLoader } from '../src/loaders/http.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';

const definition = JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} });

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/openapi.json':
        res.writeHead(200, { 'content-type': 'application/json' }).end(definition);
        return;
      case '/openapi.yaml':
        res.writeHead(200, { 'content-type': 'application/yaml' }).end('openapi: 3.0.3\n');
        return;
      case '/moved':
        res.writeHead(302, { location: '/openapi.json' }).end();
        return;
      case '/loop-a':
        res.writeHead(301, { location: '/loop-b' }).end();
        return;
      case '/loop-b':
        res.writeHead(301, { location: '/loop-a' }).end();
        return;
      case '/chain': {
        const n = Number(url.searchParams.get('n'));
        if (n <= 0) res.writeHead(200, { 'content-type': 'application/json' }).end(definition);
        else res.writeHead(307, { location: `/chain?n=${n - 1}` }).end();
        return;
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"openapi":');
        return; // never ends
      case '/big':
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-length': String(10_000) })
          .end('x'.repeat(10_000));
        return;
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        res.end();
        return;
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html></html>');
        return;
      case '/sneaky-page':
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('\n  <!DOCTYPE html><html></html>');
        return;
      case '/private':
        res.writeHead(403).end('no');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
});

afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<LoaderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoaderError);
  return error as LoaderError;
}

describe('HTTP loader', () => {
  const load = createHttpLoader();

  it('returns the body, the content type and the URI', async () => {
    const result = await load(`${server.url}/openapi.json`);
    expect(new TextDecoder().decode(result.text as Uint8Array)).toBe(definition);
    expect(result.contentType).toBe('application/json');
    expect(result.uri).toBe(`${server.url}/openapi.json`);
  });

  it('accepts YAML media types', async () => {
    const result = await load(`${server.url}/openapi.yaml`);
    expect(new TextDecoder().decode(result.text as Uint8Array)).toBe('openapi: 3.0.3\n');
  });

  it('follows a redirect and reports the final URI so relative $refs resolve against it', async () => {
    const result = await load(`${server.url}/moved`);
    expect(result.uri).toBe(`${server.url}/openapi.json`);
  });

  it('follows five redirects but not six', async () => {
    expect((await load(`${server.url}/chain?n=5`)).uri).toBe(`${server.url}/chain?n=0`);
    const error = await failure(load(`${server.url}/chain?n=6`));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toContain('more than 5');
  });

  it('detects a redirect loop', async () => {
    const error = await failure(load(`${server.url}/loop-a`));
    expect(error.code).toBe('redirect-loop');
    expect(error.message).toContain('/loop-b');
  });

  it('reports a 404 with the URL', async () => {
    const error = await failure(load(`${server.url}/missing.json`));
    expect(error.code).toBe('http-404');
    expect(error.message).toContain(`${server.url}/missing.json`);
  });

  it('says that a 403 needs credentials', async () => {
    const error = await failure(load(`${server.url}/private`));
    expect(error.message).toContain('needs credentials');
  });

  it('gives up on a slow server after the timeout', async () => {
    const error = await failure(createHttpLoader({ timeoutMs: 150 })(`${server.url}/slow`));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('Timed out after 0.15 s');
  });

  it('refuses a body whose declared length is over the limit', async () => {
    const error = await failure(createHttpLoader({ maxBytes: 5000 })(`${server.url}/big`));
    expect(error.code).toBe('too-large');
  });

  it('refuses a streamed body once it passes the limit', async () => {
    const error = await failure(createHttpLoader({ maxBytes: 5000 })(`${server.url}/big-chunked`));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('4.9 KiB');
  });

  it('refuses an HTML page and says it looks like a web page', async () => {
    const error = await failure(load(`${server.url}/page`));
    expect(error.code).toBe('html');
    expect(error.message).toContain('looks like a web page, not an OpenAPI definition');
  });

  it('refuses an HTML body even when the content type does not say so', async () => {
    const error = await failure(load(`${server.url}/sneaky-page`));
    expect(error.code).toBe('html');
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startServer(() => {});
    const url = `${closed.url}/openapi.json`;
    await closed.close();
    const error = await failure(load(url));
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });
});
