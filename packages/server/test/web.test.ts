/** The portal route: built files, SPA fallback, reserved paths left to the API, and the page shown without a build. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReservedPath, webRoutes } from '../src/routes/web.ts';
import { makeApp, type TestApp } from './helpers/app.ts';

let dir: string;
let built: TestApp;
let unbuilt: TestApp;

function withDist(distDir: string) {
  return async (app: FastifyInstance) => {
    await app.register(async (scope) => webRoutes(scope, { distDir }), { prefix: '/portal-test' });
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portico-web-'));
  await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>Portico</title><div id="root"></div>');
  await writeFile(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log("portal")');
  await writeFile(path.join(dir, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the dist folder');
  built = await makeApp({ extraFeatures: [withDist(path.join(dir, 'dist'))] });
  unbuilt = await makeApp({ extraFeatures: [withDist(path.join(dir, 'missing'))] });
});

afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('portal route', () => {
  it('serves index.html at the root with a content security policy', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/portal-test/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable with their content type', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/portal-test/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body).toBe('console.log("portal")');
  });

  it('answers portal paths with index.html so the app can route them', async () => {
    for (const url of [
      '/portal-test/apps/inventory',
      '/portal-test/connectors/new',
      '/portal-test/signin?next=/apps',
    ]) {
      const res = await built.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
    }
  });

  it('answers a missing asset with 404 instead of the page', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/portal-test/assets/gone-123.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<div id="root">');
  });

  it('never serves files outside the dist folder', async () => {
    for (const url of [
      '/portal-test/../secret.txt',
      '/portal-test/%2e%2e/secret.txt',
      '/portal-test/..%2fsecret.txt',
    ]) {
      const res = await built.app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside the dist folder');
    }
  });

  it('says how to build the portal when there is no build', async () => {
    const res = await unbuilt.app.inject({ method: 'GET', url: '/portal-test/apps' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build -w @portico/web');
  });

  it('leaves API, hosted definitions, health, metrics and OAuth redirects to their own routes', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('route_not_found');
    const health = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(JSON.parse(health.body).status).toBe('ok');
    expect(isReservedPath('/api/v1/apps')).toBe(true);
    expect(isReservedPath('/apps/inventory/definition.json')).toBe(true);
    expect(isReservedPath('/apps/inventory/definition.yaml')).toBe(true);
    expect(isReservedPath('/redirect')).toBe(true);
    expect(isReservedPath('/redirect/inventory')).toBe(true);
    expect(isReservedPath('/metrics')).toBe(true);
    expect(isReservedPath('/apps/inventory')).toBe(false);
    expect(isReservedPath('/connectors/new')).toBe(false);
  });

  it('is registered at / by the server and keeps unknown API paths as JSON 404s', async () => {
    const page = await built.app.inject({ method: 'GET', url: '/connections' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await built.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/json');
  });
});
