/**
 * Export to PowerApps/Flow, manual: the connector package of the current revision as a zip, each file on
 * its own, and the export report. Readers may download (it holds no secret); see express.ts for the
 * one-step export into an environment.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fail } from '../errors.ts';
import { type AppPackage, buildPackage, listParam, type PackageQuery, packageZip } from './package.ts';
import { appParams, scopedApp } from './shared.ts';
import { findingSchema } from './views.ts';

interface ExportQuerystring {
  fix?: boolean;
  splitByTag?: boolean;
  includeTags?: string;
  includeOperations?: string;
  package?: string;
}

const PACKAGE_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'report.json'] as const;

/** Query parameters shared by the manual export routes. */
export const exportQuerySchema = {
  type: 'object',
  properties: {
    fix: { type: 'boolean', default: true, description: 'Apply the automatic Power Platform fixes (default true).' },
    splitByTag: { type: 'boolean', default: false, description: 'One package per tag (folders in the zip).' },
    includeTags: { type: 'string', description: 'Comma-separated tags to keep.' },
    includeOperations: { type: 'string', description: 'Comma-separated operationIds to keep.' },
  },
} as const;

const reportSchema = {
  type: 'object',
  required: ['importable', 'findings', 'packages', 'revision'],
  properties: {
    revision: {
      type: 'object',
      required: ['id', 'number', 'contentHash'],
      properties: { id: { type: 'string' }, number: { type: 'integer' }, contentHash: { type: 'string' } },
    },
    importable: { type: 'boolean', description: 'Every package can be imported by Power Platform.' },
    findings: { type: 'array', items: findingSchema, description: 'Findings about the input as a whole.' },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'files', 'importable', 'findings', 'fixes', 'losses', 'stats'],
        properties: {
          name: { type: 'string' },
          files: { type: 'array', items: { type: 'string' } },
          importable: { type: 'boolean' },
          findings: { type: 'array', items: findingSchema },
          fixes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'pointer', 'message'],
              properties: { rule: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' } },
            },
          },
          losses: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kind', 'pointer', 'message', 'action'],
              properties: {
                kind: { type: 'string' },
                pointer: { type: 'string' },
                message: { type: 'string' },
                action: { type: 'string' },
              },
            },
          },
          stats: {
            type: 'object',
            properties: {
              operations: { type: 'integer' },
              bytes: { type: 'integer' },
              schemas: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

export function packageQuery(query: ExportQuerystring): PackageQuery {
  const out: PackageQuery = { fix: query.fix !== false, splitByTag: query.splitByTag === true };
  const tags = listParam(query.includeTags);
  const operations = listParam(query.includeOperations);
  if (tags) out.includeTags = tags;
  if (operations) out.includeOperations = operations;
  return out;
}

/** 422 with the blocking findings when the package cannot be imported. */
export function requireImportable(pkg: AppPackage, appName: string): void {
  if (pkg.result.importable) return;
  const errors = [...pkg.result.findings, ...pkg.result.packages.flatMap((p) => p.report.findings)].filter(
    (f) => f.severity === 'error',
  );
  fail(
    'package_invalid',
    `The definition of "${appName}" cannot be made into an importable connector (${errors.length} error(s)); see GET /api/v1/apps/${appName}/export/report, fix the definition and refresh or upload it.`,
    { findings: errors.slice(0, 50) },
  );
}

function exportReport(pkg: AppPackage) {
  const { revision } = pkg.source;
  return {
    revision: { id: revision.id, number: revision.number, contentHash: revision.contentHash },
    importable: pkg.result.importable,
    findings: pkg.result.findings,
    packages: pkg.result.packages.map((p) => ({
      name: p.name,
      files: Object.keys(p.files),
      importable: p.report.importable,
      findings: p.report.findings,
      fixes: p.report.fixes,
      losses: p.report.losses,
      stats: p.report.stats,
    })),
  };
}

function sendAttachment(reply: FastifyReply, filename: string, type: string, body: string | Uint8Array) {
  return reply
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('x-content-type-options', 'nosniff')
    .type(type)
    .send(typeof body === 'string' ? body : Buffer.from(body));
}

/** Routes: GET /apps/{app}/export (zip), /export/files/{file}, /export/report. */
export async function appExportRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { app: string }; Querystring: ExportQuerystring }>(
    '/api/v1/apps/:app/export',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'ExportAppPackage',
        summary: 'Download the connector package (zip)',
        description:
          'The Power Platform connector package of the current revision (apiDefinition.swagger.json, apiProperties.json, settings.json, report.json) as a zip; split packages are folders. 422 when it cannot be imported.',
        tags: ['Export'],
        params: appParams,
        querystring: exportQuerySchema,
        response: {
          200: {
            description: 'The zip archive.',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (req, reply) => {
      const record = scopedApp(req);
      const pkg = await buildPackage(app, record, packageQuery(req.query));
      requireImportable(pkg, record.name);
      return sendAttachment(reply, `${record.name}-connector.zip`, 'application/zip', packageZip(pkg.result));
    },
  );

  app.get<{ Params: { app: string; file: (typeof PACKAGE_FILES)[number] }; Querystring: ExportQuerystring }>(
    '/api/v1/apps/:app/export/files/:file',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'ExportAppPackageFile',
        summary: 'Download one file of the connector package',
        description: 'One file of the package; with splitByTag, name the package (a tag folder) in ?package=.',
        tags: ['Export'],
        params: {
          type: 'object',
          required: ['app', 'file'],
          properties: {
            app: { type: 'string', description: 'API app name.' },
            file: { type: 'string', enum: [...PACKAGE_FILES], description: 'File name in the package.' },
          },
        },
        querystring: {
          ...exportQuerySchema,
          properties: {
            ...exportQuerySchema.properties,
            package: { type: 'string', description: 'Package (folder) name, when split by tag.' },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true, description: 'The JSON file.' } },
      },
    },
    async (req, reply) => {
      const record = scopedApp(req);
      const pkg = await buildPackage(app, record, packageQuery(req.query));
      requireImportable(pkg, record.name);
      const names = pkg.result.packages.map((p) => p.name);
      const wanted = req.query.package ?? (names.length === 1 ? names[0] : undefined);
      if (wanted === undefined) {
        fail('bad_request', `The export has ${names.length} packages; name one in ?package= (${names.join(', ')}).`);
      }
      const chosen =
        pkg.result.packages.find((p) => p.name === wanted) ??
        fail('bad_request', `There is no package "${wanted}" in this export; choose one of ${names.join(', ')}.`);
      return sendAttachment(reply, req.params.file, 'application/json; charset=utf-8', chosen.files[req.params.file]);
    },
  );

  app.get<{ Params: { app: string }; Querystring: ExportQuerystring }>(
    '/api/v1/apps/:app/export/report',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'GetAppExportReport',
        summary: 'Get the export report',
        description:
          'What the export would do with the current revision: whether it is importable, the findings, the fixes applied and what the conversion to Swagger 2.0 loses.',
        tags: ['Export'],
        params: appParams,
        querystring: exportQuerySchema,
        response: { 200: reportSchema },
      },
    },
    async (req) => exportReport(await buildPackage(app, scopedApp(req), packageQuery(req.query))),
  );
}
