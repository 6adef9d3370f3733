/** Fixtures for the API-side tests: an app over in-memory SQLite that may fetch from 127.0.0.1, a mutable upstream. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoApi, startDemoApi } from '../../src/demo/index.ts';
import { addUser, makeApp, type TestApp, type TestUser } from './app.ts';

/** A tiny upstream serving one document whose text tests change; honours If-None-Match with its ETag. */
export interface Upstream {
  url: string;
  /** Replaces what `/doc` serves (and its ETag). */
  set(text: string, contentType?: string): void;
  /** How many requests carried a matching If-None-Match (answered 304). */
  notModified(): number;
  close(): Promise<void>;
}

/** Starts an upstream on 127.0.0.1 port 0: `/doc` (the document), `/page` (an HTML page), `/slow-404` (404). */
export async function startUpstream(initial: string): Promise<Upstream> {
  let text = initial;
  let type = 'application/json';
  let version = 1;
  let hits304 = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Docs</body></html>');
      return;
    }
    if (req.url !== '/doc') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
      return;
    }
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      hits304 += 1;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next, contentType = 'application/json') {
      text = next;
      type = contentType;
      version += 1;
    },
    notModified: () => hits304,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AppsFixture {
  t: TestApp;
  demo: DemoApi;
  admin: TestUser;
  dev: TestUser;
  close(): Promise<void>;
}

/** A server that may fetch from 127.0.0.1 (allow-listed), the demo API, an admin and a developer. */
export async function appsFixture(config: Parameters<typeof makeApp>[0] = {}): Promise<AppsFixture> {
  const t = await makeApp({
    ...config,
    config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }], ...config.config },
  });
  const demo = await startDemoApi({ apiKey: 'demo-key-never-exported' });
  const admin = await addUser(t.store, { admin: true });
  const dev = await addUser(t.store);
  return {
    t,
    demo,
    admin,
    dev,
    close: async () => {
      await demo.close();
      await t.close();
    },
  };
}

/** A GET operation answering 200 with a JSON object. */
function getOperation(operationId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    get: {
      operationId,
      summary: `Call ${operationId}`,
      ...extra,
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
}

function document(title: string, paths: Record<string, unknown>): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title, version: '1.0.0', description: `${title} for tests.` },
    servers: [{ url: 'https://api.example.com/v1' }],
    paths,
  };
}

/** A small valid OpenAPI 3.0 document with the given title and operations (one GET per name). */
export function smallDocument(title: string, operations: string[] = ['listThings']): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const op of operations) {
    paths[`/${op.toLowerCase()}`] = getOperation(op, { tags: [op.startsWith('list') ? 'lists' : 'other'] });
  }
  return document(title, paths);
}

/**
 * A valid OpenAPI 3.0 document of `count` operations `getThing{i}` (about 330 characters each, with a path
 * parameter and a long description), leaving out those `skip` names.
 */
export function largeDocument(
  title: string,
  count: number,
  skip: (i: number) => boolean = () => false,
): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    if (skip(i)) continue;
    paths[`/things${i}/{id}`] = getOperation(`getThing${i}`, {
      description: `Returns thing ${i}. ${'Long enough to make the text large. '.repeat(5)}`,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    });
  }
  return document(title, paths);
}
