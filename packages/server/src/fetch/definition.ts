// Fetches an OpenAPI definition from a URL with a timeout, a size limit, bounded redirects and a content-type check.
import { isIP } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { charsetOf, classifyMediaType, looksLikeHtml, mediaTypeOf } from './content-type.ts';
import { addressAllowed, guardedAgent, PrivateAddressError } from './guard.ts';
import { createHostAllowList, normaliseHostname } from './hosts.ts';

/** The fetch function used; undici's by default, injectable for a custom dispatcher or proxy. */
export type FetchImpl = (
  url: string,
  init: {
    method: 'GET';
    headers: Record<string, string>;
    redirect: 'manual';
    signal: AbortSignal;
    dispatcher?: unknown;
  },
) => Promise<Response>;

/** Limits and conditional-request values for one fetch. */
export interface FetchDefinitionOptions {
  /** Whole operation, redirects and body included (default 15,000 ms). */
  timeoutMs?: number;
  /** Largest body accepted, checked against Content-Length and while streaming (default 10 MiB). */
  maxBytes?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /**
   * Hosts that may be fetched although they are on a private network: names, `*.suffix`, IPs or CIDR ranges
   * (e.g. `127.0.0.1`, `10.0.0.0/8`); the administrator's allow-list. Empty by default.
   */
  allowHosts?: readonly string[];
  /**
   * `block` (default): refuse loopback, private, link-local and metadata addresses that are not in allowHosts,
   * checked on every redirect and on the address actually connected to. `allow`: no address check.
   */
  privateAddresses?: 'block' | 'allow';
  /** ETag of the copy already held: sent as If-None-Match; a 304 answer gives `not-modified`. */
  etag?: string;
  /** Last-Modified of the copy already held: sent as If-Modified-Since. */
  lastModified?: string;
  /** Extra request headers (e.g. Authorization for a private definition); dropped when a redirect changes origin. */
  headers?: Record<string, string>;
  /** Cancels the fetch from outside (e.g. the request that asked for it went away). */
  signal?: AbortSignal;
  fetchImpl?: FetchImpl;
}

/** A definition downloaded successfully. */
export interface FetchedDefinition {
  ok: true;
  /** The body decoded as text (UTF-8 unless the response names another charset), without a byte-order mark. */
  text: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  /** The media type of the response, lower case without parameters ('' when the server sent none). */
  contentType: string;
  etag?: string;
  lastModified?: string;
  status: number;
  /** Size of the body in bytes. */
  bytes: number;
}

/** Why a definition could not be fetched. */
export type FetchFailureCode =
  | 'timeout'
  | 'unreachable'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-error'
  | 'bad-content-type'
  | 'bad-url'
  | 'host-not-allowed'
  | 'not-modified';

/** A fetch that did not produce a document; `message` names the URL and what to do. */
export interface FetchFailure {
  ok: false;
  code: FetchFailureCode;
  message: string;
  /** The URL being fetched when it failed (after any redirects). */
  url: string;
  /** The HTTP status, for `http-error` and `not-modified`. */
  status?: number;
}

export type FetchDefinitionResult = FetchedDefinition | FetchFailure;

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/json, application/yaml;q=0.9, text/yaml;q=0.9, text/plain;q=0.5, */*;q=0.1';

const fail = (code: FetchFailureCode, url: string, message: string, status?: number): FetchFailure =>
  status === undefined ? { ok: false, code, url, message } : { ok: false, code, url, message, status };

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Parses and checks a URL: absolute, http or https, no embedded credentials. */
function checkUrl(raw: string, what: string): URL | FetchFailure {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('bad-url', raw, `${what} "${raw}" is not a valid URL; give an absolute http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(
      'bad-url',
      raw,
      `${what} "${raw}" uses ${url.protocol.slice(0, -1)}; only http:// and https:// URLs can be fetched.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      'bad-url',
      raw,
      `${what} "${url.host}${url.pathname}" contains credentials; remove them from the URL and send them as a header instead.`,
    );
  }
  return url;
}

/** Turns a network error from fetch into an `unreachable` failure naming the cause. */
function unreachable(url: string, error: unknown): FetchFailure {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const host = new URL(url).host;
  let reason: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    reason = `the host name ${new URL(url).hostname} could not be resolved; check the spelling and DNS`;
  else if (code === 'ECONNREFUSED')
    reason = `the connection to ${host} was refused; check that the server is running and the port is right`;
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    reason = `${host} closed the connection; check that the server is healthy`;
  else if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    reason = `the TLS certificate of ${host} was rejected (${code}); fix the certificate or use a trusted one`;
  else if (cause?.message === 'bad port')
    reason = `port ${new URL(url).port} is blocked for fetching; serve the document on another port`;
  else reason = `${cause?.message ?? (error as Error).message ?? 'network error'}; check the address and the network`;
  return fail('unreachable', url, `Could not fetch ${url}: ${reason}.`);
}

/** Reads a body up to `maxBytes`, cancelling the stream as soon as the limit is passed. */
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | 'too-large'> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function decode(bytes: Uint8Array, charset: string | undefined): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Fetches an OpenAPI definition (JSON, YAML or text) from a URL; expected failures come back as `{ ok: false, code }`. */
export async function fetchDefinition(
  url: string,
  options: FetchDefinitionOptions = {},
): Promise<FetchDefinitionResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const fetchImpl: FetchImpl = options.fetchImpl ?? (undiciFetch as unknown as FetchImpl);
  const allowList = createHostAllowList(options.allowHosts ?? []);
  const guard = options.privateAddresses !== 'allow';
  const dispatcher = guard ? guardedAgent(allowList) : undefined;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('definition fetch timed out'));
  }, timeoutMs);
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let current = url;
  try {
    let target = checkUrl(url, 'The definition URL');
    if (!(target instanceof URL)) return target;
    const origin = target.origin;
    for (let redirects = 0; ; redirects++) {
      current = target.href;
      const literal = normaliseHostname(target.hostname);
      if (guard && isIP(literal) !== 0 && !addressAllowed(literal, literal, allowList)) {
        return privateFailure(current, literal);
      }
      const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'Portico definition fetcher' };
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (target.origin === origin || name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
      }
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;

      let response: Response;
      try {
        const init = { method: 'GET' as const, headers, redirect: 'manual' as const, signal: controller.signal };
        response = await fetchImpl(current, dispatcher ? { ...init, dispatcher } : init);
      } catch (error) {
        if (timedOut) return timeoutFailure(current, timeoutMs);
        if (controller.signal.aborted) throw controller.signal.reason ?? error;
        const cause = (error as { cause?: unknown }).cause;
        if (cause instanceof PrivateAddressError) return privateFailure(current, cause.address);
        return unreachable(current, error);
      }

      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) {
          return fail(
            'http-error',
            current,
            `${current} answered HTTP ${response.status} without a Location header; fix the server's redirect.`,
            response.status,
          );
        }
        if (redirects >= maxRedirects) {
          return fail(
            'too-many-redirects',
            current,
            `${url} redirected more than ${maxRedirects} times (last to ${new URL(location, current).href}); use the final URL of the document, or fix the redirect loop.`,
          );
        }
        const next = checkUrl(new URL(location, current).href, `${current} redirects to`);
        if (!(next instanceof URL)) return next;
        target = next;
        continue;
      }
      return await readResponse(response, current, { maxBytes, timeoutMs, isTimedOut: () => timedOut });
    }
  } catch (error) {
    if (timedOut) return timeoutFailure(current, timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    dispatcher?.destroy().catch(() => undefined);
  }
}

function privateFailure(url: string, address: string): FetchFailure {
  return fail(
    'host-not-allowed',
    url,
    `${url} points to ${address}, a loopback, private or link-local address; Portico fetches from private networks only when an administrator allow-lists the host.`,
  );
}

function timeoutFailure(url: string, timeoutMs: number): FetchFailure {
  return fail(
    'timeout',
    url,
    `Fetching ${url} took longer than ${timeoutMs} ms; check that the server answers, or try again later.`,
  );
}

/** Turns a final (non-redirect) response into the result: status, content type and size checks, then the text. */
async function readResponse(
  response: Response,
  url: string,
  limits: { maxBytes: number; timeoutMs: number; isTimedOut: () => boolean },
): Promise<FetchDefinitionResult> {
  const { status } = response;
  if (status === 304) {
    await response.body?.cancel().catch(() => undefined);
    return fail('not-modified', url, `${url} has not changed since the last fetch (HTTP 304).`, status);
  }
  if (status < 200 || status >= 300) {
    await response.body?.cancel().catch(() => undefined);
    const hint =
      status === 401 || status === 403
        ? 'the document is not public; publish it without authentication or upload the file instead'
        : status === 404 || status === 410
          ? 'check the URL of the document'
          : status >= 500
            ? 'the server failed; try again later or ask its owner'
            : 'check the URL and the server';
    return fail(
      'http-error',
      url,
      `${url} answered HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}; ${hint}.`,
      status,
    );
  }
  const header = response.headers.get('content-type');
  const mediaType = mediaTypeOf(header);
  const kind = classifyMediaType(mediaType);
  const htmlFailure = () =>
    fail(
      'bad-content-type',
      url,
      `${url}: this URL returns a web page, not an OpenAPI document; use the URL of the raw JSON or YAML file instead.`,
    );
  if (kind === 'html') {
    await response.body?.cancel().catch(() => undefined);
    return htmlFailure();
  }
  if (kind === 'other') {
    await response.body?.cancel().catch(() => undefined);
    return fail(
      'bad-content-type',
      url,
      `${url} returns ${mediaType}, not an OpenAPI document; use a URL that serves JSON or YAML.`,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge(url, limits.maxBytes, declared);
  }
  const bytes = await readLimited(response.body, limits.maxBytes);
  if (bytes === 'too-large') return tooLarge(url, limits.maxBytes);
  const text = decode(bytes, charsetOf(header));
  if (kind === 'maybe-document' && looksLikeHtml(text)) return htmlFailure();
  const result: FetchedDefinition = {
    ok: true,
    text,
    finalUrl: url,
    contentType: mediaType,
    status,
    bytes: bytes.byteLength,
  };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) result.etag = etag;
  if (lastModified) result.lastModified = lastModified;
  return result;
}

function tooLarge(url: string, maxBytes: number, declared?: number): FetchFailure {
  const size = declared === undefined ? `more than ${formatBytes(maxBytes)}` : formatBytes(declared);
  return fail(
    'too-large',
    url,
    `${url} returns ${size}, over the ${formatBytes(maxBytes)} limit for a definition; split the document or ask an administrator to raise the limit.`,
  );
}
