/**
 * The servers `npm run bench:gateway` measures (bench/gateway/targets.ts) still answer what the load generator
 * sends: each starts in its own process, announces its request, answers it with the upstream's 1 KB of JSON, and
 * reports its CPU time. Nothing here is timed; the benchmark's figures are only worth reading when every target
 * does the same work, which is what this checks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Started, startTarget } from '../bench/gateway/start.ts';
import type { TargetSpec } from '../bench/gateway/targets.ts';

const started: Started[] = [];

/** Starts one target (unpinned) as the benchmark does, and stops it after the test. */
async function start(kind: string, upstreamUrl?: string): Promise<Started> {
  const target = await startTarget(kind, upstreamUrl);
  started.push(target);
  return target;
}

async function call(spec: TargetSpec): Promise<{ status: number; body: string }> {
  const res = await fetch(`${spec.url}${spec.path}`, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
  });
  return { status: res.status, body: await res.text() };
}

afterAll(() => {
  for (const target of started) target.child.kill('SIGTERM');
});

describe('bench:gateway targets', () => {
  it('every proxy target answers the announced request with the upstream 1 KB of JSON, and reports its CPU', async () => {
    const upstream = await start('upstream');
    const direct = await call(upstream.spec);
    expect(direct.status).toBe(200);
    expect(Buffer.byteLength(direct.body)).toBe(1024);
    // The upstream checks the API key: a target that dropped it would be measured on 401s.
    const keyless = await fetch(`${upstream.spec.url}${upstream.spec.path}`);
    expect(keyless.status).toBe(401);
    await keyless.text();

    const kinds = ['tuned', 'fastify-proxy', 'engine', 'fastify-engine', 'portico'];
    const targets = await Promise.all(kinds.map((kind) => start(kind, upstream.spec.url)));
    for (const [i, target] of targets.entries()) {
      const answer = await call(target.spec);
      expect({ kind: kinds[i], status: answer.status, bytes: Buffer.byteLength(answer.body) }).toEqual({
        kind: kinds[i],
        status: 200,
        bytes: 1024,
      });
      expect((JSON.parse(answer.body) as { id: number }).id).toBe(7);
      expect(await target.cpu()).toBeGreaterThan(0);
    }
    // The engine targets send Portico's own inputs, without its bearer token.
    const portico = targets[kinds.indexOf('portico')]!.spec;
    for (const kind of ['engine', 'fastify-engine']) {
      const spec = targets[kinds.indexOf(kind)]!.spec;
      expect(spec.body).toBe(portico.body);
      expect(spec.method).toBe(portico.method);
    }
  });
});
