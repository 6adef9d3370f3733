/** Revisions of an app's definition: refresh from the URL, upload a new text, list, and read one with its findings. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import { systemClock } from '../changes/clock.ts';
import { refreshByHookToken } from '../changes/hook-refresh.ts';
import { fail } from '../errors.ts';
import { listRevisionsWithStats } from '../store/app-revisions.ts';
import { type ApiApp, getAppById, updateApp } from '../store/apps.ts';
import { getRevision, getRevisionById, type Revision } from '../store/revisions.ts';
import { ingestRevision } from './ingest.ts';
import { uploadedFilename } from './multipart.ts';
import { refreshApiApp } from './refresh.ts';
import type { DefinitionReport } from './report.ts';
import { obtainFromText } from './service.ts';
import { appParams, oneAppView, scopedApp } from './shared.ts';
import { appSchema, fullRevisionView, revisionSchema, revisionSummarySchema, revisionView } from './views.ts';

const changeSchema = {
  ...appSchema,
  required: [...appSchema.required, 'changed'],
  properties: {
    ...appSchema.properties,
    changed: { type: 'boolean', description: 'True when a new revision was made.' },
    notModified: { type: 'boolean', description: 'The server answered 304 Not Modified to the conditional fetch.' },
  },
} as const;

/** What POST /refresh answers: the app, and with a webhook token also the check's outcome. */
const refreshSchema = {
  ...changeSchema,
  properties: {
    ...changeSchema.properties,
    app: { type: 'string', description: 'The app’s name (webhook calls only).' },
    revision: { type: 'integer', description: 'The new revision’s number (webhook calls only).' },
    error: { type: 'object', additionalProperties: true, description: 'Why the fetch failed (webhook calls only).' },
    autoUpdates: {
      type: 'array',
      items: { type: 'object', additionalProperties: true },
      description: 'Linked connectors updated automatically, or why not (webhook calls only).',
    },
  },
} as const;

/** A revision of the app by number (`3`) or id (`rev_…`). */
export async function findRevision(req: FastifyRequest, app: ApiApp, ref: string): Promise<Revision<DefinitionReport>> {
  const db = req.server.store.db;
  const found = /^\d{1,9}$/.test(ref)
    ? await getRevision<DefinitionReport>(db, app.id, Number(ref))
    : await getRevisionById<DefinitionReport>(db, ref);
  if (!found || found.appId !== app.id) {
    fail(
      'revision_not_found',
      `API app "${app.name}" has no revision "${ref}"; list them with GET /api/v1/apps/${app.name}/revisions.`,
    );
  }
  return found;
}

/** Routes: POST /apps/{app}/refresh, PUT /apps/{app}/definition, GET /apps/{app}/revisions[/{revision}]. */
export async function appRevisionRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { app: string } }>(
    '/api/v1/apps/:app/refresh',
    {
      config: { access: { app: 'contributor' }, appHookToken: true },
      schema: {
        operationId: 'RefreshApp',
        summary: 'Refresh the definition from its URL',
        description:
          'Fetches the definition URL again (conditionally, with the ETag and Last-Modified of the last fetch). A new revision is made only when the content changed. Contributors and owners; the API’s deployment pipeline may instead send the app’s refresh webhook token ("Authorization: Bearer prt_…"), which runs a check as POST /api/v1/apps/{app}/check does.',
        tags: ['Apps'],
        params: appParams,
        response: { 200: refreshSchema },
      },
    },
    async (req) => {
      if (req.hookToken) {
        const { app: hooked, outcome } = await refreshByHookToken(
          app,
          req.params.app,
          req.headers.authorization,
          systemClock,
        );
        const fresh = (await getAppById(app.store.db, hooked.id)) ?? hooked;
        const { appId: _appId, ...rest } = outcome;
        return { ...(await oneAppView(req, app.store.db, fresh)), ...rest };
      }
      const record = scopedApp(req);
      const outcome = await refreshApiApp(app, { user: requireUser(req).user, request: req }, record);
      const fresh = (await getAppById(app.store.db, record.id)) ?? record;
      return {
        ...(await oneAppView(req, app.store.db, fresh)),
        changed: outcome.changed,
        ...(outcome.notModified ? { notModified: true } : {}),
      };
    },
  );

  app.put<{ Params: { app: string }; Body: { definition: string; filename?: string } }>(
    '/api/v1/apps/:app/definition',
    {
      config: { access: { app: 'contributor' } },
      schema: {
        operationId: 'UploadAppDefinition',
        summary: 'Upload a new definition',
        description:
          'Uploads the definition text (JSON or YAML, any OpenAPI version); the app’s source becomes this upload. A new revision is made only when the content differs from the current one; the file may also be sent as multipart/form-data in the `definition` part. Contributors and owners.',
        tags: ['Apps'],
        params: appParams,
        body: {
          type: 'object',
          required: ['definition'],
          properties: {
            definition: { type: 'string', minLength: 1, description: 'The OpenAPI document (JSON or YAML text).' },
            filename: { type: 'string', maxLength: 255, description: 'Name of the uploaded file, for messages.' },
          },
        },
        response: { 200: changeSchema },
      },
    },
    async (req) => {
      const record = scopedApp(req);
      const obtained = await obtainFromText(
        app,
        req.body.definition,
        req.body.filename ?? uploadedFilename(req),
        record,
      );
      const result = await app.store.transaction(async (trx) => {
        if (record.source.kind !== 'upload') await updateApp(trx, record.id, { source: { kind: 'upload' } });
        const ingested = await ingestRevision(trx, { user: requireUser(req).user, request: req }, record, obtained);
        await recordAudit(trx, req, {
          action: 'app.definition.upload',
          resourceType: 'app',
          resourceId: record.id,
          summary: { app: record.name, changed: ingested.changed, revision: ingested.revision.number },
        });
        return ingested;
      });
      const fresh = (await getAppById(app.store.db, record.id)) ?? record;
      return { ...(await oneAppView(req, app.store.db, fresh)), changed: result.changed };
    },
  );

  app.get<{ Params: { app: string } }>(
    '/api/v1/apps/:app/revisions',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'ListAppRevisions',
        summary: 'List revisions of the definition',
        description: 'Every revision, newest first, with its source, content hash and error and warning counts.',
        tags: ['Apps'],
        params: appParams,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: revisionSummarySchema } },
          },
        },
      },
    },
    async (req) => {
      const record = scopedApp(req);
      const items = await listRevisionsWithStats(app.store.db, record.id);
      return { items: items.map((r) => revisionView(r, record.currentRevisionId)) };
    },
  );

  app.get<{ Params: { app: string; revision: string }; Querystring: { text?: boolean } }>(
    '/api/v1/apps/:app/revisions/:revision',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'GetAppRevision',
        summary: 'Get a revision with its findings',
        description:
          'One revision by number or id, with the findings of the openapi profile and of the powerplatform profile (on the Swagger 2.0 conversion); ?text=true adds the definition text.',
        tags: ['Apps'],
        params: {
          type: 'object',
          required: ['app', 'revision'],
          properties: {
            app: { type: 'string', description: 'API app name.' },
            revision: { type: 'string', description: 'Revision number (1, 2, …) or id (rev_…).' },
          },
        },
        querystring: {
          type: 'object',
          properties: { text: { type: 'boolean', default: false, description: 'Include the definition text.' } },
        },
        response: { 200: revisionSchema },
      },
    },
    async (req) => {
      const record = scopedApp(req);
      const revision = await findRevision(req, record, req.params.revision);
      return fullRevisionView(revision, record.currentRevisionId, req.query.text === true);
    },
  );
}
