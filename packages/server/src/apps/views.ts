/** What the API answers about apps and revisions, and the JSON Schemas of those answers (inline, no secrets). */
import { APP_ROLES } from '../auth/roles.ts';
import type { Config } from '../config.ts';
import type { RevisionStats, RevisionWithStats } from '../store/app-revisions.ts';
import type { AppSettings } from '../store/app-settings.ts';
import type { ApiApp } from '../store/apps.ts';
import type { Revision, RevisionSummary } from '../store/revisions.ts';
import { type DefinitionReport, reportStats } from './report.ts';

const time = { type: 'string', format: 'date-time' } as const;
const counts = {
  type: 'object',
  required: ['errors', 'warnings'],
  properties: { errors: { type: 'integer' }, warnings: { type: 'integer' } },
} as const;

export const findingSchema = {
  type: 'object',
  required: ['rule', 'severity', 'message', 'pointer'],
  properties: {
    rule: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    message: { type: 'string' },
    pointer: { type: 'string', description: 'JSON Pointer into the document (or its Swagger 2.0 conversion).' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    source: { type: 'string' },
    fix: { type: 'string' },
  },
} as const;

const sourceSchema = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['url', 'upload'] },
    url: { type: 'string' },
    filename: { type: 'string' },
  },
} as const;

export const revisionSummarySchema = {
  type: 'object',
  description: 'An immutable, content-hashed snapshot of the definition.',
  required: ['id', 'number', 'contentHash', 'source', 'mediaType', 'createdAt'],
  properties: {
    id: { type: 'string' },
    number: { type: 'integer' },
    contentHash: { type: 'string' },
    source: sourceSchema,
    mediaType: { type: 'string' },
    createdAt: time,
    createdBy: { type: ['string', 'null'] },
    current: { type: 'boolean' },
    version: { type: 'string', description: 'The OpenAPI version, e.g. 3.0.3.' },
    title: { type: ['string', 'null'] },
    operations: { type: 'integer' },
    openapi: counts,
    powerplatform: counts,
  },
} as const;

const profileSchema = {
  type: 'object',
  required: ['errors', 'warnings', 'findings'],
  properties: {
    errors: { type: 'integer' },
    warnings: { type: 'integer' },
    findings: { type: 'array', items: findingSchema },
    omitted: { type: 'integer', description: 'Findings left out beyond the stored maximum (5000 per profile).' },
  },
} as const;

export const revisionSchema = {
  ...revisionSummarySchema,
  required: [...revisionSummarySchema.required, 'report'],
  properties: {
    ...revisionSummarySchema.properties,
    text: { type: 'string', description: 'The definition as fetched or uploaded (with ?text=true).' },
    report: {
      type: 'object',
      description:
        'Findings of the openapi profile on the document, and of the powerplatform profile on its 2.0 conversion.',
      required: ['version', 'family', 'operations', 'openapi', 'powerplatform'],
      properties: {
        version: { type: 'string' },
        family: { type: 'string', enum: ['2.0', '3.0', '3.1'] },
        title: { type: ['string', 'null'] },
        operations: { type: 'integer' },
        openapi: profileSchema,
        powerplatform: profileSchema,
      },
    },
  },
} as const;

export const appSchema = {
  type: 'object',
  description: 'An API app: its definition source, hosted definition and definition status.',
  required: ['id', 'name', 'displayName', 'source', 'createdAt', 'updatedAt', 'definition', 'hosted', 'corsOrigins'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    displayName: { type: 'string' },
    baseUrl: { type: ['string', 'null'] },
    source: sourceSchema,
    role: { type: 'string', enum: [...APP_ROLES], description: "The caller's role on the app." },
    createdAt: time,
    updatedAt: time,
    corsOrigins: {
      type: 'array',
      items: { type: 'string' },
      description: 'Origins allowed to read the hosted definition (* = any).',
    },
    hosted: {
      type: 'object',
      required: ['json', 'yaml'],
      properties: { json: { type: 'string' }, yaml: { type: 'string' } },
    },
    fetch: {
      type: ['object', 'null'],
      properties: { fetchedAt: { type: ['string', 'null'] }, error: { type: ['string', 'null'] } },
    },
    definition: { anyOf: [revisionSummarySchema, { type: 'null' }], description: 'The current revision.' },
  },
} as const;

/** A revision as listed: summary plus the counts of its report (when known). */
export function revisionView(
  revision: RevisionSummary & { stats?: RevisionStats | null },
  currentId: string | null,
): Record<string, unknown> {
  const { appId: _app, stats, ...rest } = revision;
  return { ...rest, current: revision.id === currentId, ...(stats ?? {}) };
}

/** A revision with its report (and text when asked). */
export function fullRevisionView(
  revision: Revision<DefinitionReport>,
  currentId: string | null,
  withText: boolean,
): Record<string, unknown> {
  const { text, report, ...rest } = revision;
  return { ...revisionView({ ...rest, stats: reportStats(report) }, currentId), report, ...(withText ? { text } : {}) };
}

/** The app as answered: settings, hosted URLs and the current revision's status. */
export function appView(
  config: Config,
  app: ApiApp,
  extra: {
    role?: string;
    settings: AppSettings;
    current: RevisionWithStats | undefined;
  },
): Record<string, unknown> {
  const base = `${config.publicUrl}/apps/${encodeURIComponent(app.name)}/definition`;
  return {
    id: app.id,
    name: app.name,
    displayName: app.displayName,
    baseUrl: app.baseUrl,
    source: app.source,
    ...(extra.role ? { role: extra.role } : {}),
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    corsOrigins: extra.settings.corsOrigins ?? config.definitionCorsOrigins,
    hosted: { json: `${base}.json`, yaml: `${base}.yaml` },
    fetch: app.source.kind === 'url' ? { fetchedAt: extra.settings.fetchedAt, error: extra.settings.fetchError } : null,
    definition: extra.current ? revisionView(extra.current, app.currentRevisionId) : null,
  };
}
