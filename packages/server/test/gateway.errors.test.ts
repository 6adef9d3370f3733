// Normalised gateway errors, SSRF refusals, size limits, header hygiene, throttling and the metrics hook.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  type Gateway,
  type GatewayConnector,
  type GatewayOptions,
  type GatewayResponse,
  type GatewayResult,
} from '../src/gateway/index.ts';
import { json, op, startUpstream, swagger, text, type Upstream } from './gateway-helpers.ts';

let upstream: Upstream;
let gateway: Gateway;
const results: GatewayResult[] = [];

function connectorOn(host: string, name = 'errs'): GatewayConnector {
  return {
    name,
    version: host,
    definition: swagger(
      host,
      {
        '/thing': {
          get: op('GetThing'),
          post: op('PostThing', [{ name: 'body', in: 'body', schema: { type: 'object' } }]),
        },
      },
      { securityDefinitions: { key: { type: 'apiKey', in: 'query', name: 'apikey' } }, security: [{ key: [] }] },
    ),
  };
}

const SECRET = 'topsecret-key-123';

beforeAll(async () => {
  upstream = await startUpstream();
  gateway = createGateway({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 300,
    maxResponseBytes: 64 * 1024,
    maxRequestBytes: 1024,
    bufferBytes: 4 * 1024,
    onResult: (result) => results.push(result),
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

async function get(connector = connectorOn(upstream.host), extra: Record<string, unknown> = {}) {
  return gateway.invoke({
    connector,
    connectionParameters: { api_key: SECRET },
    operationId: 'GetThing',
    inputs: {},
    ...extra,
  });
}

/** Runs `use` with a gateway of its own (other limits than the shared one), closed afterwards; `getThing` calls it. */
async function withGateway(
  options: GatewayOptions,
  use: (getThing: (connector?: GatewayConnector) => Promise<GatewayResponse>) => Promise<void>,
): Promise<void> {
  const own = createGateway(options);
  try {
    await use((connector = connectorOn(upstream.host)) =>
      own.invoke({ connector, connectionParameters: {}, operationId: 'GetThing', inputs: {} }),
    );
  } finally {
    await own.close();
  }
}

describe('upstream failures', () => {
  it('answers 504 when the upstream does not answer in time', async () => {
    upstream.handle(() => {});
    const response = await get();
    expect(response.status).toBe(504);
    expect(response.error?.code).toBe('upstream_timeout');
    expect(response.error?.message).not.toContain(SECRET);
  });

  it('answers 502 when the upstream port is closed, without the API key in the message', async () => {
    const closed = await startUpstream();
    const host = closed.host;
    await closed.close();
    const response = await get(connectorOn(host));
    expect(response.status).toBe(502);
    expect(response.error?.code).toBe('upstream_unreachable');
    const body = await text(response.body);
    expect(body).not.toContain(SECRET);
    expect(body).toContain('refused');
  });

  it('answers 502 when the declared response is larger than the limit', async () => {
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      response.end(Buffer.alloc(100 * 1024, 1));
    });
    const response = await get();
    expect(response.status).toBe(502);
    expect(response.error?.code).toBe('upstream_response_too_large');
  });

  it('streams large bodies and stops a chunked body that grows past the limit', async () => {
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      const chunk = Buffer.alloc(8 * 1024, 2);
      let sent = 0;
      const write = () => {
        while (sent < 12) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', write);
        }
        response.end();
      };
      write();
    });
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.body).toBeInstanceOf(Readable);
    await expect(text(response.body)).rejects.toThrow(/larger than the gateway's limit/);
  });

  it('streams a large body that fits the limit, byte for byte', async () => {
    const payload = Buffer.alloc(40 * 1024, 7);
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      response.end(payload);
    });
    const response = await get();
    expect(response.body).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
  });

  it('releases the upstream connection when the caller stops reading a streamed body', async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      response.write(Buffer.alloc(8 * 1024, 3));
      response.on('close', () => closed());
    });
    // A long upstream timeout, so that only the release (not the timeout) can close the upstream response.
    await withGateway({ allowHosts: ['127.0.0.1'], timeoutMs: 60_000, bufferBytes: 1024 }, async (getThing) => {
      const response = await getThing();
      expect(response.body).toBeInstanceOf(Readable);
      const stream = response.body as Readable;
      await new Promise<void>((resolve) => stream.once('readable', () => resolve()));
      stream.destroy();
      await upstreamClosed;
    });
  });

  it('returns a body that arrives in many small chunks whole, as one buffer', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => Buffer.alloc(300, 65 + i));
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      let next = 0;
      const write = () => {
        if (next === parts.length) return void response.end();
        response.write(parts[next++]);
        setTimeout(write, 5);
      };
      write();
    });
    const response = await get();
    expect(response.status).toBe(200);
    expect(Buffer.isBuffer(response.body)).toBe(true);
    expect((response.body as Buffer).equals(Buffer.concat(parts))).toBe(true);
  });

  it('answers 502 for an undeclared body past the limit even when it is below the buffering threshold', async () => {
    upstream.handle((_request, response) => {
      response.setHeader('content-type', 'application/octet-stream');
      response.write(Buffer.alloc(1500, 4));
      response.end(Buffer.alloc(1500, 5));
    });
    await withGateway(
      { allowHosts: ['127.0.0.1'], maxResponseBytes: 2048, bufferBytes: 256 * 1024 },
      async (getThing) => {
        const response = await getThing();
        expect(response.status).toBe(502);
        expect(response.error?.code).toBe('upstream_response_too_large');
      },
    );
  });

  it('answers 502 when the upstream closes the connection in the middle of a body', async () => {
    upstream.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '2000' });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await get();
    expect(response.status).toBe(502);
    expect(response.error?.code).toBe('upstream_unreachable');
    expect(response.error?.message).not.toContain(SECRET);
  });

  it('answers 504 when the upstream stops sending in the middle of a body', async () => {
    let release!: () => void;
    upstream.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '2000' });
      response.write('{"partial":');
      release = () => response.socket?.destroy();
    });
    try {
      const response = await get();
      expect(response.status).toBe(504);
      expect(response.error?.code).toBe('upstream_timeout');
    } finally {
      release();
    }
  });

  it('releases the upstream connection when it refuses a response declared larger than the limit', async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    upstream.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(1024 * 1024) });
      response.write(Buffer.alloc(1024, 1));
      response.on('close', () => closed());
    });
    await withGateway(
      { allowHosts: ['127.0.0.1'], timeoutMs: 60_000, maxResponseBytes: 64 * 1024 },
      async (getThing) => {
        const response = await getThing();
        expect(response.error?.code).toBe('upstream_response_too_large');
        await upstreamClosed;
      },
    );
  });

  it('passes an upstream 429 through unchanged, with its Retry-After', async () => {
    upstream.handle((_request, response) => {
      response.statusCode = 429;
      response.setHeader('retry-after', '17');
      response.setHeader('content-type', 'application/json');
      response.end('{"message":"slow down"}');
    });
    const response = await get();
    expect(response.status).toBe(429);
    expect(response.error).toBeUndefined();
    expect(response.headers['retry-after']).toBe('17');
    expect(await json(response.body)).toEqual({ message: 'slow down' });
    expect(results.at(-1)).toMatchObject({ connector: 'errs', operationId: 'GetThing', status: 429, throttled: true });
  });

  it('passes upstream 5xx responses through unchanged', async () => {
    upstream.handle((_request, response) => {
      response.statusCode = 503;
      response.end('down for maintenance');
    });
    const response = await get();
    expect(response.status).toBe(503);
    expect(await text(response.body)).toBe('down for maintenance');
  });

  it('does not follow redirects', async () => {
    upstream.handle((_request, response) => {
      response.statusCode = 302;
      response.setHeader('location', 'http://169.254.169.254/latest/meta-data');
      response.end();
    });
    const response = await get();
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('http://169.254.169.254/latest/meta-data');
  });

  it('refuses a request body larger than the limit with 413', async () => {
    const response = await gateway.invoke({
      connector: connectorOn(upstream.host),
      connectionParameters: {},
      operationId: 'PostThing',
      inputs: { body: { data: 'x'.repeat(2048) } },
    });
    expect(response.status).toBe(413);
    expect(response.error?.code).toBe('request_too_large');
  });
});

describe('SSRF protection', () => {
  it('refuses 127.0.0.1 when it is not allow-listed', async () => {
    await withGateway({ allowHosts: [] }, async (getThing) => {
      upstream.handle((_request, response) => response.end('reached'));
      const before = upstream.requests.length;
      const response = await getThing();
      expect(response.status).toBe(403);
      expect(response.error?.code).toBe('host_not_allowed');
      expect(upstream.requests.length).toBe(before);
    });
  });

  it('refuses a host name that resolves to loopback when it is not allow-listed', async () => {
    await withGateway({ allowHosts: [] }, async (getThing) => {
      const response = await getThing(connectorOn(`localhost:${upstream.port}`, 'named'));
      expect(response.status).toBe(403);
      expect(response.error?.code).toBe('host_not_allowed');
    });
  });

  it('refuses the cloud metadata address 169.254.169.254 even with loopback allow-listed', async () => {
    const response = await get(connectorOn('169.254.169.254', 'metadata'));
    expect(response.status).toBe(403);
    expect(response.error?.code).toBe('host_not_allowed');
    expect(response.error?.message).toContain('PORTICO_GATEWAY_ALLOW_HOSTS');
  });
});

describe('response headers', () => {
  it('drops Set-Cookie and hop-by-hop headers, including those the Connection header names', async () => {
    upstream.handle((_request, response) => {
      response.setHeader('set-cookie', ['session=abc; HttpOnly', 'other=1']);
      response.setHeader('connection', 'keep-alive, x-private-hop');
      response.setHeader('x-private-hop', 'secret');
      response.setHeader('keep-alive', 'timeout=5');
      response.setHeader('x-request-id', 'r-1');
      response.setHeader('content-type', 'text/plain');
      response.end('ok');
    });
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['x-private-hop']).toBeUndefined();
    expect(response.headers['keep-alive']).toBeUndefined();
    expect(response.headers.connection).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('r-1');
    expect(response.headers['content-type']).toBe('text/plain');
  });
});

describe('rate limit and metrics', () => {
  it('answers 429 with Retry-After once a connection passes its limit, per connection', async () => {
    upstream.handle((_request, response) => response.end('{}'));
    const connector = connectorOn(upstream.host, 'limited');
    const call = (connectionId: string) =>
      gateway.invoke({
        connector,
        connectionParameters: {},
        operationId: 'GetThing',
        inputs: {},
        connectionId,
        rateLimit: { limit: 2, windowMs: 60_000 },
      });
    expect((await call('c1')).status).toBe(200);
    expect((await call('c1')).status).toBe(200);
    const refused = await call('c1');
    expect(refused.status).toBe(429);
    expect(refused.error?.code).toBe('throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(results.at(-1)).toMatchObject({
      connector: 'limited',
      operationId: 'GetThing',
      status: 429,
      throttled: true,
      errorCode: 'throttled',
    });
    expect((await call('c2')).status).toBe(200);
  });

  it('reports every call to onResult with status and duration', async () => {
    upstream.handle((_request, response) => response.end('{}'));
    const before = results.length;
    await get();
    const result = results.at(-1);
    expect(results.length).toBe(before + 1);
    expect(result).toMatchObject({ connector: 'errs', operationId: 'GetThing', status: 200, throttled: false });
    expect(result?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
