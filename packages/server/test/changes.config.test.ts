/**
 * PORTICO_CHANGE_CHECKS: on (the default, a tick a minute), off (no scheduler in this process; checks on
 * demand still work), or the tick as an interval; a bad value names the setting and the accepted forms.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Timer } from '../src/changes/clock.ts';
import { readConfig, testConfig } from '../src/config.ts';
import { buildChangeRoutes } from '../src/routes/changes.ts';
import { fakeClock } from './helpers/changes.ts';

const read = (value: string | undefined) => readConfig({ env: { PORTICO_CHANGE_CHECKS: value }, cwd: '/tmp' });

/** A timer that records the delays asked of it and never fires. */
function recordingTimer(): Timer & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    set(_callback, ms) {
      delays.push(ms);
      return delays.length;
    },
    clear() {},
  };
}

async function schedulerDelays(changeChecks: ReturnType<typeof testConfig>['changeChecks']): Promise<number[]> {
  const timer = recordingTimer();
  const app = Fastify();
  app.decorate('config', testConfig({ changeChecks }));
  await app.register(buildChangeRoutes({ clock: fakeClock(), timer }));
  await app.ready();
  await app.close();
  return timer.delays;
}

describe('PORTICO_CHANGE_CHECKS', () => {
  it('defaults to on with a tick a minute, and reads on, off and intervals', () => {
    expect(read(undefined)).toMatchObject({ ok: true, config: { changeChecks: { enabled: true, tickSeconds: 60 } } });
    expect(read('off')).toMatchObject({ ok: true, config: { changeChecks: { enabled: false } } });
    expect(read('ON')).toMatchObject({ ok: true, config: { changeChecks: { enabled: true, tickSeconds: 60 } } });
    expect(read('30s')).toMatchObject({ config: { changeChecks: { enabled: true, tickSeconds: 30 } } });
    expect(read('5m')).toMatchObject({ config: { changeChecks: { enabled: true, tickSeconds: 300 } } });
    expect(read('90')).toMatchObject({ config: { changeChecks: { enabled: true, tickSeconds: 90 } } });
  });

  it('refuses a bad value, naming the setting and the accepted forms', () => {
    for (const bad of ['sometimes', '1s', '2d', '-5m']) {
      const result = read(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problems[0]?.setting).toBe('PORTICO_CHANGE_CHECKS');
        expect(result.problems[0]?.message).toMatch(/on, off or a tick interval/);
      }
    }
  });

  it('starts the scheduler with the configured tick, and not at all when off', async () => {
    expect(await schedulerDelays({ enabled: true, tickSeconds: 60 })).toEqual([60_000]);
    expect(await schedulerDelays({ enabled: true, tickSeconds: 15 })).toEqual([15_000]);
    expect(await schedulerDelays({ enabled: false })).toEqual([]);
  });
});
