import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostAllowList, fetchDefinition, isPrivateAddress } from '../src/fetch/index.ts';

const DOC = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: {} });
const YAML_DOC = 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\npaths: {}\n';
const ETAG = '"rev-1"';
// The test servers are on loopback, which fetchDefinition refuses unless allow-listed.
const LOCAL = { allowHosts: ['127.0.0.1'] };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes: Record<string, Handler> = {
  '/doc.json': (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      etag: ETAG,
      'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT',
    });
    res.end(DOC);
  },
  '/doc.yaml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end(YAML_DOC);
  },
  '/raw': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`\ufeff${YAML_DOC}`);
  },
  '/gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(DOC));
  },
  '/etag': (req, res) => {
    if (req.headers['if-none-match'] === ETAG) {
      res.writeHead(304, { etag: ETAG });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag: ETAG });
    res.end(DOC);
  },
  '/since': (req, res) => {
    if (req.headers['if-modified-since'] === 'Wed, 21 Oct 2026 07:28:00 GMT') {
      res.writeHead(304);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(DOC);
  },
  '/slow-headers': () => {
    // Never answers: the client must give up on its own.
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"openapi":');
  },
  '/missing': (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no');
  },
  '/broken': (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('boom');
  },
  '/private': (_req, res) => {
    res.writeHead(401);
    res.end();
  },
  '/huge-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
    res.write('{');
  },
  '/huge-streamed': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < 400 && res.write(chunk)) sent++;
      if (sent < 400) res.once('drain', pump);
      else res.end();
    };
    res.on('close', () => {
      sent = 400;
    });
    pump();
  },
  '/html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><body>Swagger UI</body></html>');
  },
  '/html-as-text': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('<!DOCTYPE html>\n<html><head></head></html>');
  },
  '/image': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  },
  '/loop': (_req, res) => {
    res.writeHead(302, { location: '/loop' });
    res.end();
  },
  '/hop1': (_req, res) => {
    res.writeHead(301, { location: '/hop2' });
    res.end();
  },
  '/hop2': (_req, res) => {
    res.writeHead(307, { location: '/doc.json' });
    res.end();
  },
  '/to-ftp': (_req, res) => {
    res.writeHead(302, { location: 'ftp://example.com/doc.json' });
    res.end();
  },
  '/no-location': (_req, res) => {
    res.writeHead(302);
    res.end();
  },
  '/auth-echo': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  },
};

let server: Server;
let other: Server;
let base: string;
let otherBase: string;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0] ?? '/'];
    if (route) route(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  base = await listen(server);
  // A second origin ("localhost" instead of 127.0.0.1) that redirects back, to test cross-origin behaviour.
  other = createServer((req, res) => {
    res.writeHead(302, { location: `${base}${req.url === '/to-auth-echo' ? '/auth-echo' : '/doc.json'}` });
    res.end();
  });
  otherBase = await listen(other);
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => other.close(r));
});

describe('fetchDefinition successes', () => {
  it('returns the JSON text with its validators and final URL', async () => {
    const result = await fetchDefinition(`${base}/doc.json`, LOCAL);
    expect(result).toMatchObject({
      ok: true,
      text: DOC,
      finalUrl: `${base}/doc.json`,
      contentType: 'application/json',
      etag: ETAG,
      lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT',
      status: 200,
      bytes: DOC.length,
    });
  });

  it('accepts YAML and plain text, stripping a byte-order mark', async () => {
    expect(await fetchDefinition(`${base}/doc.yaml`, LOCAL)).toMatchObject({
      ok: true,
      text: YAML_DOC,
      contentType: 'application/yaml',
    });
    expect(await fetchDefinition(`${base}/raw`, LOCAL)).toMatchObject({
      ok: true,
      text: YAML_DOC,
      contentType: 'text/plain',
    });
  });

  it('decompresses a gzip-encoded document', async () => {
    expect(await fetchDefinition(`${base}/gzip`, LOCAL)).toMatchObject({ ok: true, text: DOC });
  });

  it('follows a bounded chain of redirects and reports the final URL', async () => {
    expect(await fetchDefinition(`${base}/hop1`, { ...LOCAL, maxRedirects: 2 })).toMatchObject({
      ok: true,
      finalUrl: `${base}/doc.json`,
    });
  });
});

describe('fetchDefinition failures', () => {
  it('times out on a server that never answers', async () => {
    const result = await fetchDefinition(`${base}/slow-headers`, { ...LOCAL, timeoutMs: 150 });
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
    expect(result.ok === false && result.message).toContain(`${base}/slow-headers`);
    expect(result.ok === false && result.message).toContain('150 ms');
  });

  it('times out on a body that never ends', async () => {
    expect(await fetchDefinition(`${base}/slow-body`, { ...LOCAL, timeoutMs: 150 })).toMatchObject({
      ok: false,
      code: 'timeout',
    });
  });

  it('reports a refused connection as unreachable', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((r) => closed.close(r));
    const result = await fetchDefinition(`${url}/doc.json`, LOCAL);
    expect(result).toMatchObject({ ok: false, code: 'unreachable' });
    expect(result.ok === false && result.message).toMatch(/refused.*check that the server is running/);
  });

  it('reports an unknown host as unreachable', async () => {
    const result = await fetchDefinition('http://portico-no-such-host.invalid/doc.json');
    expect(result).toMatchObject({ ok: false, code: 'unreachable' });
    expect(result.ok === false && result.message).toContain('portico-no-such-host.invalid');
  });

  it('stops a redirect loop', async () => {
    const result = await fetchDefinition(`${base}/loop`, { ...LOCAL, maxRedirects: 3 });
    expect(result).toMatchObject({ ok: false, code: 'too-many-redirects' });
    expect(result.ok === false && result.message).toMatch(/more than 3 times/);
  });

  it('refuses a chain longer than maxRedirects', async () => {
    expect(await fetchDefinition(`${base}/hop1`, { ...LOCAL, maxRedirects: 1 })).toMatchObject({
      ok: false,
      code: 'too-many-redirects',
    });
  });

  it('reports 404, 500 and 401 as http errors with the status and a hint', async () => {
    const missing = await fetchDefinition(`${base}/missing`, LOCAL);
    expect(missing).toMatchObject({ ok: false, code: 'http-error', status: 404 });
    expect(missing.ok === false && missing.message).toMatch(/HTTP 404 Not Found; check the URL/);
    const broken = await fetchDefinition(`${base}/broken`, LOCAL);
    expect(broken).toMatchObject({ ok: false, code: 'http-error', status: 500 });
    expect(broken.ok === false && broken.message).toMatch(/try again later/);
    const privateDoc = await fetchDefinition(`${base}/private`, LOCAL);
    expect(privateDoc.ok === false && privateDoc.message).toMatch(/not public/);
  });

  it('refuses a body whose Content-Length exceeds the limit without reading it', async () => {
    const result = await fetchDefinition(`${base}/huge-declared`, { ...LOCAL, maxBytes: 1024 * 1024 });
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(result.ok === false && result.message).toMatch(/50\.0 MiB|50 MiB/);
  });

  it('aborts a streamed body as soon as it passes the limit', async () => {
    const result = await fetchDefinition(`${base}/huge-streamed`, { ...LOCAL, maxBytes: 256 * 1024 });
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(result.ok === false && result.message).toContain('256 KiB');
  });

  it('refuses an HTML page with a message saying it is a web page', async () => {
    const result = await fetchDefinition(`${base}/html`, LOCAL);
    expect(result).toMatchObject({ ok: false, code: 'bad-content-type' });
    expect(result.ok === false && result.message).toContain('this URL returns a web page, not an OpenAPI document');
    expect(await fetchDefinition(`${base}/html-as-text`, LOCAL)).toMatchObject({ ok: false, code: 'bad-content-type' });
  });

  it('refuses other content types naming the type', async () => {
    const result = await fetchDefinition(`${base}/image`, LOCAL);
    expect(result).toMatchObject({ ok: false, code: 'bad-content-type' });
    expect(result.ok === false && result.message).toContain('image/png');
  });

  it('answers not-modified to a matching If-None-Match or If-Modified-Since', async () => {
    expect(await fetchDefinition(`${base}/etag`, { ...LOCAL, etag: ETAG })).toMatchObject({
      ok: false,
      code: 'not-modified',
      status: 304,
    });
    expect(await fetchDefinition(`${base}/etag`, { ...LOCAL, etag: '"other"' })).toMatchObject({
      ok: true,
      etag: ETAG,
    });
    expect(
      await fetchDefinition(`${base}/since`, { ...LOCAL, lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT' }),
    ).toMatchObject({
      ok: false,
      code: 'not-modified',
    });
  });

  it('refuses URLs that are not http or https, relative, or carry credentials', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/a.json',
      'not a url',
      '/relative/doc.json',
      `http://user:pw@127.0.0.1/doc.json`,
    ]) {
      const result = await fetchDefinition(url);
      expect(result, url).toMatchObject({ ok: false, code: 'bad-url' });
    }
    const ftp = await fetchDefinition(`${base}/to-ftp`, LOCAL);
    expect(ftp).toMatchObject({ ok: false, code: 'bad-url' });
    expect(ftp.ok === false && ftp.message).toContain('only http:// and https://');
    expect(await fetchDefinition(`${base}/no-location`, LOCAL)).toMatchObject({
      ok: false,
      code: 'http-error',
      status: 302,
    });
  });
});

describe('fetchDefinition wiring', () => {
  it('uses an injected fetch implementation for every hop, with manual redirects', async () => {
    const seen: string[] = [];
    const result = await fetchDefinition(`${base}/hop1`, {
      ...LOCAL,
      fetchImpl: (url, init) => {
        seen.push(`${init.redirect} ${new URL(url).pathname}`);
        return undiciFetch(url, init as never) as unknown as Promise<Response>;
      },
    });
    expect(result).toMatchObject({ ok: true });
    expect(seen).toEqual(['manual /hop1', 'manual /hop2', 'manual /doc.json']);
  });

  it('rejects when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = fetchDefinition(`${base}/slow-headers`, { ...LOCAL, signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
  });
});

describe('private addresses', () => {
  it('refuses loopback by default, naming the address and the fix', async () => {
    const result = await fetchDefinition(`${base}/doc.json`);
    expect(result).toMatchObject({ ok: false, code: 'host-not-allowed' });
    expect(result.ok === false && result.message).toContain('127.0.0.1, a loopback, private or link-local address');
    expect(result.ok === false && result.message).toContain('allow-lists the host');
  });

  it('refuses cloud metadata and private network addresses without connecting', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/openapi.json',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
    ]) {
      expect(await fetchDefinition(url, { timeoutMs: 2000 }), url).toMatchObject({
        ok: false,
        code: 'host-not-allowed',
      });
    }
  });

  it('checks the address a host name resolves to', async () => {
    const port = new URL(base).port;
    const result = await fetchDefinition(`http://localhost:${port}/doc.json`);
    expect(result).toMatchObject({ ok: false, code: 'host-not-allowed' });
    expect(await fetchDefinition(`http://localhost:${port}/doc.json`, { allowHosts: ['localhost'] })).toMatchObject({
      ok: true,
    });
  });

  it('allows hosts by CIDR range, and everything when private addresses are allowed', async () => {
    expect(await fetchDefinition(`${base}/doc.json`, { allowHosts: ['127.0.0.0/8'] })).toMatchObject({ ok: true });
    expect(await fetchDefinition(`${base}/doc.json`, { privateAddresses: 'allow' })).toMatchObject({ ok: true });
  });

  it('checks every redirect target', async () => {
    const port = new URL(otherBase).port;
    // localhost is allowed by name; the redirect goes to the 127.0.0.1 literal, which is not.
    const viaRedirect = await fetchDefinition(`http://localhost:${port}/x`, { allowHosts: ['localhost'] });
    expect(viaRedirect).toMatchObject({ ok: false, code: 'host-not-allowed', url: `${base}/doc.json` });
  });

  it('drops the Authorization header when a redirect changes origin', async () => {
    const same = await fetchDefinition(`${base}/auth-echo`, { ...LOCAL, headers: { Authorization: 'Bearer t0k' } });
    expect(same.ok && JSON.parse(same.text)).toEqual({ authorization: 'Bearer t0k' });
    const cross = await fetchDefinition(`${otherBase}/to-auth-echo`, {
      ...LOCAL,
      headers: { Authorization: 'Bearer t0k' },
    });
    expect(cross.ok && JSON.parse(cross.text)).toEqual({ authorization: null });
  });

  it('classifies addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:a00:1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', 'example.com']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('matches names, wildcards, IPs and CIDR ranges in the allow-list', () => {
    const list = createHostAllowList(['API.example.com', '*.corp.example', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(list.allows('api.example.com')).toBe(true);
    expect(list.allows('a.b.corp.example')).toBe(true);
    expect(list.allows('corp.example')).toBe(false);
    expect(list.allows('evilcorp.example')).toBe(false);
    expect(list.allows('10.1.2.3')).toBe(true);
    expect(list.allows('11.1.2.3')).toBe(false);
    expect(list.allows('[::1]')).toBe(true);
    expect(list.allows('fd12::1')).toBe(true);
    expect(() => createHostAllowList(['10.0.0.0/33'])).toThrow(/not a valid CIDR/);
  });
});
