/**
 * Hosting: the current definition of every app at a stable public URL, `/apps/{app}/definition.json` and
 * `.yaml` (the document as registered, with its `$ref`s bundled), with an ETag, 304 answers and CORS for the
 * app's allowed origins (default: PORTICO_DEFINITION_CORS, `*`), like App Service's "API definition".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { getAppSettings } from '../store/app-settings.ts';
import { getApp } from '../store/apps.ts';
import { currentRevision, hostedText } from './documents.ts';

type Format = 'json' | 'yaml';

const MEDIA: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
};

/** True when `If-None-Match` names the entity tag (or is `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/** Sets the CORS headers for the request's Origin when the app allows it. */
function applyCors(req: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): void {
  const origin = req.headers.origin;
  reply.header('vary', 'Origin');
  if (allowed.includes('*')) reply.header('access-control-allow-origin', '*');
  else if (origin && allowed.includes(origin)) reply.header('access-control-allow-origin', origin);
  else return;
  reply.header('access-control-expose-headers', 'ETag');
}

async function allowedOrigins(server: FastifyInstance, appId: string): Promise<string[]> {
  return (await getAppSettings(server.store.db, appId)).corsOrigins ?? server.config.definitionCorsOrigins;
}

const params = {
  type: 'object',
  required: ['app'],
  properties: { app: { type: 'string', description: 'API app name.' } },
} as const;

/** Routes: GET (and HEAD, OPTIONS) /apps/{app}/definition.json and /apps/{app}/definition.yaml. */
export async function hostingRoutes(app: FastifyInstance): Promise<void> {
  for (const format of ['json', 'yaml'] as const) {
    const url = `/apps/:app/definition.${format}`;
    app.get<{ Params: { app: string } }>(
      url,
      {
        config: { access: 'public' },
        schema: { hide: true, params },
      },
      async (req, reply) => {
        const record =
          (await getApp(app.store.db, req.params.app)) ??
          fail('app_not_found', `There is no API app "${req.params.app}".`);
        applyCors(req, reply, await allowedOrigins(app, record.id));
        const entry = await currentRevision(app, record);
        const etag = `"${entry.revision.contentHash.replace(/^sha256:/, '').slice(0, 32)}-${format}"`;
        reply.header('etag', etag);
        reply.header('cache-control', 'public, max-age=0, must-revalidate');
        reply.header('last-modified', new Date(entry.revision.createdAt).toUTCString());
        reply.header('x-portico-revision', String(entry.revision.number));
        if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
        return reply.type(MEDIA[format]).send(await hostedText(app, record, entry, format));
      },
    );
    app.options<{ Params: { app: string } }>(
      url,
      { config: { access: 'public' }, schema: { hide: true, params } },
      async (req, reply) => {
        const record =
          (await getApp(app.store.db, req.params.app)) ??
          fail('app_not_found', `There is no API app "${req.params.app}".`);
        applyCors(req, reply, await allowedOrigins(app, record.id));
        reply.header('access-control-allow-methods', 'GET, HEAD, OPTIONS');
        reply.header('access-control-allow-headers', 'If-None-Match, If-Modified-Since');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      },
    );
  }
}
