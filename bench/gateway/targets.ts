/**
 * The servers of `npm run bench:gateway`, one per process: `node --import tsx bench/gateway/targets.ts <kind> [upstream-url]`.
 * Each listens on 127.0.0.1 port 0 and prints one line `TARGET {json}` with what the load generator must send.
 *   upstream      a node:http API answering GET /api/things/{id} with 1 KB of JSON (keep-alive)
 *   tuned         the practical limit of a Node proxy: node:http in, undici Pool.stream() out, body piped straight
 *   fastify-proxy @fastify/http-proxy in front of the upstream
 *   engine        the gateway engine alone behind node:http (no Fastify, no authentication, no cache)
 *   fastify-engine the same engine behind one route of a bare Fastify server (what Portico's invoke fast lane spares)
 *   portico       Portico's invoke endpoint: API-key connection, input validation, one setheader policy
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastifyHttpProxy from '@fastify/http-proxy';
import type { JsonObject } from '@portico/openapi';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { buildApp } from '../../packages/server/src/app.ts';
import { provisionUser } from '../../packages/server/src/auth/provision.ts';
import { newPersonalAccessToken } from '../../packages/server/src/auth/secrets.ts';
import { testConfig } from '../../packages/server/src/config.ts';
import { createGateway, type GatewayResponse } from '../../packages/server/src/gateway/index.ts';
import { openStore } from '../../packages/server/src/store/store.ts';
import { createAccessToken } from '../../packages/server/src/store/tokens.ts';

/** What the load generator sends to a target. */
export interface TargetSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export const API_KEY = 'bench-api-key-0123456789';
const THING_PATH = '/api/things/7?verbose=true';

function announce(spec: TargetSpec): void {
  process.stdout.write(`TARGET ${JSON.stringify(spec)}\n`);
}

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** Exactly 1 KB of JSON, built once: a list of small objects padded with a note. */
function payload(): Buffer {
  const value = { id: 7, items: [] as Array<{ id: number; name: string }>, note: '' };
  for (let i = 0; JSON.stringify(value).length < 900; i++) value.items.push({ id: i, name: `thing-${i}` });
  value.note = 'x'.repeat(1024 - Buffer.byteLength(JSON.stringify(value)));
  return Buffer.from(JSON.stringify(value));
}

async function upstream(): Promise<void> {
  const body = payload();
  const server = createServer((req, res) => {
    if (req.headers['x-key'] !== API_KEY) {
      res.writeHead(401, { 'content-type': 'application/json', 'content-length': '2' });
      res.end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  const url = await listen(server);
  announce({ url, method: 'GET', path: THING_PATH, headers: { 'x-key': API_KEY } });
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'trailer']);

async function tuned(upstreamUrl: string): Promise<void> {
  const pool = new Pool(upstreamUrl, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = {};
    for (const name in req.headers) if (!HOP.has(name) && name !== 'host') headers[name] = req.headers[name];
    pool.stream(
      {
        path: req.url ?? '/',
        method: req.method as 'GET',
        headers: headers as Record<string, string>,
        // A request without a body is sent without one (a stream body would make undici take its slower path).
        body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
        opaque: res,
      },
      ({ statusCode, headers: upstreamHeaders, opaque }) => {
        const out: OutgoingHttpHeaders = {};
        for (const name in upstreamHeaders) if (!HOP.has(name)) out[name] = upstreamHeaders[name];
        (opaque as typeof res).writeHead(statusCode, out);
        return opaque as typeof res;
      },
      (error) => {
        if (error && !res.headersSent) {
          res.writeHead(502);
          res.end();
        }
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  const url = await listen(server);
  announce({ url, method: 'GET', path: THING_PATH, headers: { 'x-key': API_KEY } });
}

async function fastifyProxy(upstreamUrl: string): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(fastifyHttpProxy, { upstream: upstreamUrl, prefix: '/', http: undefined });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  announce({ url: `http://127.0.0.1:${port}`, method: 'GET', path: THING_PATH, headers: { 'x-key': API_KEY } });
}

/** The connector the Portico target calls: API key in a header, one validated GET, one setheader policy. */
function connectorPackage(host: string) {
  return {
    apiDefinition: JSON.stringify({
      swagger: '2.0',
      info: { title: 'Bench API', version: '1.0', description: 'The benchmark upstream.' },
      host,
      basePath: '/api',
      schemes: ['http'],
      consumes: ['application/json'],
      produces: ['application/json'],
      securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
      security: [{ api_key: [] }],
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'GetThing',
            summary: 'Get a thing',
            description: 'Returns one thing.',
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'integer', minimum: 1, description: 'Thing id.' },
              { name: 'verbose', in: 'query', required: false, type: 'boolean', description: 'More detail.' },
            ],
            responses: { '200': { description: 'The thing.', schema: { type: 'object' } } },
          },
        },
      },
    }),
    apiProperties: JSON.stringify({
      properties: {
        connectionParameters: {
          api_key: {
            type: 'securestring',
            uiDefinition: {
              displayName: 'API key',
              description: 'The API key',
              tooltip: 'Sent in X-Key',
              constraints: { tabIndex: 1, clearText: false, required: 'true' },
            },
          },
        },
        iconBrandColor: '#3b5bdb',
        capabilities: [],
        policyTemplateInstances: [
          {
            templateId: 'setheader',
            title: 'Tag calls',
            parameters: {
              'x-ms-apimTemplateParameter.name': 'X-Portico-Bench',
              'x-ms-apimTemplateParameter.value': 'yes',
              'x-ms-apimTemplateParameter.existsAction': 'override',
              'x-ms-apimTemplate-policySection': 'Request',
            },
          },
        ],
        // The benchmark sends far more than Power Platform's 500 calls per minute on one connection.
        'x-portico-rate-limit': { calls: 1_000_000_000, periodSeconds: 60 },
        publisher: 'Portico bench',
        stackOwner: 'Portico bench',
      },
    }),
  };
}

/** The bench connector's one call on a gateway engine of its own (no server, no authentication, no cache). */
function engineCall(upstreamUrl: string): (inputs: Record<string, unknown>) => Promise<GatewayResponse> {
  const pkg = connectorPackage(new URL(upstreamUrl).host);
  const gateway = createGateway({ allowHosts: ['127.0.0.1'] });
  const connector = {
    name: 'bench',
    version: '1',
    definition: JSON.parse(pkg.apiDefinition) as JsonObject,
    properties: JSON.parse(pkg.apiProperties) as JsonObject,
  };
  const rateLimit = { limit: 1_000_000_000, windowMs: 60_000 };
  return (inputs) =>
    gateway.invoke({
      connector,
      connectionParameters: { api_key: API_KEY },
      connectionId: 'c1',
      rateLimit,
      operationId: 'GetThing',
      inputs,
    });
}

/** What the engine targets are sent: the inputs of the Portico target's call, without its bearer token. */
function engineSpec(url: string): TargetSpec {
  return {
    url,
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 7, verbose: true }),
  };
}

/** The gateway engine alone behind node:http (no Fastify, no authentication): what the server adds is the rest. */
async function engine(upstreamUrl: string): Promise<void> {
  const call = engineCall(upstreamUrl);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      call(inputs).then((answer) => {
        res.writeHead(answer.status, answer.headers);
        if (Buffer.isBuffer(answer.body)) res.end(answer.body);
        else answer.body.pipe(res);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  announce(engineSpec(await listen(server)));
}

/**
 * The gateway engine behind one route of a bare Fastify server (its defaults: JSON body parser, no logger, no
 * hooks): between `engine` and `portico`, it splits what the server adds into Fastify's share and Portico's own.
 */
async function fastifyEngine(upstreamUrl: string): Promise<void> {
  const call = engineCall(upstreamUrl);
  const app = Fastify({ logger: false });
  app.post('/', async (req, reply) => {
    const answer = await call(req.body as Record<string, unknown>);
    reply.code(answer.status);
    for (const name in answer.headers) reply.header(name, answer.headers[name]);
    return reply.send(answer.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  announce(engineSpec(`http://127.0.0.1:${port}`));
}

async function portico(upstreamUrl: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const config = testConfig({
    dataDir: dir,
    database: { dialect: 'sqlite', file: path.join(dir, 'portico.db') },
    gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }],
    logLevel: (process.env.BENCH_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
  });
  const store = openStore(config.database);
  const app = await buildApp({ config, store });
  const user = await provisionUser(store.db, { email: 'bench@example.com', admin: true, passwordHash: null });
  if (!user.ok) throw new Error('bench user exists');
  const { token, hash, prefix } = newPersonalAccessToken();
  await createAccessToken(store.db, { userId: user.value.id, name: 'bench', prefix, tokenHash: hash, expiresAt: null });
  const auth = { authorization: `Bearer ${token}` };
  const pkg = connectorPackage(new URL(upstreamUrl).host);
  const connector = await app.inject({
    method: 'POST',
    url: '/api/v1/environments/default/connectors',
    headers: auth,
    payload: { ...pkg, name: 'bench' },
  });
  if (connector.statusCode !== 201) throw new Error(`bench connector: ${connector.body}`);
  const connection = await app.inject({
    method: 'POST',
    url: '/api/v1/environments/default/connections',
    headers: auth,
    payload: { connector: 'bench', parameters: { api_key: API_KEY } },
  });
  if (connection.statusCode !== 201) throw new Error(`bench connection: ${connection.body}`);
  const id = (JSON.parse(connection.body) as { id: string }).id;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const spec: TargetSpec = {
    url: `http://127.0.0.1:${port}`,
    method: 'POST',
    path: `/api/v1/connections/${id}/operations/GetThing`,
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 7, verbose: true }),
  };
  // One call to check the whole path before the load starts.
  const check = await app.inject({ method: 'POST', url: spec.path, headers: spec.headers, payload: spec.body });
  if (check.statusCode !== 200) throw new Error(`bench invoke check: ${check.statusCode} ${check.body}`);
  announce(spec);
}

// `cpu` on stdin answers `CPU {"user","system"}` (µs): the load generator measures CPU per request, which a
// busy shared machine disturbs far less than throughput.
process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.toString().includes('cpu')) process.stdout.write(`CPU ${JSON.stringify(process.cpuUsage())}\n`);
});

// Exit cleanly on signals so exit hooks run (temporary data removed, --cpu-prof written).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));

const [kind, upstreamUrl] = process.argv.slice(2);
const starters: Record<string, () => Promise<void>> = {
  upstream,
  tuned: () => tuned(upstreamUrl!),
  'fastify-proxy': () => fastifyProxy(upstreamUrl!),
  engine: () => engine(upstreamUrl!),
  'fastify-engine': () => fastifyEngine(upstreamUrl!),
  portico: () => portico(upstreamUrl!),
};
const start = kind ? starters[kind] : undefined;
if (!start) {
  process.stderr.write(
    `usage: targets.ts upstream | tuned URL | fastify-proxy URL | engine URL | fastify-engine URL | portico URL\n`,
  );
  process.exit(2);
}
start().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
