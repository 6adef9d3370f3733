/**
 * The upstream side: one undici Agent (a keep-alive pool per origin) whose DNS lookup refuses private addresses
 * that are not allow-listed, IP-literal hosts checked before connecting, timeouts, size limits, and the mapping
 * of transport failures to gateway errors. Redirects are never followed. Bodies are read from undici's dispatch
 * callbacks (UpstreamBody), without a stream unless a large body has to be streamed on.
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
  body: UpstreamBody;
}

/** Discarded bodies up to this size are read to the end (keeping the connection); longer ones are cut. */
const DISCARD_BYTES = 128 * 1024;

/** Raised inside a streamed body that grows past the limit (the status line has already gone). */
export class ResponseTooLargeError extends Error {
  readonly code = 'PORTICO_RESPONSE_TOO_LARGE';
  constructor(limit: number) {
    super(`The upstream response is larger than the gateway's limit of ${limit} bytes.`);
    this.name = 'ResponseTooLargeError';
  }
}

function tooLarge(host: string, limit: number): never {
  failWith(
    'upstream_response_too_large',
    `The response of ${host} is larger than the gateway's limit of ${limit} bytes.`,
  );
}

/**
 * One upstream call as an undici dispatch handler. The status and headers settle `send`; the body is kept in
 * chunks until a consumer takes it whole (`take`, `readAll`), buffered or streamed (`readOrStream`), or discards
 * it. Reading straight from the socket's callbacks spares a stream, its events and a promise per call; a body
 * nobody reads yet pauses the socket past `highWater` bytes, as a stream's buffer would.
 */
export class UpstreamBody implements Dispatcher.DispatchHandler {
  status = 0;
  headers: Record<string, string | string[]> = {};
  private controller: Dispatcher.DispatchController | undefined;
  private chunks: Buffer[] = [];
  /** Bytes received so far (kept, streamed or discarded). */
  private size = 0;
  private ended = false;
  private failure: Error | undefined;
  private stopped = false;
  private highWater: number;
  /** Runs after every chunk, the end or a failure while a consumer waits for the body. */
  private wake: (() => void) | undefined;
  private stream: Readable | undefined;
  private streamLimit = Number.POSITIVE_INFINITY;
  private discardUntil = -1;

  constructor(
    private readonly onHead: (body: UpstreamBody) => void,
    private readonly onFailure: (error: Error) => void,
    highWater: number,
  ) {
    this.highWater = highWater;
  }

  /** The whole body when it has already arrived and is at most `limit` bytes (no waiting); else undefined. */
  take(limit: number): Buffer | undefined {
    if (!this.ended || this.failure || this.stream || this.size > limit) return undefined;
    return this.joined();
  }

  /** Reads the whole body, stopping with `upstream_response_too_large` past `limit` bytes. */
  readAll(limit: number, host: string, timeoutMs: number): Promise<Buffer> {
    this.highWater = Number.POSITIVE_INFINITY;
    return this.consume(host, limit, timeoutMs, () => (this.ended ? this.joined() : undefined));
  }

  /**
   * Buffers bodies up to `bufferBytes` and returns them whole; larger bodies come back as a stream that replays
   * what was read and errors (ResponseTooLargeError) once it passes `limit`.
   */
  readOrStream(bufferBytes: number, limit: number, host: string, timeoutMs: number): Promise<Buffer | Readable> {
    this.highWater = bufferBytes;
    return this.consume(host, limit, timeoutMs, () => {
      if (this.size > bufferBytes) return this.streamed(limit);
      return this.ended ? this.joined() : undefined;
    });
  }

  /** Drops the body: short ones are read to the end so that the connection is reused, longer ones are cut. */
  discard(): Promise<void> {
    this.chunks = [];
    if (this.ended || this.failure || this.stopped) return Promise.resolve();
    this.discardUntil = this.size + DISCARD_BYTES;
    this.highWater = Number.POSITIVE_INFINITY;
    return new Promise((resolve) => {
      this.wake = () => {
        if (!this.ended && !this.failure && !this.stopped) return;
        this.wake = undefined;
        resolve();
      };
      this.continue();
    });
  }

  /** Stops the call when its body is not wanted (no effect once the body is complete or handed out as a stream). */
  cancel(): void {
    if (!this.stream) this.stop();
  }

  /** Waits until `ready` has the result; failures, and a body past `limit`, reject with a gateway error. */
  private consume<T>(host: string, limit: number, timeoutMs: number, ready: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        try {
          if (this.size > limit) {
            this.stop();
            tooLarge(host, limit);
          }
          if (this.failure) transportFailure(this.failure, host, timeoutMs);
          const result = ready();
          if (result === undefined) return;
          this.wake = undefined;
          resolve(result);
        } catch (error) {
          this.wake = undefined;
          reject(error);
        }
      };
      this.wake = check;
      this.continue();
      check();
    });
  }

  private stop(): void {
    if (this.ended || this.stopped) return;
    this.stopped = true;
    this.chunks = [];
    this.controller?.abort(new Error('The gateway no longer needs this upstream response.'));
  }

  private joined(): Buffer {
    const { chunks } = this;
    this.chunks = [];
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  }

  private continue(): void {
    if (this.controller?.paused) this.controller.resume();
  }

  /** The body as a stream from here on: the chunks read so far, then the rest as it comes. */
  private streamed(limit: number): Readable {
    const stream = new Readable({
      read: () => this.continue(),
      destroy: (error, callback) => {
        // A consumer that stops reading (client gone) releases the upstream connection too.
        this.stop();
        callback(error);
      },
    });
    this.stream = stream;
    this.streamLimit = limit;
    const { chunks } = this;
    this.chunks = [];
    for (const chunk of chunks) stream.push(chunk);
    if (this.ended) stream.push(null);
    return stream;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // 1xx informational answers are not the response.
    if (statusCode < 200) return;
    this.controller = controller;
    this.status = statusCode;
    this.headers = headers as Record<string, string | string[]>;
    this.onHead(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.stopped) return;
    if (this.stream) {
      if (this.size > this.streamLimit) this.stream.destroy(new ResponseTooLargeError(this.streamLimit));
      else if (!this.stream.push(chunk)) controller.pause();
      return;
    }
    if (this.discardUntil < 0) this.chunks.push(chunk);
    else if (this.size > this.discardUntil) this.stop();
    this.wake?.();
    if (this.size > this.highWater && !this.stopped) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    if (this.stream) this.stream.push(null);
    else this.wake?.();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.status === 0) {
      this.onFailure(error);
      return;
    }
    if (this.ended) return;
    this.failure = error;
    if (this.stream) {
      if (!this.stream.destroyed) this.stream.destroy(error);
    } else this.wake?.();
  }
}

/** Sends one request; transport failures become gateway errors. Resolves once the status and headers arrived. */
export function send(agent: Agent, request: SerialisedRequest, timeoutMs: number): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const body = new UpstreamBody(
      (head) => resolve({ status: head.status, headers: head.headers, body: head }),
      (error) => {
        try {
          transportFailure(error, request.url.host, timeoutMs);
        } catch (failure) {
          reject(failure);
        }
      },
      DISCARD_BYTES,
    );
    agent.dispatch(
      {
        origin: request.url.origin,
        path: request.pathAndQuery,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      body,
    );
  });
}
