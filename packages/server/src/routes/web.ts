/**
 * The portal: serves the built single-page app (`packages/web/dist`) at `/`, with the SPA fallback to
 * index.html for the portal's own paths. API, hosted definitions, health, metrics and OAuth redirects keep
 * their own routes (or their 404). Without a build, `/` answers a short page saying how to build it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w @portico/web` writes the portal. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Fluent UI writes its styles at run time (inline <style>), hence 'unsafe-inline' for styles only. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portico</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem; max-width: 40rem">
<h1>Portico</h1>
<p>The server is running, but the portal has not been built yet. Build it with:</p>
<pre>npm run build -w @portico/web</pre>
<p>The management API is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>
`;

/** Paths the portal never answers: they belong to the API, hosting, health, metrics or OAuth routes. */
export function isReservedPath(urlPath: string): boolean {
  return (
    /^\/api(\/|$)/.test(urlPath) ||
    /^\/(healthz|metrics)(\/|$)/.test(urlPath) ||
    /^\/redirect(\/|$)/.test(urlPath) ||
    /^\/apim(\/|$)/.test(urlPath) ||
    /^\/apps\/[^/]+\/definition\.[^/]+$/.test(urlPath)
  );
}

async function fileAt(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!full.startsWith(root + path.sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  return info?.isFile() ? full : undefined;
}

async function sendFile(reply: FastifyReply, file: string, immutable: boolean) {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  reply.headers(SECURITY_HEADERS);
  reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return reply.type(type).send(await readFile(file));
}

/** Builds the route handler over a dist folder (tests pass their own). */
export function portalHandler(distDir: string) {
  const root = path.resolve(distDir);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (isReservedPath(req.url.split('?')[0] ?? '/')) return reply.callNotFound();
    // The path inside the portal (the wildcard), so the routes work under a prefix too.
    const urlPath = `/${(req.params as { '*'?: string })['*'] ?? ''}`;
    const index = await fileAt(root, 'index.html');
    if (!index) {
      reply.headers(SECURITY_HEADERS);
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT_PAGE);
    }
    const file = urlPath === '/' ? undefined : await fileAt(root, urlPath);
    if (file) return sendFile(reply, file, urlPath.startsWith('/assets/'));
    // A missing asset is a 404; any other path is a portal page, rendered by the app from index.html.
    if (/\.[a-z0-9]+$/i.test(urlPath)) return reply.callNotFound();
    return sendFile(reply, index, false);
  };
}

/** Routes: GET / and GET /* (the portal), hidden from the API's OpenAPI document. */
export async function webRoutes(app: FastifyInstance, options: { distDir?: string } = {}): Promise<void> {
  const handler = portalHandler(options.distDir ?? WEB_DIST);
  const route = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/', route, handler);
  app.get('/*', route, handler);
}
