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

/** The upstream headers minus hop-by-hop ones (including those the Connection header names) and Set-Cookie. */
export function responseHeaders(upstream: Record<string, string | string[]>): Record<string, string | string[]> {
  const listed = new Set(
    [upstream.connection ?? []]
      .flat()
      .flatMap((value) => value.split(','))
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(upstream)) {
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name) || listed.has(name)) continue;
    out[name] = value;
  }
  return out;
}
