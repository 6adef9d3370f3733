/**
 * The refresh scheduler: every tick it gives each URL-sourced API app a schedule (default hourly), claims the
 * due ones by compare-and-swap on `next_check_at` (so with several server processes each app is fetched by
 * one of them), and checks them one after another. Time and timers are injected; tests call `tick()` with a
 * fake clock, and the real server runs it on a timer that does not keep the process alive.
 */
import type { FastifyInstance } from 'fastify';
import { getAppById } from '../store/apps.ts';
import type { Clock, Timer } from './clock.ts';
import { type CheckOutcome, checkApp, systemActorOf } from './detection.ts';
import { appsWithoutSchedule, claimSchedule, DEFAULT_INTERVAL_SECONDS, dueSchedules, ensureSchedule } from './store.ts';

export interface SchedulerOptions {
  clock: Clock;
  timer: Timer;
  /** Time between two ticks (default one minute). */
  tickMs?: number;
  /** Most apps checked per tick (default 10); the rest wait for the next tick. */
  batch?: number;
}

export interface TickReport {
  /** Apps this node claimed and checked. */
  checked: CheckOutcome[];
  /** Due apps another node claimed first. */
  skipped: string[];
  /** Apps whose check failed unexpectedly (logged). */
  failed: string[];
}

export interface ChangeScheduler {
  /** Runs one round now: schedule new apps, claim and check the due ones. */
  tick(): Promise<TickReport>;
  /** Starts ticking every `tickMs` on the timer. */
  start(): void;
  /** Stops ticking and waits for a running tick to finish. */
  stop(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Creates a scheduler over the server's store; nothing runs until `start()` or `tick()`. */
export function createChangeScheduler(server: FastifyInstance, options: SchedulerOptions): ChangeScheduler {
  const tickMs = options.tickMs ?? 60_000;
  const batch = options.batch ?? 10;
  let handle: unknown;
  let running: Promise<TickReport> | undefined;
  let stopped = true;

  async function tick(): Promise<TickReport> {
    const db = server.store.db;
    const now = options.clock.now().getTime();
    // A new app is first checked one interval after it was registered (its first fetch just happened).
    for (const appId of await appsWithoutSchedule(db)) {
      await ensureSchedule(db, appId, iso(now + DEFAULT_INTERVAL_SECONDS * 1000));
    }
    const report: TickReport = { checked: [], skipped: [], failed: [] };
    for (const schedule of await dueSchedules(db, iso(now), batch)) {
      const next = iso(now + schedule.intervalSeconds * 1000);
      if (!(await claimSchedule(db, schedule.appId, schedule.nextCheckAt, next))) {
        report.skipped.push(schedule.appId);
        continue;
      }
      const app = await getAppById(db, schedule.appId);
      if (!app) continue;
      const user = await systemActorOf(server, app);
      if (!user) {
        server.log.warn({ app: app.name }, 'scheduled refresh skipped: the app has no active owner to act as');
        continue;
      }
      try {
        report.checked.push(await checkApp(server, app, { user }, options.clock));
      } catch (error) {
        // One app's failure (a bug, the database) does not stop the others; it is logged and reported.
        server.log.error({ err: error, app: app.name }, 'scheduled check failed');
        report.failed.push(app.id);
      }
    }
    return report;
  }

  function schedule(): void {
    if (stopped) return;
    handle = options.timer.set(() => {
      running = tick()
        .catch((error) => {
          server.log.error({ err: error }, 'the change scheduler tick failed');
          return { checked: [], skipped: [], failed: [] };
        })
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, tickMs);
  }

  return {
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (handle !== undefined) options.timer.clear(handle);
      handle = undefined;
      if (running) await running;
    },
  };
}
