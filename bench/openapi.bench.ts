/**
 * `npm run bench`: Portico's parse / validate / convert / export on GitHub's REST API definition (13 MB JSON,
 * OpenAPI 3.0.3) and its YAML form, next to reference libraries doing comparable work. Every case runs in its
 * own child process (so peak memory is attributable): untimed warm-up runs first (JIT, schema compilation, lazy
 * requires: for Portico and the references alike), then N timed runs with a GC before each; the table shows medians.
 *
 *   npm run bench -- [--runs N] [--slow-runs N] [--warmup N] [--only id,id] [--timeout seconds-per-case]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsYaml from 'js-yaml';
import { type BenchCase, CASES, type Inputs } from './cases.ts';
import { formatMb, formatMs, median, table } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JSON_PATH = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const YAML_PATH = join(root, '.bench-cache/api.github.com.yaml');
const RESULT_PREFIX = 'BENCH_RESULT ';

interface CaseResult {
  id: string;
  runs: number[];
  baselineRss: number;
  peakRss: number;
  heapDelta: number;
  error?: string;
}

interface Args {
  runs: number;
  slowRuns: number;
  /** Untimed runs before the timed ones (0 keeps the first, cold run in the figures). */
  warmup: number;
  /** Seconds a case may take in all before its process is stopped. */
  timeout: number;
  only?: string[];
  child?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 5, slowRuns: 3, warmup: 1, timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--runs' && value) args.runs = positive(value, flag);
    else if (flag === '--slow-runs' && value) args.slowRuns = positive(value, flag);
    else if (flag === '--timeout' && value) args.timeout = positive(value, flag);
    else if (flag === '--warmup' && value) args.warmup = positive(value, flag, 0);
    else if (flag === '--only' && value) args.only = value.split(',');
    else if (flag === '--case' && value) args.child = value;
    else continue;
    i++;
  }
  return args;
}

function positive(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${flag} needs a whole number of at least ${min}, not "${value}".`);
  return n;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Run with node --expose-gc (npm run bench does).');
  collect();
}

/** Child mode: runs one case `warmup` times untimed, then `runs` times timed, and prints its figures as one JSON line. */
async function runCase(benchCase: BenchCase, runs: number, warmup: number): Promise<void> {
  const inputs: Inputs = {
    jsonPath: JSON_PATH,
    yamlPath: YAML_PATH,
    jsonText: readFileSync(JSON_PATH, 'utf8'),
    yamlText: readFileSync(YAML_PATH, 'utf8'),
    jsonUri: pathToFileURL(JSON_PATH).href,
    yamlUri: pathToFileURL(YAML_PATH).href,
  };
  const result: CaseResult = { id: benchCase.id, runs: [], baselineRss: 0, peakRss: 0, heapDelta: 0 };
  gc();
  result.baselineRss = process.memoryUsage().rss;
  try {
    for (let i = 0; i < warmup; i++) await benchCase.run(inputs, await benchCase.setup?.(inputs));
    for (let i = 0; i < runs; i++) {
      let prepared = await benchCase.setup?.(inputs);
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      let output: unknown = await benchCase.run(inputs, prepared);
      result.runs.push(performance.now() - start);
      result.heapDelta = Math.max(result.heapDelta, process.memoryUsage().heapUsed - heapBefore);
      output = undefined;
      prepared = undefined;
      void output;
      void prepared;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
  result.peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Makes the YAML form of the JSON definition once (js-yaml dump), kept in .bench-cache/. */
function ensureYaml(): void {
  if (existsSync(YAML_PATH) && statSync(YAML_PATH).mtimeMs >= statSync(JSON_PATH).mtimeMs) return;
  process.stderr.write(`Writing ${YAML_PATH} (once)…\n`);
  mkdirSync(dirname(YAML_PATH), { recursive: true });
  writeFileSync(YAML_PATH, jsYaml.dump(JSON.parse(readFileSync(JSON_PATH, 'utf8')), { noRefs: true, lineWidth: -1 }));
}

function spawnCase(id: string, runs: number, warmup: number, timeoutSeconds: number): Promise<CaseResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--case',
        id,
        '--runs',
        String(runs),
        '--warmup',
        String(warmup),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutSeconds * 1000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line) resolvePromise(JSON.parse(line.slice(RESULT_PREFIX.length)) as CaseResult);
      else {
        const error = timedOut ? `timed out after ${timeoutSeconds} s` : `exited with ${code}`;
        resolvePromise({ id, runs: [], baselineRss: 0, peakRss: 0, heapDelta: 0, error });
      }
    });
  });
}

/** CPU count and load average: figures taken on a busy machine are slower, and this says how busy it was. */
function machine(): string {
  const [one] = loadavg();
  return `${cpus().length} CPUs, load average ${one?.toFixed(1) ?? '?'}`;
}

function byId(results: CaseResult[], id: string): number | undefined {
  const result = results.find((r) => r.id === id);
  return result && !result.error && result.runs.length ? median(result.runs) : undefined;
}

function ratioLine(
  label: string,
  numerator: number | undefined,
  denominator: number | undefined,
  target: number,
): string {
  if (numerator === undefined || denominator === undefined) return `${label}: not measured`;
  const ratio = numerator / denominator;
  return `${label}: ${ratio.toFixed(2)}× (target ≥ ${target}×) ${ratio >= target ? 'MET' : 'NOT MET'}`;
}

/** How much time the 4× target leaves for a whole export, next to reading, parsing and writing that much JSON. */
function floorLine(converterMs: number | undefined, floorMs: number | undefined): string {
  if (converterMs === undefined || floorMs === undefined) return 'Floor of the 4× target: not measured';
  return `Floor of the 4× target: 4× api-spec-converter (from the path) leaves ${formatMs(converterMs / 4)} for a whole export; reading, parsing and pretty-printing this much JSON alone takes ${formatMs(floorMs)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    const benchCase = CASES.find((c) => c.id === args.child);
    if (!benchCase) throw new Error(`Unknown case ${args.child}.`);
    await runCase(benchCase, args.runs, args.warmup);
    return;
  }
  ensureYaml();
  const cases = CASES.filter((c) => !args.only || args.only.includes(c.id));
  const jsonSize = statSync(JSON_PATH).size;
  const yamlSize = statSync(YAML_PATH).size;
  process.stderr.write(
    `GitHub REST API definition: ${formatMb(jsonSize)} JSON, ${formatMb(yamlSize)} YAML; Node ${process.version}; ${machine()}.\n` +
      `Each case: ${args.warmup} untimed warm-up run(s), then timed runs with a GC before each (same for Portico and the references).\n`,
  );
  const results: CaseResult[] = [];
  for (const benchCase of cases) {
    const runs = benchCase.slow ? Math.min(args.runs, args.slowRuns) : args.runs;
    process.stderr.write(`  ${benchCase.id} × ${runs}…\n`);
    results.push(await spawnCase(benchCase.id, runs, args.warmup, args.timeout));
  }
  const rows = [['case', 'who', 'runs', 'median', 'min', 'max', 'peak RSS', 'base RSS', 'heap Δ']];
  for (const benchCase of cases) {
    const r = results.find((x) => x.id === benchCase.id)!;
    if (r.error || r.runs.length === 0) {
      rows.push([benchCase.label, benchCase.kind, '0', `failed: ${r.error ?? 'no runs'}`, '', '', '', '', '']);
      continue;
    }
    rows.push([
      benchCase.label,
      benchCase.kind,
      String(r.runs.length),
      formatMs(median(r.runs)),
      formatMs(Math.min(...r.runs)),
      formatMs(Math.max(...r.runs)),
      formatMb(r.peakRss),
      formatMb(r.baselineRss),
      formatMb(r.heapDelta),
    ]);
  }
  process.stdout.write(`\n${table(rows)}\n\n(at the end: ${machine()})\n\n`);
  const exportMs = byId(results, 'portico-export');
  const yamlMs = byId(results, 'portico-parse-yaml');
  process.stdout.write(
    `${[
      ratioLine(
        'Full export vs api-spec-converter conversion alone (both from the file path)',
        byId(results, 'ref-api-spec-converter-path'),
        exportMs,
        4,
      ),
      ratioLine(
        'Full export (from the path) vs api-spec-converter conversion alone (from a parsed object)',
        byId(results, 'ref-api-spec-converter-object'),
        exportMs,
        4,
      ),
      floorLine(byId(results, 'ref-api-spec-converter-path'), byId(results, 'ref-json-floor')),
      yamlMs === undefined
        ? 'YAML parse: not measured'
        : `YAML parse: ${formatMs(yamlMs)} (target < 2 s) ${yamlMs < 2000 ? 'MET' : 'NOT MET'}`,
    ].join('\n')}\n`,
  );
}

await main();
