/** API apps: register (from a definition URL or an uploaded text), list, get, change settings, delete. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import { fail } from '../errors.ts';
import { nameSchema } from '../schemas.ts';
import { recordFetch, updateAppSettings } from '../store/app-settings.ts';
import { type ApiApp, deleteApp, getApp, listApps, listAppsOfUser, updateApp } from '../store/apps.ts';
import { ingestRevision } from './ingest.ts';
import { uploadedFilename } from './multipart.ts';
import { createApiApp, obtainFromUrl } from './service.ts';
import { appParams, appViews, corsOriginsSchema, oneAppView, scopedApp, urlSchema } from './shared.ts';
import { appSchema } from './views.ts';

interface CreateBody {
  name: string;
  displayName?: string;
  baseUrl?: string;
  definitionUrl?: string;
  definition?: string;
  filename?: string;
  corsOrigins?: string[];
}

interface PatchBody {
  displayName?: string;
  baseUrl?: string | null;
  definitionUrl?: string;
  corsOrigins?: string[] | null;
}

function checkSourceChoice(body: { definitionUrl?: string; definition?: string; filename?: string }): void {
  const given = [body.definitionUrl !== undefined, body.definition !== undefined].filter(Boolean).length;
  if (given !== 1) {
    fail(
      'validation_failed',
      given === 0
        ? 'Give the definition: either "definitionUrl" (Portico fetches it) or "definition" (the JSON or YAML text).'
        : 'Give either "definitionUrl" or "definition", not both.',
      [
        {
          in: 'body',
          pointer: given === 0 ? '/definitionUrl' : '/definition',
          message: 'exactly one definition source',
        },
      ],
    );
  }
  if (body.filename !== undefined && body.definition === undefined) {
    fail('validation_failed', '"filename" names an uploaded "definition"; remove it or upload the text.', [
      { in: 'body', pointer: '/filename', message: 'only with "definition"' },
    ]);
  }
}

/** Routes: GET/POST /apps, GET/PATCH/DELETE /apps/{app}. */
export async function appCrudRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/apps',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'ListApps',
        summary: 'List API apps',
        description:
          'The API apps where you have a role, with your role and the status of the current definition (version, error and warning counts). Administrators see all.',
        tags: ['Apps'],
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: appSchema } } },
        },
      },
    },
    async (req) => {
      const { user } = requireUser(req);
      const apps: Array<ApiApp & { role?: string }> = user.admin
        ? (await listApps(app.store.db)).map((a) => ({ ...a, role: 'owner' }))
        : await listAppsOfUser(app.store.db, user.id);
      return { items: await appViews(app, app.store.db, apps) };
    },
  );

  app.post<{ Body: CreateBody }>(
    '/api/v1/apps',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'CreateApp',
        summary: 'Register an API app',
        description:
          'Registers an API app from a definition URL (fetched now, and again on refresh) or an uploaded definition text (JSON or YAML, any OpenAPI version). The first revision is made at once; you become the owner. The text may also be sent as multipart/form-data with the file in the `definition` part.',
        tags: ['Apps'],
        body: {
          type: 'object',
          required: ['name'],
          properties: {
            name: nameSchema,
            displayName: { type: 'string', maxLength: 200 },
            baseUrl: {
              ...urlSchema,
              description: 'Where the API itself answers; used as the host of exported connectors.',
            },
            definitionUrl: { ...urlSchema, description: 'URL of the OpenAPI document; Portico fetches it.' },
            definition: {
              type: 'string',
              minLength: 1,
              description: 'The OpenAPI document itself (JSON or YAML text).',
            },
            filename: { type: 'string', maxLength: 255, description: 'Name of the uploaded file, for messages.' },
            corsOrigins: corsOriginsSchema,
          },
        },
        response: { 201: appSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      checkSourceChoice(body);
      const created = await createApiApp(
        app,
        { user: requireUser(req).user, request: req },
        {
          ...body,
          ...(body.definition !== undefined ? { filename: body.filename ?? uploadedFilename(req) } : {}),
        },
      );
      req.scope.appRole = 'owner';
      return reply.code(201).send(await oneAppView(req, app.store.db, created));
    },
  );

  app.get<{ Params: { app: string } }>(
    '/api/v1/apps/:app',
    {
      config: { access: { app: 'reader' } },
      schema: {
        operationId: 'GetApp',
        summary: 'Get an API app',
        description: 'The app, your role on it, its hosted definition URLs and the status of the current revision.',
        tags: ['Apps'],
        params: appParams,
        response: { 200: appSchema },
      },
    },
    async (req) => oneAppView(req, app.store.db, scopedApp(req)),
  );

  app.patch<{ Params: { app: string }; Body: PatchBody }>(
    '/api/v1/apps/:app',
    {
      config: { access: { app: 'owner' } },
      schema: {
        operationId: 'UpdateApp',
        summary: 'Change an API app',
        description:
          'Changes the display name, base URL or CORS origins; a new definitionUrl is fetched at once (a new revision when the content differs). Owners only.',
        tags: ['Apps'],
        params: appParams,
        body: {
          type: 'object',
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            baseUrl: { anyOf: [urlSchema, { type: 'null' }] },
            definitionUrl: urlSchema,
            corsOrigins: { anyOf: [corsOriginsSchema, { type: 'null' }] },
          },
        },
        response: { 200: appSchema },
      },
    },
    async (req) => {
      const current = scopedApp(req);
      const body = req.body;
      const obtained =
        body.definitionUrl !== undefined ? await obtainFromUrl(app, body.definitionUrl, current) : undefined;
      const updated = await app.store.transaction(async (trx) => {
        let record =
          (await updateApp(trx, current.id, {
            ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
            ...(body.baseUrl !== undefined ? { baseUrl: body.baseUrl } : {}),
            ...(obtained ? { source: { kind: 'url' as const, url: body.definitionUrl as string } } : {}),
          })) ?? fail('app_not_found');
        if (body.corsOrigins !== undefined) await updateAppSettings(trx, record.id, { corsOrigins: body.corsOrigins });
        await recordAudit(trx, req, {
          action: 'app.update',
          resourceType: 'app',
          resourceId: record.id,
          summary: { name: record.name, changed: Object.keys(body) },
        });
        if (obtained) {
          await recordFetch(trx, record.id, {
            etag: obtained.etag ?? null,
            lastModified: obtained.lastModified ?? null,
          });
          await ingestRevision(trx, { user: requireUser(req).user, request: req }, record, obtained);
          record = (await getApp(trx, record.name)) ?? record;
        }
        return record;
      });
      return oneAppView(req, app.store.db, updated);
    },
  );

  app.delete<{ Params: { app: string } }>(
    '/api/v1/apps/:app',
    {
      config: { access: { app: 'owner' } },
      schema: {
        operationId: 'DeleteApp',
        summary: 'Delete an API app',
        description:
          'Deletes the app with its revisions and roles; its hosted definition goes away. Connectors exported from it stay. Owners only.',
        tags: ['Apps'],
        params: appParams,
        response: { 204: { type: 'null', description: 'Deleted.' } },
      },
    },
    async (req, reply) => {
      const record = scopedApp(req);
      await app.store.transaction(async (trx) => {
        if (!(await deleteApp(trx, record.id))) fail('app_not_found');
        await recordAudit(trx, req, {
          action: 'app.delete',
          resourceType: 'app',
          resourceId: record.id,
          summary: { name: record.name },
        });
      });
      return reply.code(204).send();
    },
  );
}
