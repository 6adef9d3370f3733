/** /healthz, /metrics and logs without secrets. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrlQuery } from '../src/logger.ts';
import { addUser, json, makeApp } from './helpers/app.ts';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe('health and metrics', () => {
  it('answers /healthz with the database dialect', async () => {
    const t = await makeApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({ status: 'ok', database: 'sqlite' });
    } finally {
      await t.close();
    }
  });

  it('answers /healthz with 503 when the database is gone', async () => {
    const t = await makeApp();
    await t.store.close();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(json<{ error: { code: string } }>(res).error.code).toBe('service_unavailable');
    await t.app.close();
  });

  it('exposes request counts by route pattern in Prometheus text format', async () => {
    const t = await makeApp();
    try {
      const u = await addUser(t.store);
      await t.app.inject({ method: 'GET', url: '/api/v1/environments/default', headers: u.auth });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain('# TYPE portico_http_requests_total counter');
      expect(res.body).toMatch(
        /portico_http_requests_total\{method="GET",route="\/api\/v1\/environments\/:env",status="200"\} 1/,
      );
      expect(res.body).toContain('portico_process_cpu_user_seconds_total');
    } finally {
      await t.close();
    }
  });
});

describe('logs', () => {
  it('never contain planted passwords, tokens, cookies or API keys', async () => {
    const { stream, lines } = capture();
    const t = await makeApp({ logger: createLogger('trace', stream) });
    try {
      const planted = { password: 'Planted-Password-42', apiKey: 'planted-api-key-77' };
      const u = await addUser(t.store, { password: planted.password });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: u.user.email, password: planted.password },
      });
      const sessionId = login.cookies.find((c) => c.name === 'portico_session')!.value;
      const { csrfToken } = json<{ csrfToken: string }>(login);
      const created = json<{ token: string }>(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: `portico_session=${sessionId}`, 'x-csrf-token': csrfToken },
          payload: { name: 'x' },
        }),
      );
      await t.app.inject({ method: 'GET', url: `/api/v1/me?api_key=${planted.apiKey}`, headers: u.auth });
      await t.app.inject({ method: 'GET', url: '/api/v1/nowhere?access_token=planted-query-token' });
      t.app.log.info(
        { body: { password: planted.password, nested: { clientSecret: 'planted-client-secret' } } },
        'object with secrets',
      );
      t.app.log.info({ authorization: `Bearer ${u.token}`, apiKey: planted.apiKey }, 'top-level secrets');

      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(8);
      expect(text).toContain('[Redacted]');
      for (const secret of [
        planted.password,
        planted.apiKey,
        sessionId,
        csrfToken,
        created.token,
        u.token,
        'planted-client-secret',
        'planted-query-token',
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });

  it('masks secret-looking query parameters and keeps the others', () => {
    expect(redactUrlQuery('/x?api_key=1&page=2&token=3')).toBe('/x?api_key=%5BRedacted%5D&page=2&token=%5BRedacted%5D');
    expect(redactUrlQuery('/x')).toBe('/x');
  });
});
