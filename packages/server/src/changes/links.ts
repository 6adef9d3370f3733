/**
 * The link from a custom connector to its source API app: which revision its current version was made from,
 * and the package that revision exports to (the base the maker's overlay is measured against).
 */
import type { JsonObject } from '@portico/openapi';
import type { DefinitionAnalyzer } from '../apps/analysis.ts';
import type { DefinitionReport } from '../apps/report.ts';
import type { ConnectorReport } from '../connectors/types.ts';
import type { ApiApp } from '../store/apps.ts';
import { getAppById } from '../store/apps.ts';
import { type Connector, type ConnectorVersion, listConnectorVersions } from '../store/connectors.ts';
import { getRevisionById, type Revision } from '../store/revisions.ts';
import type { Db } from '../store/store.ts';
import type { SourceDocuments } from './overlay.ts';
import { getConnectorBase } from './store.ts';

/** The base of a connector version: the source revision and the package exported from it. */
export interface VersionBase {
  revisionId: string;
  base: SourceDocuments;
  /** True when the base was stored by a source update; false when it was exported again from the revision. */
  stored: boolean;
}

/** A revision exported as a connector package: its documents and the import report. */
export interface ExportedRevision {
  docs: SourceDocuments;
  report: ConnectorReport;
}

// Exports are determined by (revision, base URL): keep a few, as the apps side does.
const CACHE_SIZE = 8;
const exports = new Map<string, ExportedRevision>();

/**
 * The connector package a revision exports to with the express export's defaults (automatic fixes, one
 * package, the app's base URL as host), made by the analyzer (off the event loop for a large definition). Null
 * when the revision cannot be exported as a connector.
 */
export async function exportRevision(
  analyzer: DefinitionAnalyzer,
  app: ApiApp,
  revision: Revision<DefinitionReport>,
): Promise<ExportedRevision | null> {
  const key = JSON.stringify([revision.id, app.baseUrl]);
  const hit = exports.get(key);
  if (hit) return structuredClone(hit);
  const result = await analyzer.exportPackage({
    text: revision.text,
    uri: `${app.name} revision ${revision.number}`,
    baseUrl: app.baseUrl,
    options: { fix: true, splitByTag: false },
  });
  const pkg = result.packages[0];
  if (!pkg) return null;
  const docs: ExportedRevision = {
    docs: {
      definition: JSON.parse(pkg.files['apiDefinition.swagger.json']) as JsonObject,
      properties: JSON.parse(pkg.files['apiProperties.json']) as JsonObject,
    },
    report: {
      source: 'openapi',
      inputVersion: revision.report.version,
      findings: [...result.findings, ...pkg.report.findings],
      fixes: pkg.report.fixes,
      losses: pkg.report.losses,
      normalizations: [],
      importable: pkg.report.importable,
    },
  };
  exports.set(key, docs);
  while (exports.size > CACHE_SIZE) {
    const oldest = exports.keys().next().value;
    if (oldest === undefined) break;
    exports.delete(oldest);
  }
  return structuredClone(docs);
}

/** The documents of a connector version as one tree. */
export function versionDocuments(version: ConnectorVersion): SourceDocuments {
  return {
    definition: (version.definition ?? {}) as JsonObject,
    properties: (version.properties ?? {}) as JsonObject,
  };
}

/**
 * The base of a version: stored by a source update, or else the export of the revision it was made from
 * (express export), or else — for a version the maker uploaded by hand — the base of the version before it.
 */
export async function versionBase(
  db: Db,
  analyzer: DefinitionAnalyzer,
  app: ApiApp,
  version: ConnectorVersion,
): Promise<VersionBase | undefined> {
  const earlier = (await listConnectorVersions(db, version.connectorId)).filter((v) => v.version < version.version);
  for (const candidate of [version, ...earlier]) {
    const stored = await getConnectorBase(db, candidate.id);
    if (stored) return { revisionId: stored.revisionId, base: stored.base, stored: true };
    if (!candidate.sourceRevisionId) continue;
    const revision = await getRevisionById<DefinitionReport>(db, candidate.sourceRevisionId);
    if (!revision || revision.appId !== app.id) continue;
    const exported = await exportRevision(analyzer, app, revision);
    if (exported) return { revisionId: revision.id, base: exported.docs, stored: false };
  }
  return undefined;
}

/** The API app a connector is linked to, if it still exists. */
export async function sourceAppOf(db: Db, connector: Connector): Promise<ApiApp | undefined> {
  return connector.sourceAppId ? getAppById(db, connector.sourceAppId) : undefined;
}
