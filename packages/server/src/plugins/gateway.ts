/**
 * The gateway runtime as shared infrastructure: one per app (one per server process), decorated as
 * `app.gateway`, closed with the app. After every successful change request of this process (any non-GET
 * outside the gateway routes) it bumps the runtime cache's generation, so this process sees its own changes
 * on the next call; other processes' changes are seen within the cache's trust period (see invoke/cache.ts).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createGatewayRuntime, type GatewayRuntime } from '../invoke/runtime.ts';
import { oauthTokensOf } from '../oauth/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The runtime gateway with its cache, usage recorder, metrics and OAuth token hook. */
    gateway: GatewayRuntime;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const GATEWAY_ROUTE = /^\/api\/v1\/connections\/[^/]+\/operations\//;
// Answers by route pattern (a fixed, small set), so the hot path does not run the regular expression per call.
const gatewayRoutes = new Map<string, boolean>();

/** True for the gateway's own routes, whose calls change nothing the cache holds. */
function isGatewayRoute(url: string | undefined): boolean {
  if (url === undefined) return false;
  let known = gatewayRoutes.get(url);
  if (known === undefined) {
    known = url.startsWith('/apim/') || GATEWAY_ROUTE.test(url);
    gatewayRoutes.set(url, known);
  }
  return known;
}

export const gatewayPlugin = fp(
  async (app: FastifyInstance) => {
    const runtime = createGatewayRuntime({
      config: app.config,
      store: app.store,
      keyring: app.keyring,
      registry: app.metrics.registry,
      log: app.log,
    });
    // OAuth connections get their tokens from the process's one token manager (shared with the OAuth routes).
    runtime.tokens = oauthTokensOf(app);
    app.decorate('gateway', runtime);
    // Callback style: no promise per request on this hot, synchronous hook.
    app.addHook('onSend', (req, reply, payload, done) => {
      if (!READS.has(req.method) && reply.statusCode < 400 && !isGatewayRoute(req.routeOptions.url))
        runtime.cache.bump();
      done(null, payload);
    });
    app.addHook('onClose', async () => {
      await runtime.close();
    });
  },
  { name: 'portico-gateway', dependencies: ['portico-errors', 'portico-metrics'] },
);
