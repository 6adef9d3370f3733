/**
 * The upstream side: one undici Agent (a keep-alive pool per origin) whose DNS lookup refuses private addresses
 * that are not allow-listed, IP-literal hosts checked before connecting, timeouts, size limits, and the mapping
 * of transport failures to gateway errors. Redirects are never followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { addressAllowed, isPrivateAddress, PrivateAddressError } from '../fetch/guard.ts';
import { type HostAllowList, normaliseHostname } from '../fetch/hosts.ts';
import { failWith, type GatewayErrorCode } from './errors.ts';
import type { SerialisedRequest } from './request.ts';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** An Agent with keep-alive pools per origin and an address guard in its DNS lookup. */
export function createUpstreamAgent(allow: HostAllowList, connections: number): Agent {
  const lookup = (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !addressAllowed(hostname, a.address, allow));
      if (refused)
        return callback(new PrivateAddressError(hostname, refused.address) as unknown as NodeJS.ErrnoException, []);
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    });
  };
  return new Agent({
    connections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { lookup: lookup as never, timeout: 10_000 },
  });
}

const refusedHosts = new WeakMap<HostAllowList, Map<string, boolean>>();

/** True when `host` is an IP literal in a private range that the allow-list does not cover (memoised per list). */
function refusedLiteral(host: string, allow: HostAllowList): boolean {
  let memo = refusedHosts.get(allow);
  if (!memo) {
    memo = new Map();
    refusedHosts.set(allow, memo);
  }
  let refused = memo.get(host);
  if (refused === undefined) {
    refused = isIP(host) !== 0 && isPrivateAddress(host) && !allow.allows(host);
    if (memo.size > 10_000) memo.clear();
    memo.set(host, refused);
  }
  return refused;
}

/** Refuses IP-literal hosts in private ranges that are not allow-listed (DNS lookups are guarded by the agent). */
export function checkHost(url: URL, allow: HostAllowList): void {
  const host = normaliseHostname(url.hostname);
  if (refusedLiteral(host, allow)) {
    failWith(
      'host_not_allowed',
      `The gateway may not call ${host}, a private or loopback address; an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS.`,
    );
  }
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (current instanceof PrivateAddressError) return current.code;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_CONNECT' && code !== 'ABORT_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { name?: string })?.name === 'AbortError' ? 'ABORT_ERR' : undefined;
}

/** Maps a transport failure to a gateway error; messages name the host only, never the URL (it may hold a key). */
export function transportFailure(error: unknown, host: string, timeoutMs: number): never {
  const code = errorCode(error);
  let gateway: GatewayErrorCode = 'upstream_unreachable';
  let message = `The upstream ${host} could not be reached.`;
  if (code === 'PORTICO_PRIVATE_ADDRESS') {
    gateway = 'host_not_allowed';
    message = `The gateway may not call ${host}: it resolves to a private or loopback address; an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS.`;
  } else if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ABORT_ERR' ||
    code === 'ETIMEDOUT'
  ) {
    gateway = 'upstream_timeout';
    message = `The upstream ${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  } else if (code === 'UND_ERR_INVALID_ARG') {
    gateway = 'invalid_input';
    message = `The request to ${host} has a header or path value that HTTP does not allow (such as a line break).`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `The upstream host ${host} does not resolve.`;
  } else if (code === 'ECONNREFUSED') {
    message = `The upstream ${host} refused the connection.`;
  } else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    message = `The upstream ${host} closed the connection.`;
  }
  failWith(gateway, message);
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Dispatcher.ResponseData['body'];
}

/** Sends one request; transport failures become gateway errors. */
export async function send(agent: Agent, request: SerialisedRequest, timeoutMs: number): Promise<UpstreamResponse> {
  try {
    const response = await agent.request({
      origin: request.url.origin,
      path: request.pathAndQuery,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) headers[key] = value;
    return { status: response.statusCode, headers, body: response.body };
  } catch (error) {
    transportFailure(error, request.url.host, timeoutMs);
  }
}

function tooLarge(host: string, limit: number): never {
  failWith(
    'upstream_response_too_large',
    `The response of ${host} is larger than the gateway's limit of ${limit} bytes.`,
  );
}

/** Reads a whole body, stopping with `upstream_response_too_large` past `limit` bytes. */
export async function readAll(body: Readable, limit: number, host: string, timeoutMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        body.destroy();
        tooLarge(host, limit);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'GatewayFailure') throw error;
    transportFailure(error, host, timeoutMs);
  }
  return Buffer.concat(chunks);
}

/** Raised inside a streamed body that grows past the limit (the status line has already gone). */
export class ResponseTooLargeError extends Error {
  readonly code = 'PORTICO_RESPONSE_TOO_LARGE';
  constructor(limit: number) {
    super(`The upstream response is larger than the gateway's limit of ${limit} bytes.`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * Buffers bodies up to `bufferBytes` and returns them whole; larger bodies come back as a stream that replays
 * what was read and errors (ResponseTooLargeError) once it passes `limit`.
 */
export async function readOrStream(
  body: Readable,
  bufferBytes: number,
  limit: number,
  host: string,
  timeoutMs: number,
  knownLength?: number,
): Promise<Buffer | Readable> {
  if (knownLength !== undefined && knownLength <= bufferBytes && knownLength <= limit) {
    try {
      return Buffer.from(await (body as Readable & { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer());
    } catch (error) {
      transportFailure(error, host, timeoutMs);
    }
  }
  const iterator = body[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
      const chunk = next.value as Buffer;
      size += chunk.length;
      if (size > limit) {
        body.destroy();
        tooLarge(host, limit);
      }
      head.push(chunk);
      if (size > bufferBytes) break;
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'GatewayFailure') throw error;
    transportFailure(error, host, timeoutMs);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    let finished = false;
    try {
      yield* head;
      let total = size;
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          return;
        }
        const chunk = next.value as Buffer;
        total += chunk.length;
        if (total > limit) throw new ResponseTooLargeError(limit);
        yield chunk;
      }
    } finally {
      // A caller that stops reading (client gone) releases the upstream connection too.
      if (!finished) body.destroy();
    }
  }
  return Readable.from(rest(), { objectMode: false });
}
