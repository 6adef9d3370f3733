/** Pieces the app route files share: path parameter schemas, loading an app's view, reading a request's text. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { getRevisionsWithStats } from '../store/app-revisions.ts';
import { getAppSettings, getAppSettingsMany } from '../store/app-settings.ts';
import type { ApiApp } from '../store/apps.ts';
import type { Db } from '../store/store.ts';
import { appView } from './views.ts';

export const appParams = {
  type: 'object',
  required: ['app'],
  properties: { app: { type: 'string', description: 'API app name.' } },
} as const;

export const urlSchema = {
  type: 'string',
  pattern: '^https?://',
  maxLength: 2048,
  description: 'An absolute http:// or https:// URL.',
} as const;

export const corsOriginsSchema = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'string',
    pattern: '^(\\*|https?://[^/\\s]+)$',
    description: 'An origin like https://make.example.com, or *.',
  },
  description: 'Origins allowed to read the hosted definition; * = any (default: PORTICO_DEFINITION_CORS).',
} as const;

/** Views of apps with settings and current-revision counts, in two queries whatever the number of apps. */
export async function appViews(
  server: FastifyInstance,
  db: Db,
  apps: Array<ApiApp & { role?: string }>,
): Promise<Record<string, unknown>[]> {
  const settings = await getAppSettingsMany(
    db,
    apps.map((a) => a.id),
  );
  const revisions = await getRevisionsWithStats(
    db,
    apps.flatMap((a) => (a.currentRevisionId ? [a.currentRevisionId] : [])),
  );
  return apps.map((app) =>
    appView(server.config, app, {
      ...(app.role ? { role: app.role } : {}),
      settings: settings.get(app.id) ?? {
        corsOrigins: null,
        sourceEtag: null,
        sourceLastModified: null,
        fetchedAt: null,
        fetchError: null,
      },
      current: app.currentRevisionId ? revisions.get(app.currentRevisionId) : undefined,
    }),
  );
}

/** The view of one app as the request's caller sees it. */
export async function oneAppView(req: FastifyRequest, db: Db, app: ApiApp): Promise<Record<string, unknown>> {
  const [view] = await appViews(req.server, db, [
    { ...app, ...(req.scope.appRole ? { role: req.scope.appRole } : {}) },
  ]);
  return view ?? fail('app_not_found');
}

/** The app resolved by the access check of this route. */
export function scopedApp(req: FastifyRequest): ApiApp {
  return req.scope.app ?? fail('app_not_found');
}

export { getAppSettings };
