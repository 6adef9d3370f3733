/**
 * The invoke fast lane (routes/invoke-lane.ts) answers exactly as the route behind Fastify: the same calls are sent
 * over HTTP to two apps on one store, one with the lane and one without, and their statuses, headers, bodies and
 * request metrics compared. A hook of Fastify's counts which calls reached the route, so each case also checks
 * which lane answered it.
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Client, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { op, startUpstream, swagger, type Upstream } from './gateway-helpers.ts';
import { addUser, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { captureLogger } from './helpers/connectors.ts';
import { CONNECTIONS, CONNECTORS } from './helpers/invoke.ts';

const API_KEY = 'lane-key-5f0c2e';
const BODY_LIMIT = 8192;
const BIG = 'b'.repeat(300 * 1024);
// Both apps read the connection the other may have written: one key for their secrets.
const MASTER_KEY = randomBytes(32).toString('base64');

let upstream: Upstream;
let store: Store;
let withLane: Served;
let withoutLane: Served;
let maker: TestUser;
let connectionId: string;
/** Answers of the upstream's slow operation, waiting to be sent. */
const held: Array<() => void> = [];

interface Served {
  t: TestApp;
  url: string;
  /** Calls that reached Fastify's invoke route. */
  routed: () => number;
}

/** An app on the shared store, listening on 127.0.0.1, counting the calls Fastify routes to the invoke route. */
async function serve(gatewayFastLane: boolean, logger?: Logger): Promise<Served> {
  let routed = 0;
  const t = await makeApp({
    store,
    logger,
    config: {
      gatewayFastLane,
      masterKey: MASTER_KEY,
      gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }],
      bodyLimit: BODY_LIMIT,
      // Long enough that a token stays cached (and its last use written) through the whole file.
      tokenCacheMs: 60_000,
    },
    extraFeatures: [
      fp(async (app: FastifyInstance) => {
        // onSend runs before Fastify writes any answer, errors of earlier hooks included.
        app.addHook('onSend', async (req) => {
          if (req.url.startsWith('/api/v1/connections/') && req.url.includes('/operations/')) routed++;
        });
      }),
    ],
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, url: `http://127.0.0.1:${port}`, routed: () => routed };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function call(
  served: Served,
  path: string,
  body: string | undefined,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const sent: Record<string, string> = { ...maker.auth, 'content-type': 'application/json', ...headers };
  // An empty value leaves the header out.
  for (const name of Object.keys(sent)) if (sent[name] === '') delete sent[name];
  const res = await request(`${served.url}${path}`, {
    method: 'POST',
    headers: sent,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  const { date: _date, ...rest } = res.headers;
  return { status: res.statusCode, headers: rest, body: text };
}

/** The invoke route's request counts and duration counts by status, as /metrics reports them. */
async function invokeMetrics(served: Served): Promise<string[]> {
  const res = await request(`${served.url}/metrics`);
  const text = await res.body.text();
  return text
    .split('\n')
    .filter((line) => line.includes('route="/api/v1/connections/:id/operations/:operationId"'))
    .filter((line) => line.startsWith('portico_http_requests_total') || line.includes('_count'));
}

function operations(id: string) {
  return `/api/v1/connections/${id}/operations`;
}

beforeAll(async () => {
  upstream = await startUpstream((request, response) => {
    const path = request.url.split('?')[0];
    if (path === '/api/empty') {
      response.writeHead(204, { 'x-kind': 'empty' });
      response.end();
    } else if (path === '/api/big') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(BIG);
    } else if (path === '/api/fail') {
      response.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '7',
        'set-cookie': 'upstream=secret',
        connection: 'keep-alive, x-hop',
        'x-hop': 'dropped',
      });
      response.end('{"message":"down for maintenance"}');
    } else if (path === '/api/slow') {
      // Answered when the test releases it.
      held.push(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"slow":true}');
      });
    } else if (path === '/api/raw') {
      response.writeHead(200, { 'content-length': '5' });
      response.end('bytes');
    } else {
      response.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      response.end(
        JSON.stringify({
          method: request.method,
          url: request.url,
          key: request.headers['x-key'],
          body: request.body.toString(),
        }),
      );
    }
  });
  store = openStore(testConfig().database);
  withLane = await serve(true);
  withoutLane = await serve(false);
  maker = await addUser(store);
  const definition = swagger(upstream.host, {
    '/things/{id}': {
      get: op('GetThing', [
        { name: 'id', in: 'path', required: true, type: 'integer', minimum: 1 },
        { name: 'verbose', in: 'query', type: 'boolean' },
      ]),
    },
    '/things': {
      post: op('CreateThing', [
        { name: 'body', in: 'body', required: true, schema: { type: 'object', required: ['name'] } },
      ]),
    },
    '/empty': { get: op('Empty') },
    '/big': { get: op('Big', [], { produces: ['text/plain'] }) },
    '/fail': { get: op('Fail') },
    '/raw': { get: op('Raw') },
    '/slow': { get: op('Slow') },
  });
  Object.assign(definition, {
    securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    security: [{ key: [] }],
  });
  const properties = {
    properties: {
      connectionParameters: {
        api_key: { type: 'securestring', uiDefinition: { displayName: 'API key', constraints: { required: 'true' } } },
      },
    },
  };
  const connector = await withLane.t.app.inject({
    method: 'POST',
    url: CONNECTORS,
    headers: maker.auth,
    payload: { name: 'lane', apiDefinition: JSON.stringify(definition), apiProperties: JSON.stringify(properties) },
  });
  if (connector.statusCode !== 201) throw new Error(connector.body);
  const connection = await withLane.t.app.inject({
    method: 'POST',
    url: CONNECTIONS,
    headers: maker.auth,
    payload: { connector: 'lane', parameters: { api_key: API_KEY } },
  });
  if (connection.statusCode !== 201) throw new Error(connection.body);
  connectionId = (JSON.parse(connection.body) as { id: string }).id;
  // The first call of a token goes through Fastify in both (the token is looked up and its last use written).
  for (const served of [withLane, withoutLane]) {
    const first = await call(served, `${operations(connectionId)}/GetThing`, '{"id":1}');
    if (first.status !== 200) throw new Error(first.body);
  }
});

afterAll(async () => {
  await withLane?.t.close();
  await withoutLane?.t.close();
  await store?.close();
  await upstream?.close();
});

describe('the invoke fast lane', () => {
  const cases: Array<{
    name: string;
    /** What follows `/operations/` in the URL. */
    operation: string;
    /** The connection called (default: the test's own). */
    connection?: string;
    body?: string;
    headers?: Record<string, string>;
    lane: boolean;
    status: number;
  }> = [
    {
      name: 'a call with path and query inputs',
      operation: 'GetThing',
      body: '{"id":7,"verbose":true}',
      lane: true,
      status: 200,
    },
    {
      name: 'a body input',
      operation: 'CreateThing',
      body: '{"body":{"name":"desk"}}',
      lane: true,
      status: 200,
    },
    { name: 'an upstream 204', operation: 'Empty', body: '{}', lane: true, status: 204 },
    {
      name: 'a body past the buffer, streamed',
      operation: 'Big',
      body: '{}',
      lane: true,
      status: 200,
    },
    {
      name: 'an upstream error with cookies and hop-by-hop headers',
      operation: 'Fail',
      body: '{}',
      lane: true,
      status: 503,
    },
    {
      name: 'an upstream answer without a content type',
      operation: 'Raw',
      body: '{}',
      lane: true,
      status: 200,
    },
    { name: 'an invalid input', operation: 'GetThing', body: '{"id":0}', lane: true, status: 400 },
    { name: 'a missing input', operation: 'GetThing', body: '{}', lane: true, status: 400 },
    {
      name: 'an unknown operation',
      operation: 'NoSuchThing',
      body: '{}',
      lane: true,
      status: 404,
    },
    {
      name: 'an unknown connection',
      connection: 'cn_unknown',
      operation: 'GetThing',
      body: '{"id":1}',
      lane: true,
      status: 404,
    },
    { name: 'malformed JSON', operation: 'GetThing', body: '{"id":', lane: true, status: 400 },
    {
      name: 'a poisoned body',
      operation: 'GetThing',
      body: '{"__proto__":{"id":1}}',
      lane: true,
      status: 400,
    },
    {
      name: 'an escaped poisoned key',
      operation: 'GetThing',
      body: '{"\\u0063onstructor":{}}',
      lane: true,
      status: 400,
    },
    {
      name: 'a body that is not an object',
      operation: 'GetThing',
      body: '[1,2]',
      lane: true,
      status: 400,
    },
    {
      name: 'a byte-order mark',
      operation: 'GetThing',
      body: '\uFEFF{"id":3}',
      lane: true,
      status: 200,
    },
    {
      name: 'a charset',
      operation: 'GetThing',
      body: '{"id":4}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      lane: true,
      status: 200,
    },
    // Left to Fastify: each answers as the route does.
    {
      name: 'a query string',
      operation: 'GetThing?x=1',
      body: '{"id":5}',
      lane: false,
      status: 200,
    },
    {
      name: 'no body',
      operation: 'Empty',
      headers: { 'content-type': '' },
      lane: false,
      status: 204,
    },
    { name: 'an empty JSON body', operation: 'GetThing', body: '', lane: false, status: 400 },
    {
      name: 'another content type',
      operation: 'GetThing',
      body: 'id=1',
      headers: { 'content-type': 'text/plain' },
      lane: false,
      // Fastify's text parser passes the text on: not an object of inputs.
      status: 400,
    },
    {
      name: 'a body over the limit',
      operation: 'GetThing',
      body: JSON.stringify({ id: 1, pad: 'x'.repeat(BODY_LIMIT) }),
      lane: false,
      status: 413,
    },
    {
      name: 'an unknown token',
      operation: 'GetThing',
      body: '{"id":1}',
      headers: { authorization: 'Bearer pat_unknown' },
      lane: false,
      status: 401,
    },
    {
      name: 'a trigger state',
      operation: 'GetThing',
      body: '{"id":1}',
      headers: { 'x-portico-trigger-state': 'not-a-state' },
      lane: false,
      status: 400,
    },
    {
      name: 'an encoded path segment',
      operation: 'Get%54hing',
      body: '{"id":6}',
      lane: false,
      status: 200,
    },
  ];

  for (const c of cases) {
    it(`answers ${c.name} as the route does (${c.lane ? 'in the lane' : 'left to Fastify'})`, async () => {
      const path = `${operations(c.connection ?? connectionId)}/${c.operation}`;
      const headers = c.headers ?? {};
      const before = withLane.routed();
      const fast = await call(withLane, path, c.body, headers);
      const viaRoute = await call(withoutLane, path, c.body, headers);
      expect(withLane.routed() - before).toBe(c.lane ? 0 : 1);
      expect(fast).toEqual(viaRoute);
      expect(fast.status).toBe(c.status);
    });
  }

  it('never passes on the upstream cookie or hop-by-hop headers, and streams the large body whole', async () => {
    for (const served of [withLane, withoutLane]) {
      const failed = await call(served, `${operations(connectionId)}/Fail`, '{}');
      expect(failed.headers['set-cookie']).toBeUndefined();
      expect(failed.headers['x-hop']).toBeUndefined();
      expect(failed.headers['retry-after']).toBe('7');
      const big = await call(served, `${operations(connectionId)}/Big`, '{}');
      expect(big.body).toBe(BIG);
      const raw = await call(served, `${operations(connectionId)}/Raw`, '{}');
      expect(raw.headers['content-type']).toBe('application/octet-stream');
    }
  });

  it('counts and times its calls in /metrics as the route does', async () => {
    const lines = await invokeMetrics(withLane);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines).toEqual(await invokeMetrics(withoutLane));
  });

  it('keeps serving after a client leaves in the middle of a body', async () => {
    const { port } = withLane.t.app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST ${operations(connectionId)}/GetThing HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${maker.auth.authorization}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":',
          () => {
            socket.destroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
    const after = await call(withLane, `${operations(connectionId)}/GetThing`, '{"id":8}');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ url: '/api/things/8', key: API_KEY });
  });

  it('logs each call at info as the route does: the same lines, fields and messages', async () => {
    const apps: Array<{ served: Served; lines: string[] }> = [];
    for (const lane of [true, false]) {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      apps.push({ served: await serve(lane, createLogger('info', stream)), lines });
    }
    try {
      for (const { served, lines } of apps) {
        // Each app's first call looks the token up (through Fastify); its lines are left out.
        expect((await call(served, `${operations(connectionId)}/GetThing`, '{"id":1}')).status).toBe(200);
        lines.length = 0;
      }
      const [withIt, without] = apps as [{ served: Served; lines: string[] }, { served: Served; lines: string[] }];
      const before = withIt.served.routed();
      for (const { served } of apps) {
        expect((await call(served, `${operations(connectionId)}/GetThing`, '{"id":2}')).status).toBe(200);
        expect((await call(served, `${operations('cn_unknown')}/GetThing`, '{"id":2}')).status).toBe(404);
        expect((await call(served, `${operations(connectionId)}/GetThing`, '{"id":')).status).toBe(400);
      }
      expect(withIt.served.routed() - before).toBe(0);
      // What differs from run to run: the time, the process and the duration; ids are checked below.
      const shape = (lines: string[]) =>
        lines.map((line) => {
          const { time: _t, pid: _p, hostname: _h, responseTime, reqId, req, ...rest } = JSON.parse(line);
          return {
            ...rest,
            reqId: typeof reqId,
            responseTime: typeof responseTime,
            req: req && { ...req, id: typeof req.id },
          };
        });
      expect(shape(withIt.lines)).toEqual(shape(without.lines));
      // Three calls: an incoming and a completed line each, and an info line for each of the two refusals.
      expect(withIt.lines.length).toBe(8);
      // Each call's lines carry its own id: an incoming line, and a completed line with the same id.
      const parsed = withIt.lines.map(
        (line) => JSON.parse(line) as { reqId: string; msg: string; req?: { id: string } },
      );
      const incoming = parsed.filter((line) => line.msg === 'incoming request');
      expect(new Set(incoming.map((line) => line.reqId)).size).toBe(3);
      for (const line of incoming) {
        expect(line.req?.id).toBe(line.reqId);
        expect(parsed.filter((other) => other.reqId === line.reqId && other.msg === 'request completed')).toHaveLength(
          1,
        );
      }
      expect(withIt.lines.join('\n')).not.toContain(maker.token);
    } finally {
      for (const { served } of apps) await served.t.close();
    }
  });

  it('steps aside at debug and trace, where Fastify writes more about a request', async () => {
    const capture = captureLogger();
    const logged = await serve(true, capture.logger);
    try {
      const answer = await call(logged, `${operations(connectionId)}/GetThing`, '{"id":9}');
      const again = await call(logged, `${operations(connectionId)}/GetThing`, '{"id":9}');
      expect([answer.status, again.status]).toEqual([200, 200]);
      expect(logged.routed()).toBe(2);
      expect(capture.lines.filter((line) => line.includes('request completed'))).toHaveLength(2);
      expect(capture.lines.join('\n')).not.toContain(maker.token);
    } finally {
      await logged.t.close();
    }
  });

  it('leaves a call to Fastify once the app is closing: one pipelined behind a call in flight gets its 503', async () => {
    const closing = await serve(true);
    const client = new Client(closing.url, { pipelining: 2 });
    try {
      const headers = { ...maker.auth, 'content-type': 'application/json' };
      // This app's first call looks the token up (through Fastify); the calls below find it cached.
      expect((await call(closing, `${operations(connectionId)}/GetThing`, '{"id":1}')).status).toBe(200);
      const before = closing.routed();
      const inFlight = client.request({
        method: 'POST',
        path: `${operations(connectionId)}/Slow`,
        headers,
        body: '{}',
      });
      const behind = client.request({
        method: 'POST',
        path: `${operations(connectionId)}/GetThing`,
        headers,
        body: '{"id":2}',
      });
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const closed = closing.t.close();
      held.shift()?.();
      const first = await inFlight;
      expect([first.statusCode, await first.body.text()]).toEqual([200, '{"slow":true}']);
      const second = await behind;
      expect(second.statusCode).toBe(503);
      await second.body.text();
      // The call in flight was the lane's (no Fastify hook saw it); the one behind it got Fastify's 503, which the
      // lane never answers to a call whose upstream is up.
      expect(closing.routed() - before).toBe(0);
      await closed;
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
