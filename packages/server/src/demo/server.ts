// The demo API's HTTP server (node:http, no framework): API-key auth, input validation, JSON everywhere.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { check } from './check.ts';
import { type DemoSchema, demoDocument, schemas } from './document.ts';
import { Inventory, type ItemFields, type ListQuery } from './inventory.ts';
import { type InputIssue, type ParamSpec, readParams } from './params.ts';

/** How to start the demo API. */
export interface DemoApiOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The API key clients must send in X-API-Key; a random one is made when omitted. */
  apiKey?: string;
  /** Clock for createdAt/updatedAt (tests pass a fixed one). */
  now?: () => Date;
}

/** A running demo API. */
export interface DemoApi {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash); the document is at `${url}/openapi.json`. */
  url: string;
  apiKey: string;
  /** The OpenAPI 3.0.3 document, with `servers[0].url` set to `url`. */
  document: Record<string, unknown>;
  /** Restores the seed data. */
  reset(): void;
  close(): Promise<void>;
}

type ErrorCode =
  | 'unauthorized'
  | 'bad-request'
  | 'not-found'
  | 'conflict'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'payload-too-large';

/** Thrown inside a handler to answer with an error body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: InputIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readJsonBody(req: IncomingMessage, schema: DemoSchema): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      'unsupported-media-type',
      `Send the body as JSON with "Content-Type: application/json" (got "${type ?? ''}").`,
    );
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, 'payload-too-large', `The body is over the ${MAX_BODY_BYTES}-byte limit.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, 'payload-too-large', `The body is over the ${MAX_BODY_BYTES}-byte limit.`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'bad-request', `The body is not valid JSON: ${(error as Error).message}.`, [
      { in: 'body', name: '', message: 'not valid JSON' },
    ]);
  }
  const issues = check(value, schema);
  if (issues.length > 0) {
    const details = issues.map((i) => ({
      in: 'body' as const,
      name: i.pointer,
      message: `${i.pointer || 'body'} ${i.message}`,
    }));
    throw new HttpError(
      400,
      'bad-request',
      `The body is invalid: ${details.map((d) => d.message).join('; ')}.`,
      details,
    );
  }
  return value as Record<string, unknown>;
}

/** Decodes a path segment; a malformed escape is kept as written (and then fails validation). */
function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function invalid(issues: InputIssue[]): HttpError {
  return new HttpError(400, 'bad-request', `Invalid input: ${issues.map((i) => i.message).join('; ')}.`, issues);
}

/** Starts the demo inventory API on a real port and resolves once it listens. */
export async function startDemoApi(options: DemoApiOptions = {}): Promise<DemoApi> {
  const apiKey = options.apiKey ?? `demo_${randomBytes(12).toString('hex')}`;
  if (apiKey === '') throw new Error('startDemoApi: apiKey must not be empty');
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const inventory = new Inventory();
  let url = '';
  let document: Record<string, unknown> = {};
  const paths = () => document.paths as Record<string, Record<string, { parameters?: ParamSpec[] }>>;
  const itemIdSpec = () => (paths()['/items/{itemId}'] as unknown as { parameters: ParamSpec[] }).parameters;

  const itemId = (raw: string): number => {
    const { values, issues } = readParams(itemIdSpec(), () => [safeDecode(raw)]);
    if (issues.length > 0) throw invalid(issues);
    return values.itemId as number;
  };
  const found = (id: number) => {
    const item = inventory.get(id);
    if (!item) throw new HttpError(404, 'not-found', `No item has id ${id}; list items with GET /items.`);
    return item;
  };
  const skuFree = (sku: unknown, except?: number) => {
    const holder = typeof sku === 'string' ? inventory.bySku(sku) : undefined;
    if (holder && holder.id !== except)
      throw new HttpError(409, 'conflict', `Item ${holder.id} already has SKU ${sku as string}; choose another SKU.`);
  };

  const listItems = (req: IncomingMessage, res: ServerResponse, requestUrl: URL) => {
    const specs = paths()['/items']?.get?.parameters ?? [];
    const { values, issues } = readParams(specs, (spec) => {
      if (spec.in === 'header') {
        const value = req.headers[spec.name.toLowerCase()];
        return value === undefined ? [] : Array.isArray(value) ? value : [value];
      }
      return requestUrl.searchParams.getAll(spec.name);
    });
    if (issues.length > 0) throw invalid(issues);
    const query = values as unknown as ListQuery & { 'X-Request-Id'?: string };
    const { items, total } = inventory.list(query);
    const body: Record<string, unknown> = { items, page: query.page, pageSize: query.pageSize, total };
    if (query.page * query.pageSize < total) {
      const next = new URL(`${url}/items${requestUrl.search}`);
      next.searchParams.set('page', String(query.page + 1));
      body.nextLink = next.href;
    }
    const requestId = query['X-Request-Id'];
    send(res, 200, body, requestId ? { 'x-request-id': requestId } : {});
  };

  const routes: {
    pattern: RegExp;
    methods: Record<string, (req: IncomingMessage, res: ServerResponse, u: URL, m: string[]) => Promise<void> | void>;
  }[] = [
    {
      pattern: /^\/health$/,
      methods: { GET: (_req, res) => send(res, 200, { status: 'ok', items: inventory.size }) },
    },
    {
      pattern: /^\/items$/,
      methods: {
        GET: listItems,
        POST: async (req, res) => {
          const fields = (await readJsonBody(req, schemas.NewItem as DemoSchema)) as Partial<ItemFields>;
          skuFree(fields.sku);
          const item = inventory.create({ quantity: 0, tags: [], ...fields } as ItemFields, now());
          send(res, 201, item, { location: `${url}/items/${item.id}` });
        },
      },
    },
    {
      pattern: /^\/items\/([^/]+)$/,
      methods: {
        GET: (_req, res, _u, m) => send(res, 200, found(itemId(m[1] as string))),
        PATCH: async (req, res, _u, m) => {
          const id = itemId(m[1] as string);
          found(id);
          const changes = (await readJsonBody(req, schemas.ItemUpdate as DemoSchema)) as Partial<ItemFields>;
          skuFree(changes.sku, id);
          send(res, 200, inventory.update(id, changes, now()));
        },
        DELETE: (_req, res, _u, m) => {
          const id = itemId(m[1] as string);
          found(id);
          inventory.delete(id);
          send(res, 204, undefined);
        },
      },
    },
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    if (requestUrl.pathname === '/openapi.json' && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, document, { 'access-control-allow-origin': '*' });
      return;
    }
    for (const route of routes) {
      const match = route.pattern.exec(requestUrl.pathname);
      if (!match) continue;
      const handler = route.methods[method];
      if (!handler) {
        const allow = Object.keys(route.methods).join(', ');
        throw new HttpError(
          405,
          'method-not-allowed',
          `${method} is not supported on ${requestUrl.pathname}; use ${allow}.`,
          undefined,
          { allow },
        );
      }
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || !sameSecret(key, apiKey)) {
        throw new HttpError(
          401,
          'unauthorized',
          key === undefined
            ? 'Send the API key in the X-API-Key header.'
            : 'The API key in the X-API-Key header is wrong.',
          undefined,
          { 'www-authenticate': 'ApiKey header="X-API-Key"' },
        );
      }
      await handler(req, res, requestUrl, [...match]);
      return;
    }
    throw new HttpError(404, 'not-found', `There is no ${requestUrl.pathname} in this API; see /openapi.json.`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        const body = {
          error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
        };
        send(res, error.status, body, error.headers);
        // Stop reading an oversized or unread body so the client gets the answer at once.
        if (error.status === 413 || error.status === 415) req.resume();
        return;
      }
      send(res, 500, { error: { code: 'internal', message: 'The demo API failed; see its log.' } });
      console.error(error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = baseUrlOf(address);
  document = demoDocument(url);

  return {
    url,
    apiKey,
    document,
    reset: () => inventory.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The URL clients use for a listening address (a wildcard address is reached through loopback). */
function baseUrlOf(address: AddressInfo): string {
  if (address.family === 'IPv6') {
    return `http://[${address.address === '::' ? '::1' : address.address}]:${address.port}`;
  }
  return `http://${address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${address.port}`;
}
