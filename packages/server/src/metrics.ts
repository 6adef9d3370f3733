/** Prometheus metrics: one registry per app instance (several can live in one process, as in tests). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
}

/** Creates the registry with process metrics and HTTP request metrics; features add their own to `registry`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portico_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'portico_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'portico_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** Counts and times every request by route pattern (never by raw URL, which could hold names or secrets). */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      app.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
      app.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) =>
      reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()),
    );
  },
  { name: 'portico-metrics' },
);
