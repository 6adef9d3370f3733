/**
 * Fetching an app's definition URL through `fetch/` with the server's limits: the configured body limit as
 * the size limit, bounded redirects and time, and private addresses refused unless allow-listed
 * (PORTICO_GATEWAY_ALLOW_HOSTS).
 */
import type { Config } from '../config.ts';
import { PorticoError } from '../errors.ts';
import { type FetchDefinitionResult, type FetchFailure, fetchDefinition } from '../fetch/index.ts';

/** The allow-list of the configuration as the fetcher reads it (`host` or `address/prefix`). */
export function allowHostsOf(config: Config): string[] {
  return config.gatewayAllowHosts.map((h) => (h.kind === 'host' ? h.host : `${h.address}/${h.prefix}`));
}

/** Fetches a definition URL, optionally conditionally (ETag / Last-Modified of the copy held). */
export async function fetchSource(
  config: Config,
  url: string,
  conditional: { etag?: string | null; lastModified?: string | null } = {},
): Promise<FetchDefinitionResult> {
  return fetchDefinition(url, {
    allowHosts: allowHostsOf(config),
    maxBytes: config.bodyLimit,
    ...(conditional.etag ? { etag: conditional.etag } : {}),
    ...(conditional.lastModified ? { lastModified: conditional.lastModified } : {}),
  });
}

/** The API error for a failed fetch: 400 for a URL that cannot be used at all, 502 otherwise; the message says why. */
export function fetchFailed(failure: FetchFailure): PorticoError {
  const details = { reason: failure.code, url: failure.url, ...(failure.status ? { status: failure.status } : {}) };
  if (failure.code === 'bad-url') return new PorticoError('bad_request', failure.message, details);
  return new PorticoError('definition_fetch_failed', failure.message, details);
}
