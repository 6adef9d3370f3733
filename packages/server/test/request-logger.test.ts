/** The gateway routes' per-request child logger writes exactly what pino's own child would. */
import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { requestChildLogger } from '../src/plugins/request-logger.ts';

function capture(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
        lines.push(rest);
      }
      done();
    },
  });
  return { stream, lines };
}

const factory = requestChildLogger as unknown as (
  logger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: Record<string, unknown>,
) => FastifyBaseLogger;

describe('request child logger', () => {
  it('binds the request id and redacts secrets like a pino child', () => {
    const ours = capture();
    const pinos = capture();
    const a = factory(createLogger('info', ours.stream) as FastifyBaseLogger, { reqId: 'req-"7\\' }, {});
    const b = createLogger('info', pinos.stream).child({ reqId: 'req-"7\\' });
    for (const logger of [a, b]) {
      logger.info({ call: { authorization: 'Bearer pat_secret' }, token: 'tok', n: 1 }, 'incoming');
      logger.child({ op: 'x' }).warn({ nested: { password: 'pw' } }, 'nested');
    }
    expect(ours.lines).toEqual(pinos.lines);
    expect(ours.lines[0]).toMatchObject({ reqId: 'req-"7\\', token: '[Redacted]', n: 1, msg: 'incoming' });
    expect(JSON.stringify(ours.lines)).not.toMatch(/pat_secret|"tok"|"pw"/);
    expect((a as unknown as { bindings(): object }).bindings()).toEqual({ reqId: 'req-"7\\' });
  });

  it('gives each request its own id, and follows bindings the server logger gets later', () => {
    const ours = capture();
    const pinos = capture();
    const root = createLogger('info', ours.stream);
    const reference = createLogger('info', pinos.stream);
    for (const [logger, make] of [
      [root, (id: string) => factory(root as FastifyBaseLogger, { reqId: id }, {})],
      [reference, (id: string) => reference.child({ reqId: id })],
    ] as const) {
      const first = make('req-1');
      const second = make('req-2');
      first.info('one');
      second.info('two');
      logger.setBindings({ node: 'a' });
      make('req-3').info('three');
      first.info('again');
    }
    expect(ours.lines).toEqual(pinos.lines);
    expect(ours.lines.map((line) => [line.reqId, line.node, line.msg])).toEqual([
      ['req-1', undefined, 'one'],
      ['req-2', undefined, 'two'],
      ['req-3', 'a', 'three'],
      ['req-1', undefined, 'again'],
    ]);
  });

  it('leaves secret-named bindings and per-route options to pino', () => {
    const ours = capture();
    const pinos = capture();
    const a = factory(createLogger('info', ours.stream) as FastifyBaseLogger, { token: 'abc' }, {});
    const b = factory(createLogger('info', pinos.stream) as FastifyBaseLogger, { reqId: 'r1' }, { level: 'warn' });
    a.info('one');
    b.info('hidden');
    b.warn('shown');
    expect(ours.lines).toEqual([expect.objectContaining({ token: '[Redacted]', msg: 'one' })]);
    expect(pinos.lines).toEqual([expect.objectContaining({ reqId: 'r1', msg: 'shown' })]);
  });
});
