/**
 * Building the connector package of an app's current revision with the core's exportConnector: the app's
 * base URL (when set) becomes the connector's host, and the result is zipped for download. The package is
 * derived from the definition only, so it never holds a secret.
 */
import type { ExportOptions, ExportResult, JsonObject, OasVersion } from '@portico/openapi';
import { exportConnector } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';
import type { ApiApp } from '../store/apps.ts';
import { zipPackage } from '../zip/index.ts';
import { currentDocument, type RevisionDocument } from './documents.ts';

export interface PackageQuery {
  fix: boolean;
  splitByTag: boolean;
  includeTags?: string[];
  includeOperations?: string[];
  connectorName?: string;
}

export interface AppPackage {
  source: RevisionDocument;
  result: ExportResult;
}

/** The document with the app's base URL as its server (3.x `servers`, 2.0 `host`/`basePath`/`schemes`). */
export function withBaseUrl(document: JsonObject, family: OasVersion, baseUrl: string | null): JsonObject {
  if (!baseUrl) return document;
  if (family !== '2.0') return { ...document, servers: [{ url: baseUrl }] };
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    ...document,
    host: url.host,
    schemes: [url.protocol.slice(0, -1)],
    ...(basePath ? { basePath } : { basePath: '/' }),
  };
}

// Revisions are immutable, so an export is fully determined by (revision, base URL, options): keep a few.
const CACHE_SIZE = 8;
const exports = new Map<string, ExportResult>();

function cacheKey(revisionId: string, baseUrl: string | null, query: PackageQuery): string {
  return JSON.stringify([
    revisionId,
    baseUrl,
    query.fix,
    query.splitByTag,
    query.includeTags,
    query.includeOperations,
    query.connectorName,
  ]);
}

/** Exports the current revision as one package (or one per tag); the result is shared, do not mutate it. */
export async function buildPackage(server: FastifyInstance, app: ApiApp, query: PackageQuery): Promise<AppPackage> {
  const source = await currentDocument(server, app);
  const key = cacheKey(source.revision.id, app.baseUrl, query);
  const hit = exports.get(key);
  if (hit) {
    exports.delete(key);
    exports.set(key, hit);
    return { source, result: hit };
  }
  const options: ExportOptions = { fix: query.fix, splitByTag: query.splitByTag };
  if (query.includeTags?.length) options.includeTags = query.includeTags;
  if (query.includeOperations?.length) options.includeOperations = query.includeOperations;
  if (query.connectorName) options.connectorName = query.connectorName;
  const result = exportConnector(
    { document: withBaseUrl(source.document, source.version.family, app.baseUrl), version: source.version.family },
    options,
  );
  exports.set(key, result);
  while (exports.size > CACHE_SIZE) {
    const oldest = exports.keys().next().value;
    if (oldest === undefined) break;
    exports.delete(oldest);
  }
  return { source, result };
}

/** The zip entries: a single package's files at the root, split packages in one folder each. */
export function packageEntries(result: ExportResult): Record<string, string> {
  const single = result.packages.length === 1;
  const entries: Record<string, string> = {};
  for (const pkg of result.packages) {
    for (const [file, text] of Object.entries(pkg.files)) entries[single ? file : `${pkg.name}/${file}`] = text;
  }
  return entries;
}

/** The package(s) as a zip. */
export function packageZip(result: ExportResult): Uint8Array {
  return zipPackage(packageEntries(result));
}

/** Splits a comma-separated query value into trimmed, non-empty items. */
export function listParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}
