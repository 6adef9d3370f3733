/** Loads `http(s):` URIs with fetch: a timeout, a size limit, a redirect limit and a check that it is not a web page. */

import type { LoadedResource, Loader } from '../core.ts';
import { LoaderError } from '../errors.ts';
import { formatBytes } from '../io.ts';

export interface HttpLoaderOptions {
  /** Whole-request timeout (all redirects and the body), in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 50 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
}

export const HTTP_DEFAULTS = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 } as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/json, application/yaml, application/x-yaml, text/yaml, text/plain;q=0.9, */*;q=0.5';

/** Creates a loader for `http:` and `https:` URIs; it rejects with a LoaderError naming the URL and the fix. */
export function createHttpLoader(options: HttpLoaderOptions = {}): Loader {
  const { timeoutMs, maxBytes, maxRedirects } = { ...HTTP_DEFAULTS, ...options };
  return async (uri: string): Promise<LoadedResource> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await fetchFollowing(uri, controller.signal, { maxBytes, maxRedirects });
    } catch (error) {
      if (error instanceof LoaderError) throw error;
      if (controller.signal.aborted) {
        throw new LoaderError(
          uri,
          `Timed out after ${timeoutMs / 1000} s fetching ${uri}. Check that the server answers, or download the file and give its path.`,
          'timeout',
        );
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new LoaderError(uri, `Cannot fetch ${uri}: ${reason}. Check the URL and your network.`, 'network');
    } finally {
      clearTimeout(timer);
    }
  };
}

async function fetchFollowing(
  uri: string,
  signal: AbortSignal,
  limits: { maxBytes: number; maxRedirects: number },
): Promise<LoadedResource> {
  const requested = uri.split('#')[0]!;
  const seen = new Set<string>();
  let current = requested;
  for (let hop = 0; ; hop++) {
    const protocol = safeProtocol(current);
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new LoaderError(
        uri,
        `Cannot fetch ${current}: only http and https URLs are supported.`,
        'unsupported-scheme',
      );
    }
    seen.add(current);
    const response = await fetch(current, { redirect: 'manual', signal, headers: { accept: ACCEPT } });
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) {
        throw new LoaderError(uri, `${current} answered ${response.status} without a Location header.`, 'bad-redirect');
      }
      const next = new URL(location, current).href;
      if (seen.has(next)) {
        throw new LoaderError(uri, `Redirect loop fetching ${uri}: ${current} sends back to ${next}.`, 'redirect-loop');
      }
      if (hop + 1 > limits.maxRedirects) {
        throw new LoaderError(
          uri,
          `Too many redirects fetching ${uri} (more than ${limits.maxRedirects}); give the final URL instead.`,
          'too-many-redirects',
        );
      }
      current = next;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new LoaderError(
        uri,
        statusMessage(current, response.status, response.statusText),
        `http-${response.status}`,
      );
    }
    const contentType = response.headers.get('content-type') ?? undefined;
    if (contentType && /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) {
      await response.body?.cancel();
      throw new LoaderError(uri, webPageMessage(current, contentType), 'html');
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body?.cancel();
      throw new LoaderError(uri, tooLargeMessage(current, limits.maxBytes), 'too-large');
    }
    const body = await readBody(response, limits.maxBytes, current, uri);
    if (looksLikeHtml(body)) throw new LoaderError(uri, webPageMessage(current, contentType ?? 'an HTML body'), 'html');
    return { text: body, uri: current, ...(contentType ? { contentType } : {}) };
  }
}

/** Reads the body, stopping as soon as it passes the limit. */
async function readBody(response: Response, maxBytes: number, url: string, uri: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new LoaderError(uri, tooLargeMessage(url, maxBytes), 'too-large');
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

function safeProtocol(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

/** True when the first non-blank bytes open an HTML document. */
function looksLikeHtml(body: Uint8Array): boolean {
  const head = new TextDecoder()
    .decode(body.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

function webPageMessage(url: string, contentType: string): string {
  return `${url} returned ${contentType}: it looks like a web page, not an OpenAPI definition. Give the URL of the JSON or YAML document itself (often …/openapi.json or …/swagger.json).`;
}

function tooLargeMessage(url: string, maxBytes: number): string {
  return `${url} is larger than the ${formatBytes(maxBytes)} limit for a definition; download it and split it into files joined by $ref.`;
}

function statusMessage(url: string, status: number, statusText: string): string {
  const text = statusText ? ` ${statusText}` : '';
  if (status === 401 || status === 403) {
    return `${url} answered HTTP ${status}${text}: it needs credentials. Download the document yourself and give its path.`;
  }
  if (status === 404) return `${url} answered HTTP 404${text}: nothing is there. Check the URL.`;
  return `${url} answered HTTP ${status}${text}. Check the URL, or try again later.`;
}
