// Test helpers of the gateway tests: a real upstream HTTP server on 127.0.0.1 that records what it receives.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { JsonObject } from '@portico/openapi';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (request: Recorded, response: ServerResponse) => void;

export interface Upstream {
  port: number;
  /** `127.0.0.1:port`, for a Swagger `host`. */
  host: string;
  requests: Recorded[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Answers 200 with a JSON echo of the request. */
export const echo: Handler = (request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(
    JSON.stringify({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body.toString('utf8'),
    }),
  );
};

/** Starts an upstream on 127.0.0.1, port 0. */
export async function startUpstream(handler: Handler = echo): Promise<Upstream> {
  let current = handler;
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      current(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    host: `127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal Swagger 2.0 connector definition on `host`. */
export function swagger(host: string, paths: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    swagger: '2.0',
    info: { title: 'Test', version: '1.0' },
    host,
    basePath: '/api',
    schemes: ['http'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths,
    ...extra,
  };
}

/** An operation object with parameters and a 200 response. */
export function op(operationId: string, parameters: JsonObject[] = [], extra: JsonObject = {}): JsonObject {
  return { operationId, parameters, responses: { '200': { description: 'OK' } }, ...extra };
}

/** Reads a gateway body (Buffer or stream) as text. */
export async function text(body: Buffer | Readable): Promise<string> {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a gateway body as JSON (its shape is what the assertions check). */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked field by field by the assertions
export async function json(body: Buffer | Readable): Promise<any> {
  return JSON.parse(await text(body));
}
