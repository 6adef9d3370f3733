/**
 * `npm run bench:gateway`: throughput and latency of Portico's invoke endpoint next to the practical limits of a
 * Node proxy, measured with autocannon in this process against servers that each run in their own process:
 * a local upstream answering 1 KB of JSON; direct; a tuned minimal proxy; @fastify/http-proxy; Portico.
 *
 *   npm run bench:gateway -- [--duration S] [--warmup S] [--connections N] [--rate R] [--slices K] [--only a,b]
 *                            [--pin on|off] [--launches L]
 *
 * Two measurements per target: saturated (as many requests as it takes, for req/s) and at a fixed rate of
 * `--rate` requests per second (for the latency a caller sees when the server is not overloaded). Both are cut
 * into `--slices` rounds: the saturated rounds visit every target in turn (so the ratios compare targets under
 * the same load of the machine), and each fixed-rate slice of a target follows a slice straight to the upstream.
 * The saturated rounds are run again on `--launches` fresh sets of processes (a process can be a few per cent off
 * the next one of the same code for its whole life); the fixed-rate phase uses the last launch's.
 * Fixed-rate load is paced evenly by this script (autocannon's rate mode sends each second's quota in one burst);
 * its latencies are every response's own time, the first fifth of a slice (connections opening) left out.
 *
 * On Linux with `taskset` and two CPUs or more, the saturated rounds run the load generator and the upstream on
 * CPU 0 and the target under test on CPU 1 (`--pin off` leaves placement to the scheduler): a proxy that shares a
 * core with the upstream or the load generator in one run and not in the next measured up to 40% apart between
 * runs. The fixed-rate phase runs unpinned: there a pinned process cannot move away from a core that the VM's
 * host has taken away for a moment, and such stalls, not the servers, set the p99.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { type Started, startTarget } from './gateway/start.ts';
import { median, percentile, table } from './stats.ts';

interface Args {
  duration: number;
  warmup: number;
  connections: number;
  rate: number;
  slices: number;
  only?: string[];
  pin: boolean;
  /** Fresh processes of every target for each launch's saturated rounds (one process can be a few % off). */
  launches: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { duration: 8, warmup: 2, connections: 50, rate: 1000, slices: 4, pin: true, launches: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    const n = Number(value);
    if (flag === '--only') args.only = value.split(',');
    else if (flag === '--pin') {
      if (value !== 'on' && value !== 'off') throw new Error(`--pin takes on or off, not "${value}".`);
      args.pin = value === 'on';
    } else if (
      flag === '--duration' ||
      flag === '--warmup' ||
      flag === '--connections' ||
      flag === '--rate' ||
      flag === '--slices' ||
      flag === '--launches'
    ) {
      if (!Number.isFinite(n) || n < (flag === '--warmup' ? 0 : 1))
        throw new Error(`${flag} needs a positive number, not "${value}".`);
      args[flag.slice(2) as 'duration'] = flag === '--slices' || flag === '--launches' ? Math.floor(n) : n;
    } else
      throw new Error(
        `Unknown flag ${flag}; use --duration, --warmup, --connections, --rate, --slices, --launches, --only, --pin.`,
      );
  }
  return args;
}

/** Sets the CPUs every thread of process `pid` may run on (`taskset -a -p -c`); answers why not when it cannot. */
function setCpus(pid: number, list: string): string | undefined {
  const set = spawnSync('taskset', ['-a', '-p', '-c', list, String(pid)], { encoding: 'utf8' });
  if (set.error) return `taskset: ${set.error.message}`;
  if (set.status !== 0) return `taskset: ${set.stderr.trim()}`;
  return undefined;
}

/**
 * Pins this process (every thread; the processes it starts inherit it) to CPU 0, so that targets can have CPU 1
 * to themselves. Answers why not when it cannot.
 */
function pinToFirstCpu(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (cpus().length < 2) return 'one CPU';
  return setCpus(process.pid, '0');
}

interface Figures {
  rps: number;
  requests: number;
  /** CPU time of the target's process per request, in µs (the upstream's not included for proxies). */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Share of a fixed-rate slice, from its start, whose latencies are left out (connections opening). */
const SETTLE = 0.2;

/** Saturated load with autocannon: as many requests as `connections` connections can push. */
async function load(target: Started, seconds: number, connections: number): Promise<Figures> {
  const { spec } = target;
  const cpuBefore = await target.cpu();
  const result = await autocannon({
    url: `${spec.url}${spec.path}`,
    method: spec.method,
    headers: spec.headers,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    connections,
    duration: seconds,
  });
  const cpuAfter = await target.cpu();
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    cpuPerRequest: result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Load at a fixed rate, paced evenly: one request every 1/rate s over a pool of `connections` keep-alive
 * connections, each response's time measured from its send (sub-millisecond). autocannon's own rate mode is
 * not used here: it sends each connection's quota for the second back to back at the start of every second,
 * so its "1,000 req/s" is a burst of 1,000 requests followed by silence, and its latencies are those of the burst.
 */
async function paced(
  target: Started,
  seconds: number,
  connections: number,
  rate: number,
): Promise<Figures & { samples: number[]; stalls: Stall[] }> {
  const { spec } = target;
  const pool = new Pool(spec.url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const cpuBefore = await target.cpu();
  const interval = 1000 / rate;
  const total = Math.floor(seconds * rate);
  const settleAfter = Math.floor(total * SETTLE);
  const times: number[] = [];
  const late: Array<{ at: number; ms: number }> = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const send = (index: number) => {
    const at = performance.now();
    const call = pool
      .request({
        path: spec.path,
        method: spec.method,
        headers: spec.headers,
        ...(spec.body !== undefined ? { body: spec.body } : {}),
      })
      .then(async (res) => {
        await res.body.dump();
        if (res.statusCode >= 300) non2xx++;
        else if (index >= settleAfter) {
          const ms = performance.now() - at;
          times.push(ms);
          if (ms > LATE_MS) late.push({ at, ms });
        }
      })
      .catch(() => {
        errors++;
      })
      .finally(() => pending.delete(call));
    pending.add(call);
  };
  const start = performance.now();
  await new Promise<void>((done) => {
    const timer = setInterval(
      () => {
        // Timers fire late now and then: send every request that is due by now, so the rate holds on average.
        const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
        while (sent < due) send(sent++);
        if (sent >= total) {
          clearInterval(timer);
          done();
        }
      },
      Math.max(1, Math.floor(interval)),
    );
  });
  await Promise.all([...pending]);
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = await target.cpu();
  await pool.close();
  times.sort((a, b) => a - b);
  return {
    rps: total / elapsed,
    requests: total,
    cpuPerRequest: (cpuAfter - cpuBefore) / total,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    errors,
    non2xx,
    samples: times,
    stalls: stallsOf(late),
  };
}

/** A response later than LATE_MS (ms) at a fixed rate: something held the path. */
const LATE_MS = 4;

/** Late responses sent within 50 ms of each other, counted as one stall. */
interface Stall {
  responses: number;
  longestMs: number;
}

function stallsOf(late: Array<{ at: number; ms: number }>): Stall[] {
  const stalls: Array<Stall & { lastAt: number }> = [];
  for (const { at, ms } of late.sort((a, b) => a.at - b.at)) {
    const current = stalls.at(-1);
    if (current && at - current.lastAt < 50) {
      current.responses++;
      current.longestMs = Math.max(current.longestMs, ms);
      current.lastAt = at;
    } else stalls.push({ responses: 1, longestMs: ms, lastAt: at });
  }
  return stalls.map(({ responses, longestMs }) => ({ responses, longestMs }));
}

/** "N stalls (longest X ms) in S s" for the record under a fixed-rate figure. */
function describeStalls(stalls: readonly Stall[], seconds: number): string {
  if (stalls.length === 0) return `no response over ${LATE_MS} ms in ${seconds.toFixed(0)} s`;
  const longest = Math.max(...stalls.map((s) => s.longestMs));
  const responses = stalls.reduce((n, s) => n + s.responses, 0);
  return `${stalls.length} stalls in ${seconds.toFixed(0)} s (${responses} responses over ${LATE_MS} ms, the latest ${longest.toFixed(0)} ms)`;
}

/** Slices or rounds of one target combined: medians of req/s and percentiles, CPU per request over all requests. */
function combined(slices: readonly Figures[]): Figures {
  const requests = slices.reduce((sum, f) => sum + f.requests, 0);
  return {
    rps: median(slices.map((f) => f.rps)),
    requests,
    cpuPerRequest: requests > 0 ? slices.reduce((sum, f) => sum + f.cpuPerRequest * f.requests, 0) / requests : 0,
    p50: median(slices.map((f) => f.p50)),
    p99: median(slices.map((f) => f.p99)),
    errors: slices.reduce((sum, f) => sum + f.errors, 0),
    non2xx: slices.reduce((sum, f) => sum + f.non2xx, 0),
  };
}

/** Per-round ratios (in %) of two targets' figures, as "launch 1: a, b; launch 2: c, d" (`perLaunch` rounds each). */
function roundRatios(a: readonly Figures[], b: readonly Figures[], perLaunch: number): string {
  const launches: string[] = [];
  for (let from = 0; from < a.length; from += perLaunch) {
    const ratios = a.slice(from, from + perLaunch).map((f, i) => ((f.rps / b[from + i]!.rps) * 100).toFixed(0));
    launches.push(`launch ${launches.length + 1}: ${ratios.join(', ')}`);
  }
  return `${launches.join('; ')}%`;
}

/** Median, over the rounds, of one target's figure divided by another's in the same round (in %). */
function roundRatio(a: readonly Figures[], b: readonly Figures[], figure: (f: Figures) => number): number {
  return median(a.map((f, i) => (figure(f) / figure(b[i]!)) * 100));
}

interface FixedRate {
  fixed: Figures;
  /**
   * p99 of all the target's latencies minus p99 of all the upstream's own in the slices alongside (ms). Pooled
   * over the slices: a stall of the machine (this VM's host takes a core away for 10–40 ms now and then) moves
   * one slice's p99 of ~1,000 latencies a lot and the pooled p99 little.
   */
  added?: number;
  /** The same difference per slice pair, for the record. */
  slices: number[];
  /** The upstream's own p99 over the slices alongside the target. */
  direct?: number;
  /** Stalls in the target's slices and in the upstream's alongside, and the seconds measured in each. */
  stalls: { own: Stall[]; alone: Stall[]; seconds: number };
}

/** The fixed-rate phase: slices of the target alternating with slices straight to the upstream. */
async function fixedRate(target: Started, upstream: Started, args: Args): Promise<FixedRate> {
  const seconds = Math.max(1, args.duration / args.slices);
  const slices: Figures[] = [];
  const differences: number[] = [];
  const own: number[] = [];
  const alone: number[] = [];
  const stalls: FixedRate['stalls'] = { own: [], alone: [], seconds: seconds * (1 - SETTLE) * args.slices };
  for (let i = 0; i < args.slices; i++) {
    const alongside = target === upstream ? undefined : await paced(upstream, seconds, args.connections, args.rate);
    const slice = await paced(target, seconds, args.connections, args.rate);
    slices.push(slice);
    own.push(...slice.samples);
    stalls.own.push(...slice.stalls);
    if (alongside) {
      alone.push(...alongside.samples);
      stalls.alone.push(...alongside.stalls);
      differences.push(slice.p99 - alongside.p99);
    }
  }
  const fixed = { ...combined(slices), p99: pooledPercentile(own, 99), p50: pooledPercentile(own, 50) };
  if (alone.length === 0) return { fixed, slices: differences, stalls };
  const direct = pooledPercentile(alone, 99);
  return { fixed, added: fixed.p99 - direct, slices: differences, direct, stalls };
}

function pooledPercentile(values: number[], p: number): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

const LABELS: Record<string, string> = {
  direct: 'direct to the upstream',
  tuned: 'tuned proxy (node:http + undici Pool.stream)',
  'fastify-proxy': '@fastify/http-proxy',
  engine: 'gateway engine alone (node:http + gateway.invoke)',
  'fastify-engine': 'gateway engine behind a bare Fastify route',
  portico: 'Portico invoke (API key, validation, setheader)',
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const kinds = ['direct', 'tuned', 'fastify-proxy', 'engine', 'fastify-engine', 'portico'].filter(
    (k) => !args.only || args.only.includes(k),
  );
  const notPinned = args.pin ? pinToFirstCpu() : '--pin off';
  const placement = notPinned
    ? `not pinned (${notPinned})`
    : 'saturated: load generator and upstream on CPU 0, the target under test on CPU 1';
  console.log(
    `Gateway benchmark: ${args.connections} connections, ${args.duration} s per target and launch (+${args.warmup} s warm-up) in ${args.slices} rounds × ${args.launches} launches, fixed rate ${args.rate} req/s; ${cpus().length} CPUs, ${placement}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const children: ChildProcess[] = [];
  const results = new Map<string, { saturated: Figures; rounds: Figures[] } & FixedRate>();
  try {
    const upstream = await startTarget('upstream');
    children.push(upstream.child);
    const rounds = new Map<string, Figures[]>(kinds.map((k) => [k, []]));
    const seconds = Math.max(1, args.duration / args.slices);
    let targets = new Map<string, Started>();
    for (let launch = 0; launch < args.launches; launch++) {
      // Every target runs from the start of a launch in its own process (an idle server costs nothing), so that
      // the saturated rounds can visit them in turn. Each launch starts fresh processes: one process of the same
      // server can be a few per cent faster or slower than the next for the whole of its life.
      for (const target of targets.values()) if (target !== upstream) target.child.kill();
      targets = new Map();
      for (const kind of kinds) {
        const target =
          kind === 'direct' ? upstream : await startTarget(kind, upstream.spec.url, notPinned ? undefined : 1);
        if (target !== upstream) children.push(target.child);
        targets.set(kind, target);
        if (args.warmup > 0) await load(target, args.warmup, args.connections);
      }
      for (let round = 0; round < args.slices; round++) {
        // Alternate the order so that no target always follows the same one.
        const order = round % 2 === 0 ? kinds : [...kinds].reverse();
        for (const kind of order) rounds.get(kind)!.push(await load(targets.get(kind)!, seconds, args.connections));
      }
    }
    if (!notPinned) {
      for (const target of [upstream, ...targets.values()]) setCpus(target.child.pid!, `0-${cpus().length - 1}`);
      setCpus(process.pid, `0-${cpus().length - 1}`);
    }
    for (const kind of kinds) {
      const phase = await fixedRate(targets.get(kind)!, upstream, args);
      const saturated = combined(rounds.get(kind)!);
      results.set(kind, { saturated, rounds: rounds.get(kind)!, ...phase });
      const alongside = phase.direct !== undefined ? ` (upstream alone alongside: ${phase.direct.toFixed(2)} ms)` : '';
      console.log(
        `  ${kind}: ${saturated.rps.toFixed(0)} req/s, ${saturated.cpuPerRequest.toFixed(0)} µs CPU per request, p50 ${saturated.p50} ms, p99 ${saturated.p99} ms; at ${args.rate} req/s p99 ${phase.fixed.p99.toFixed(2)} ms${alongside}`,
      );
      const { own, alone, seconds } = phase.stalls;
      console.log(
        `    at ${args.rate} req/s: ${describeStalls(own, seconds)}${phase.direct !== undefined ? `; the upstream alone: ${describeStalls(alone, seconds)}` : ''}`,
      );
    }
  } finally {
    for (const child of children) child.kill();
  }
  const rows = [
    [
      'target',
      'req/s',
      'CPU µs/req',
      'p50 ms',
      'p99 ms',
      `p50 @${args.rate}/s`,
      `p99 @${args.rate}/s`,
      'errors',
      'non-2xx',
    ],
  ];
  for (const [kind, { saturated, fixed }] of results) {
    rows.push([
      LABELS[kind] ?? kind,
      saturated.rps.toFixed(0),
      saturated.cpuPerRequest.toFixed(0),
      String(saturated.p50),
      String(saturated.p99),
      fixed.p50.toFixed(2),
      fixed.p99.toFixed(2),
      String(saturated.errors + fixed.errors),
      String(saturated.non2xx + fixed.non2xx),
    ]);
  }
  console.log(`\n${table(rows)}\n`);
  const portico = results.get('portico');
  const tuned = results.get('tuned');
  const fastifyProxy = results.get('fastify-proxy');
  const direct = results.get('direct');
  if (portico && tuned) {
    const ratio = roundRatio(portico.rounds, tuned.rounds, (f) => f.rps);
    const cpuRatio = roundRatio(tuned.rounds, portico.rounds, (f) => f.cpuPerRequest);
    console.log(
      `Portico / tuned proxy throughput: ${ratio.toFixed(0)}% (target ≥ 60%; median over ${portico.rounds.length} rounds of the two measured one after the other: ${roundRatios(portico.rounds, tuned.rounds, args.slices)})`,
    );
    console.log(
      `Portico / tuned proxy by CPU per request (throughput on a dedicated core, less disturbed by other load): ${cpuRatio.toFixed(0)}%`,
    );
  }
  if (portico && fastifyProxy) {
    const ratio = roundRatio(portico.rounds, fastifyProxy.rounds, (f) => f.rps);
    const cpuRatio = roundRatio(fastifyProxy.rounds, portico.rounds, (f) => f.cpuPerRequest);
    console.log(
      `Portico / @fastify/http-proxy: ${ratio.toFixed(0)}% by throughput, ${cpuRatio.toFixed(0)}% by CPU per request`,
    );
  }
  const engine = results.get('engine');
  const fastifyEngine = results.get('fastify-engine');
  if (portico && engine) {
    // Medians of the per-round figures: the targets were measured one after the other in every round.
    const cpu = (f: Figures) => f.cpuPerRequest;
    const alone = median(engine.rounds.map(cpu));
    const full = median(portico.rounds.map(cpu));
    const share = (part: number) =>
      `${part >= 0 ? '+' : ''}${part.toFixed(1)} µs (${((100 * part) / full).toFixed(0)}%)`;
    // Portico answers these calls in its invoke fast lane, before Fastify: a bare Fastify route is what it spares.
    const fastify = fastifyEngine
      ? `; a bare Fastify route around the engine would add ${share(median(fastifyEngine.rounds.map(cpu)) - alone)}, which the invoke fast lane spares`
      : '';
    console.log(
      `Where Portico's CPU per request goes (medians over the rounds): the gateway engine ${alone.toFixed(1)} µs (${((100 * alone) / full).toFixed(0)}%), Portico's own layer around it (the invoke fast lane, token and runtime caches, usage, metrics) ${share(full - alone)}; total ${full.toFixed(1)} µs${fastify}`,
    );
  }
  if (portico?.added !== undefined) {
    const saturated = direct ? `; ${(portico.saturated.p99 - direct.saturated.p99).toFixed(1)} ms saturated` : '';
    console.log(
      `p99 added latency at ${args.connections} connections: ${portico.added.toFixed(2)} ms at ${args.rate} req/s (target < 5 ms; p99 of every measured call over the slices minus the upstream's own p99 in the slices alongside; per slice: ${portico.slices.map((d) => d.toFixed(2)).join(', ')} ms)${saturated}`,
    );
  }
  console.log(
    `Load average after the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
