/** What the connector routes answer: list entries, details with operations and findings, versions. Never a secret. */
import type { Finding, JsonObject } from '@portico/openapi';
import type { Connector, ConnectorVersion, ConnectorVersionSummary } from '../store/connectors.ts';
import { authSummary, redirectUrls } from './auth.ts';
import type { ConnectorReport } from './types.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** One operation of a connector, with the findings about it. */
export interface OperationView {
  operationId: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** `important`, `advanced` or `internal` (x-ms-visibility). */
  visibility?: string;
  trigger: boolean;
  findings: Finding[];
}

function rootOf(properties: unknown): JsonObject {
  if (!isObject(properties)) return {};
  return isObject(properties.properties) ? properties.properties : properties;
}

/** The brand colour of the connector's icon (apiProperties.json iconBrandColor). */
export function iconColor(properties: unknown): string | null {
  const color = rootOf(properties).iconBrandColor;
  return typeof color === 'string' ? color : null;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The operations of a Swagger 2.0 definition, each with the report's findings that point into it. */
export function operationsOf(definition: unknown, findings: readonly Finding[] = []): OperationView[] {
  const paths = isObject(definition) && isObject(definition.paths) ? definition.paths : {};
  const out: OperationView[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `/paths/${escapePointer(path)}/${method}`;
      const view: OperationView = {
        operationId: typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        deprecated: op.deprecated === true,
        trigger: op['x-ms-trigger'] !== undefined,
        findings: findings.filter(
          (f) =>
            (f.source === undefined || f.source === 'apiDefinition.swagger.json') &&
            (f.pointer === pointer || f.pointer.startsWith(`${pointer}/`)),
        ),
      };
      if (typeof op.summary === 'string') view.summary = op.summary;
      if (typeof op.description === 'string') view.description = op.description;
      if (typeof op['x-ms-visibility'] === 'string') view.visibility = op['x-ms-visibility'];
      out.push(view);
    }
  }
  return out;
}

/** A connector as listed. */
export function connectorListEntry(connector: Connector, version: ConnectorVersion | undefined) {
  const properties = isObject(version?.properties) ? version.properties : {};
  const definition = isObject(version?.definition) ? version.definition : {};
  const info = isObject(definition.info) ? definition.info : {};
  return {
    id: connector.id,
    name: connector.name,
    displayName: connector.displayName,
    description: typeof info.description === 'string' ? info.description : null,
    builtIn: connector.builtIn,
    readOnly: connector.builtIn,
    iconBrandColor: iconColor(properties),
    hasIcon: version?.icon != null,
    authType: authSummary(properties, false).type,
    version: version?.version ?? null,
    operationCount: operationsOf(definition).length,
    sourceAppId: connector.sourceAppId,
    createdAt: connector.createdAt,
    updatedAt: connector.updatedAt,
    createdBy: connector.createdBy,
  };
}

/** A connector with its operations, authentication summary, redirect URLs and report. */
export function connectorDetail(
  connector: Connector,
  version: ConnectorVersion,
  versions: ConnectorVersionSummary[],
  publicUrl: string,
) {
  const properties = isObject(version.properties) ? version.properties : {};
  const report = version.report as ConnectorReport | undefined;
  const findings = report?.findings ?? [];
  return {
    ...connectorListEntry(connector, version),
    auth: authSummary(properties, version.hasOAuthClientSecret),
    redirectUrls: redirectUrls(publicUrl, connector.name, properties),
    operations: operationsOf(version.definition, findings),
    report: reportView(report),
    versions: versions.map(versionView),
  };
}

/** A report as answered (the same shape in the draft and in the connector). */
export function reportView(report: ConnectorReport | undefined) {
  return {
    source: report?.source ?? 'package',
    inputVersion: report?.inputVersion ?? '2.0',
    importable: report?.importable ?? true,
    findings: report?.findings ?? [],
    fixes: report?.fixes ?? [],
    losses: report?.losses ?? [],
    normalizations: report?.normalizations ?? [],
  };
}

/** A version as listed. */
export function versionView(v: ConnectorVersionSummary) {
  return {
    id: v.id,
    version: v.version,
    sourceRevisionId: v.sourceRevisionId,
    hasClientSecret: v.hasOAuthClientSecret,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
  };
}
