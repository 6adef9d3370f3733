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

/** prom-client 15's state of one histogram series (label set), as `observe` keeps it. */
interface SeriesState {
  labels: Record<string, string | number>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

interface HistogramState {
  hashMap?: Record<string, SeriesState>;
  upperBounds?: readonly number[];
  enableExemplars?: boolean;
}

function sameLabels(a: Record<string, string | number>, b: Record<string, string | number>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => String(a[name]) === String(b[name]));
}

/**
 * Records the observations of one label set of a prom-client histogram with exactly the arithmetic of
 * `histogram.observe(labels, value)` — the value's bucket, the sum and the count, in call order, so /metrics is
 * the same — without hashing and validating the labels on every call. The series is created by `observe` itself
 * and found in the histogram once (again after a reset or removal); should prom-client keep its series some other
 * way, every call simply goes through `observe`.
 */
export function histogramSeries<L extends string>(
  histogram: Histogram<L>,
  labels: Record<L, string | number>,
): (value: number) => void {
  const state = histogram as unknown as HistogramState;
  const bounds = Array.isArray(state.upperBounds) ? state.upperBounds : [];
  // prom-client keys bucket counts by the bound as a property name; spelled once here, not per call.
  const bucketKeys = bounds.map(String);
  let fallback = !Array.isArray(state.upperBounds) || state.enableExemplars === true;
  let map: Record<string, SeriesState> | undefined;
  let key = '';
  let series: SeriesState | undefined;

  function bind(value: number): void {
    histogram.observe(labels, value);
    map = state.hashMap;
    series = undefined;
    if (map === undefined || typeof map !== 'object') return;
    for (const candidate in map) {
      const found = map[candidate];
      if (found && (found.labels === labels || sameLabels(found.labels, labels))) {
        key = candidate;
        series = found;
        break;
      }
    }
    if (!series || typeof series.sum !== 'number' || typeof series.bucketValues !== 'object') fallback = true;
  }

  return (value) => {
    if (fallback || !Number.isFinite(value)) {
      histogram.observe(labels, value);
      return;
    }
    if (series === undefined || state.hashMap !== map || map?.[key] !== series) {
      bind(value);
      return;
    }
    series.sum += value;
    series.count += 1;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        (series.bucketValues[bucketKeys[i] as string] as number) += 1;
        break;
      }
    }
  };
}

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Request counts not yet added to `httpRequests` (added whenever the registry is collected). */
  httpCounts: PendingCounts<'method' | 'route' | 'status'>;
  /** Counts and times one answered request by route pattern (never the raw URL), method and status. */
  recordRequest(route: string, method: string, status: number, seconds: number): void;
}

/** What is recorded per route pattern and method: the duration series, and the count keys by status. */
interface RouteSeries {
  duration: (seconds: number) => void;
  countKeys: Map<number, string>;
}

/** Creates the registry with process metrics and HTTP request metrics; features add their own to `registry`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portico_' });
  const httpCounts = new PendingCounts<'method' | 'route' | 'status'>();
  const httpDuration = new Histogram({
    name: 'portico_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // By route pattern, then method: a small fixed set, so the hot path builds no label objects or keys.
  const routes = new Map<string, Map<string, RouteSeries>>();
  function seriesOf(route: string, method: string): RouteSeries {
    let byMethod = routes.get(route);
    if (!byMethod) {
      byMethod = new Map();
      routes.set(route, byMethod);
    }
    let series = byMethod.get(method);
    if (!series) {
      series = { duration: histogramSeries(httpDuration, { method, route }), countKeys: new Map() };
      byMethod.set(method, series);
    }
    return series;
  }
  return {
    registry,
    httpCounts,
    httpDuration,
    recordRequest(route, method, status, seconds) {
      const series = seriesOf(route, method);
      let countKey = series.countKeys.get(status);
      if (countKey === undefined) {
        countKey = `${method} ${status} ${route}`;
        series.countKeys.set(status, countKey);
      }
      httpCounts.add(countKey, () => ({ method, route, status: String(status) }));
      series.duration(seconds);
    },
    httpRequests: new Counter({
      name: 'portico_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
      collect() {
        httpCounts.flushInto(this);
      },
    }),
  };
}

/** Counts and times every request by route pattern (never by raw URL, which could hold names or secrets). */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    // Callback style: no promise per request on this hot, synchronous hook.
    app.addHook('onResponse', (req, reply, done) => {
      try {
        app.metrics.recordRequest(
          req.routeOptions.url ?? 'unmatched',
          req.method,
          reply.statusCode,
          reply.elapsedTime / 1000,
        );
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
