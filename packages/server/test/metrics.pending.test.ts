/** Request and gateway call counts summed in memory and added to the Prometheus counters on every read. */
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PendingCounts } from '../src/metrics.ts';
import { addUser, makeApp } from './helpers/app.ts';

function counterWith(pending: PendingCounts<'route'>): { registry: Registry; counter: Counter<'route'> } {
  const registry = new Registry();
  const counter = new Counter({
    name: 'test_calls_total',
    help: 'Calls by route.',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      pending.flushInto(this);
    },
  });
  return { registry, counter };
}

describe('pending counts', () => {
  it('adds counts to the counter when the registry is read, once per count', async () => {
    const pending = new PendingCounts<'route'>();
    const { registry } = counterWith(pending);
    for (let i = 0; i < 3; i++) pending.add('a', () => ({ route: '/a' }));
    pending.add('b', () => ({ route: '/b' }));
    expect(await registry.metrics()).toMatch(/test_calls_total\{route="\/a"\} 3\n/);
    expect(await registry.metrics()).toMatch(/test_calls_total\{route="\/b"\} 1\n/);
    pending.add('a', () => ({ route: '/a' }));
    const text = await registry.metrics();
    expect(text).toMatch(/test_calls_total\{route="\/a"\} 4\n/);
    expect(text).toMatch(/test_calls_total\{route="\/b"\} 1\n/);
  });

  it('counts every request of the app between two reads of /metrics', async () => {
    const t = await makeApp();
    try {
      const u = await addUser(t.store);
      const series =
        /portico_http_requests_total\{method="GET",route="\/api\/v1\/environments\/:env",status="200"\} (\d+)/;
      await t.app.inject({ method: 'GET', url: '/api/v1/environments/default', headers: u.auth });
      const first = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(series.exec(first.body)?.[1]).toBe('1');
      for (let i = 0; i < 2; i++)
        await t.app.inject({ method: 'GET', url: '/api/v1/environments/default', headers: u.auth });
      const second = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(series.exec(second.body)?.[1]).toBe('3');
      expect(second.body).toMatch(/portico_http_requests_total\{method="GET",route="\/metrics",status="200"\} 1\n/);
    } finally {
      await t.close();
    }
  });
});
