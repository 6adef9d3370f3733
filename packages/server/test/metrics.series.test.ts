/** Histogram series recorded without label hashing: /metrics must read exactly as with prom-client's own observe. */
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { startDemoApi } from '../src/demo/index.ts';
import { histogramSeries } from '../src/metrics.ts';
import { addUser, makeApp } from './helpers/app.ts';
import { createConnection, createDemoConnector, invoke } from './helpers/invoke.ts';

const BUCKETS = [0.001, 0.005, 0.01, 0.1, 1];

function histogramOn(): { registry: Registry; histogram: Histogram<'route' | 'method'> } {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'test_duration_seconds',
    help: 'Durations.',
    labelNames: ['route', 'method'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return { registry, histogram };
}

// Values below, on and between the bounds, past the last one, and sums whose rounding depends on their order.
const VALUES = [0.0004, 0.001, 0.0031, 0.005, 0.1, 0.30000000000000004, 0.1, 0.2, 7.5, 1, 0.7, 1e-9, 2.5];

describe('histogram series', () => {
  it('reads exactly as prom-client observe, value for value, sums included', async () => {
    const ours = histogramOn();
    const theirs = histogramOn();
    const a = histogramSeries(ours.histogram, { route: '/a', method: 'GET' });
    const b = histogramSeries(ours.histogram, { route: '/b', method: 'POST' });
    for (const [i, value] of VALUES.entries()) {
      (i % 3 === 0 ? b : a)(value);
      theirs.histogram.observe(i % 3 === 0 ? { route: '/b', method: 'POST' } : { route: '/a', method: 'GET' }, value);
    }
    const text = await ours.registry.metrics();
    expect(text).toBe(await theirs.registry.metrics());
    expect(text).toMatch(/test_duration_seconds_count\{route="\/a",method="GET"\} 8\n/);
    expect(text).toMatch(/test_duration_seconds_bucket\{le="\+Inf",route="\/b",method="POST"\} 5\n/);
  });

  it('adds to a series that observe created first, and shares it with later observe calls', async () => {
    const ours = histogramOn();
    const theirs = histogramOn();
    for (const h of [ours.histogram, theirs.histogram]) h.observe({ method: 'GET', route: '/a' }, 0.002);
    const series = histogramSeries(ours.histogram, { route: '/a', method: 'GET' });
    for (const value of VALUES) {
      series(value);
      theirs.histogram.observe({ route: '/a', method: 'GET' }, value);
    }
    for (const h of [ours.histogram, theirs.histogram]) h.observe({ route: '/a', method: 'GET' }, 0.05);
    expect(await ours.registry.metrics()).toBe(await theirs.registry.metrics());
  });

  it('starts a new series after the histogram is reset or the series removed', async () => {
    const { registry, histogram } = histogramOn();
    const series = histogramSeries(histogram, { route: '/a', method: 'GET' });
    series(0.002);
    series(0.003);
    histogram.reset();
    series(0.5);
    expect(await registry.metrics()).toMatch(/test_duration_seconds_count\{route="\/a",method="GET"\} 1\n/);
    histogram.remove({ route: '/a', method: 'GET' });
    series(0.02);
    series(0.03);
    const text = await registry.metrics();
    expect(text).toMatch(/test_duration_seconds_count\{route="\/a",method="GET"\} 2\n/);
    expect(text).toMatch(/test_duration_seconds_sum\{route="\/a",method="GET"\} 0\.05\n/);
  });

  it('refuses a value that is not a finite number, as observe does', () => {
    const { histogram } = histogramOn();
    const series = histogramSeries(histogram, { route: '/a', method: 'GET' });
    series(0.1);
    expect(() => series(Number.NaN)).toThrow(/Value is not a valid number/);
    expect(() => series(Number.POSITIVE_INFINITY)).toThrow(/Value is not a valid number/);
  });
});

describe('request and gateway histograms on /metrics', () => {
  it('count every invoke call and every request exactly, between two reads of /metrics', async () => {
    const demo = await startDemoApi({ apiKey: 'series-key-1' });
    const t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
    try {
      const u = await addUser(t.store);
      await createDemoConnector(t.app, u.auth, 'inventory');
      const id = await createConnection(t.app, u.auth, 'inventory', { base_url: demo.url, api_key: 'series-key-1' });
      const count = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 'NaN');
      const gatewayCount =
        /portico_gateway_request_duration_seconds_count\{connector="inventory",operation="ListItems"\} (\d+)/;
      const gatewayCalls =
        /portico_gateway_requests_total\{connector="inventory",operation="ListItems",status="200"\} (\d+)/;
      const routeCount =
        /portico_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/connections\/:id\/operations\/:operationId"\} (\d+)/;
      for (let i = 0; i < 3; i++) await invoke(t.app, u.auth, id, 'ListItems', {});
      const first = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(count(first, gatewayCount)).toBe(3);
      expect(count(first, gatewayCalls)).toBe(3);
      expect(count(first, routeCount)).toBe(3);
      for (let i = 0; i < 4; i++) await invoke(t.app, u.auth, id, 'ListItems', {});
      const second = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(count(second, gatewayCount)).toBe(7);
      expect(count(second, gatewayCalls)).toBe(7);
      expect(count(second, routeCount)).toBe(7);
      // Every observation lands in one bucket: the +Inf bucket equals the count.
      expect(second).toMatch(
        /portico_gateway_request_duration_seconds_bucket\{le="\+Inf",connector="inventory",operation="ListItems"\} 7\n/,
      );
      expect(count(second, /portico_http_request_duration_seconds_count\{method="GET",route="\/metrics"\} (\d+)/)).toBe(
        1,
      );
    } finally {
      await t.close();
      await demo.close();
    }
  });
});
