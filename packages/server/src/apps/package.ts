/**
 * Building the connector package of an app's current revision with the core's exportConnector (through the
 * analyzer: on its worker thread for large definitions, apps/analysis.ts): the app's base URL (when set) becomes
 * the connector's host, and the result is zipped for download. The package is derived from the definition only,
 * so it never holds a secret.
 */
import type { ExportOptions, ExportResult, JsonObject, OasVersion } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import type { ApiApp } from '../store/apps.ts';
import { getRevisionById, type Revision } from '../store/revisions.ts';
import { zipPackage } from '../zip/index.ts';
import { currentRevisionId } from './documents.ts';
import type { DefinitionReport } from './report.ts';

export interface PackageQuery {
  fix: boolean;
  splitByTag: boolean;
  includeTags?: string[];
  includeOperations?: string[];
  connectorName?: string;
}

export interface AppPackage {
  /** The revision exported and the version of its definition. */
  source: { revision: Omit<Revision<DefinitionReport>, 'text'>; version: { family: OasVersion; version: string } };
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
const exports = new Map<string, AppPackage>();

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
  const revisionId = currentRevisionId(app);
  const key = cacheKey(revisionId, app.baseUrl, query);
  const hit = exports.get(key);
  if (hit) {
    exports.delete(key);
    exports.set(key, hit);
    return hit;
  }
  const options: ExportOptions = { fix: query.fix, splitByTag: query.splitByTag };
  if (query.includeTags?.length) options.includeTags = query.includeTags;
  if (query.includeOperations?.length) options.includeOperations = query.includeOperations;
  if (query.connectorName) options.connectorName = query.connectorName;
  const stored = (await getRevisionById<DefinitionReport>(server.store.db, revisionId)) ?? fail('revision_not_found');
  const { text, ...revision } = stored;
  const result = await server.analyzer.exportPackage({
    text,
    uri: `${app.name} revision ${revision.number}`,
    baseUrl: app.baseUrl,
    options,
  });
  const built: AppPackage = {
    source: { revision, version: { family: revision.report.family, version: revision.report.version } },
    result,
  };
  exports.set(key, built);
  while (exports.size > CACHE_SIZE) {
    const oldest = exports.keys().next().value;
    if (oldest === undefined) break;
    exports.delete(oldest);
  }
  return built;
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
