/** Which upstream response headers reach the caller: no hop-by-hop headers, no cookies. */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'set-cookie',
  'set-cookie2',
]);

const NONE: readonly string[] = [];

/** Parsed Connection header values: upstreams send the same few ("keep-alive", "close") on every response. */
const parsedConnection = new Map<string, readonly string[]>();

function tokensOf(value: string): readonly string[] {
  let listed = parsedConnection.get(value);
  if (listed === undefined) {
    listed = value
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean);
    if (parsedConnection.size >= 100) parsedConnection.clear();
    parsedConnection.set(value, listed);
  }
  return listed;
}

/** The header names a Connection header lists (those are hop-by-hop too), lower-cased; usually one or none. */
function connectionTokens(value: string | string[] | undefined): readonly string[] {
  if (value === undefined) return NONE;
  if (!Array.isArray(value)) return tokensOf(value);
  return value.flatMap((item) => tokensOf(item));
}

/** The upstream headers minus hop-by-hop ones (including those the Connection header names) and Set-Cookie. */
export function responseHeaders(upstream: Record<string, string | string[]>): Record<string, string | string[]> {
  const listed = connectionTokens(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const key in upstream) {
    const value = upstream[key] as string | string[];
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name) || (listed.length > 0 && listed.includes(name))) continue;
    out[name] = value;
  }
  return out;
}
