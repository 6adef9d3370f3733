/** Gateway metrics on the app's Prometheus registry: latency, status counts, errors, throttles and token refreshes. */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayResult } from '../gateway/index.ts';
import { histogramSeries, PendingCounts } from '../metrics.ts';

export interface GatewayMetrics {
  /** The gateway's `onResult` hook. */
  record(result: GatewayResult): void;
  /** Counts an OAuth token refresh triggered by an upstream 401 (`ok` or `failed`). */
  refresh(connector: string, outcome: 'ok' | 'failed'): void;
}

/** Registers the gateway metrics on `registry` (labels are connector and operation names, never ids or values). */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const duration = new Histogram({
    name: 'portico_gateway_request_duration_seconds',
    help: 'Duration of gateway calls (Portico and upstream) by connector and operation.',
    labelNames: ['connector', 'operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [registry],
  });
  // Call counts are summed in memory and added to the counter whenever the registry is read.
  const callCounts = new PendingCounts<'connector' | 'operation' | 'status'>();
  new Counter({
    name: 'portico_gateway_requests_total',
    help: 'Gateway calls by connector, operation and answered HTTP status.',
    labelNames: ['connector', 'operation', 'status'],
    registers: [registry],
    collect() {
      callCounts.flushInto(this);
    },
  });
  const errors = new Counter({
    name: 'portico_gateway_errors_total',
    help: 'Calls the gateway answered itself, by connector, operation and error code.',
    labelNames: ['connector', 'operation', 'code'],
    registers: [registry],
  });
  const throttles = new Counter({
    name: 'portico_gateway_throttled_total',
    help: 'Calls refused by the per-connection rate limit, by connector and operation.',
    labelNames: ['connector', 'operation'],
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'portico_gateway_token_refreshes_total',
    help: 'OAuth access token refreshes after an upstream 401, by connector and outcome.',
    labelNames: ['connector', 'outcome'],
    registers: [registry],
  });
  // Label children per connector and operation, so the hot path does not hash label sets on every call.
  interface Children {
    duration: (seconds: number) => void;
    throttles: { inc(): void };
    /** Keys of `callCounts` by status. */
    calls: Map<number, string>;
  }
  // By connector, then operation: no key is built per call.
  const children = new Map<string, Map<string, Children>>();
  function childrenOf(connector: string, operation: string): Children {
    let byOperation = children.get(connector);
    if (!byOperation) {
      byOperation = new Map();
      children.set(connector, byOperation);
    }
    let found = byOperation.get(operation);
    if (!found) {
      const labels = { connector, operation };
      found = { duration: histogramSeries(duration, labels), throttles: throttles.labels(labels), calls: new Map() };
      byOperation.set(operation, found);
    }
    return found;
  }
  return {
    record(result) {
      const operation = result.operationId || '(none)';
      const child = childrenOf(result.connector, operation);
      child.duration(result.durationMs / 1000);
      let key = child.calls.get(result.status);
      if (key === undefined) {
        key = `${result.connector}\u0000${operation}\u0000${result.status}`;
        child.calls.set(result.status, key);
      }
      const { connector, status } = result;
      callCounts.add(key, () => ({ connector, operation, status: String(status) }));
      if (result.errorCode !== undefined)
        errors.inc({ connector: result.connector, operation, code: result.errorCode });
      if (result.throttled) child.throttles.inc();
    },
    refresh(connector, outcome) {
      refreshes.inc({ connector, outcome });
    },
  };
}
