/** Prometheus metrics: one registry per app instance (several can live in one process, as in tests). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Counter increments summed in a plain map by label set and handed to prom-client when the registry is
 * collected (every `/metrics` read, `registry.metrics()` or `counter.get()` runs the counter's `collect`), so the
 * hot path skips prom-client's per-call label hashing and validation. Holds one entry per label set, like
 * prom-client itself.
 */
export class PendingCounts<L extends string> {
  private readonly pending = new Map<string, { labels: Record<L, string>; n: number }>();

  /** Counts one for the label set `key` names; `labels` builds that set the first time the key is seen. */
  add(key: string, labels: () => Record<L, string>): void {
    const entry = this.pending.get(key);
    if (entry) entry.n++;
    else this.pending.set(key, { labels: labels(), n: 1 });
  }

  /** Adds what was counted since the last flush to `counter` (call it from the counter's `collect`). */
  flushInto(counter: Counter<L>): void {
    for (const entry of this.pending.values()) {
      if (entry.n === 0) continue;
      counter.inc(entry.labels, entry.n);
      entry.n = 0;
    }
  }
}

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Request counts not yet added to `httpRequests` (added whenever the registry is collected). */
  httpCounts: PendingCounts<'method' | 'route' | 'status'>;
}

/** Creates the registry with process metrics and HTTP request metrics; features add their own to `registry`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portico_' });
  const httpCounts = new PendingCounts<'method' | 'route' | 'status'>();
  return {
    registry,
    httpCounts,
    httpRequests: new Counter({
      name: 'portico_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
      collect() {
        httpCounts.flushInto(this);
      },
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
    // Callback style: no promise per request on this hot, synchronous hook.
    app.addHook('onResponse', (req, reply, done) => {
      try {
        const route = req.routeOptions.url ?? 'unmatched';
        const { method } = req;
        const status = reply.statusCode;
        app.metrics.httpCounts.add(`${method} ${status} ${route}`, () => ({ method, route, status: String(status) }));
        app.metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    });
    app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) =>
      reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()),
    );
  },
  { name: 'portico-metrics' },
);
