/**
 * `npm run bench:analysis`: what a new revision of GitHub's definition (13 MB, OpenAPI 3.0.3) and its export do to
 * the server's event loop, inline (PORTICO_DEFINITION_ANALYSIS=inline) and on the analysis worker (the default),
 * side by side in one run. The analysis is the one a refresh makes: read, validate under both profiles, and diff
 * against the previous revision (the published definition; the new text is the same with one path removed).
 * The export is the one `GET /api/v1/apps/{app}/export?splitByTag=true` makes.
 *
 *   npm run bench:analysis -- [--runs N]   (default 3 per mode, interleaved, after one warm-up each)
 *
 * While each analysis runs, a 1 ms timer measures how late the event loop answers: that is how long every
 * gateway call arriving at that moment waits. The p99 is over the timer's turns, so it says little when the
 * loop hardly turned (inline); the max is the figure that matters.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalysisRequest, createAnalyzer, type DefinitionAnalyzer } from '../packages/server/src/apps/analysis.ts';
import { contentHash } from '../packages/server/src/apps/definition.ts';
import { median, percentile, table } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GITHUB = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');

function parseArgs(argv: string[]): { runs: number } {
  const args = { runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value = ''] = [argv[i], argv[i + 1]];
    if (flag === '--runs' && Number(value) >= 1) args.runs = Math.floor(Number(value));
    else throw new Error(`Unknown or bad flag ${flag} ${value}; use --runs N (at least 1).`);
  }
  return args;
}

interface Run {
  wallMs: number;
  /** The longest the event loop was held (ms), and its 99th percentile over the run. */
  maxDelayMs: number;
  p99DelayMs: number;
}

/** Runs `task` while a 1 ms timer measures how long the event loop was held. */
async function measure(task: () => Promise<unknown>): Promise<Run> {
  // A 1 ms timer, as a waiting server's sockets would be served: each gap between two of its turns beyond 1 ms is
  // time the event loop was held. (perf_hooks' monitorEventLoopDelay records nothing while the loop never turns.)
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(Math.max(0, now - last - 1));
    last = now;
  }, 1);
  const start = performance.now();
  await task();
  const wallMs = performance.now() - start;
  // One more turn, so that a stretch held up to the end is counted.
  await new Promise((done) => setTimeout(done, 5));
  clearInterval(ticker);
  gaps.sort((a, b) => a - b);
  return { wallMs, maxDelayMs: gaps.at(-1) ?? 0, p99DelayMs: percentile(gaps, 99) };
}

/** The two tasks a server runs on a definition: a new revision's analysis, and a split-by-tag export. */
function tasks(text: string, previous: Previous): Record<string, (analyzer: DefinitionAnalyzer) => Promise<unknown>> {
  return {
    'analysis + diff': async (analyzer) => {
      const analysis = await analyzer.analyze({
        text,
        uri: 'api.github.com.json',
        maxBytes: Number.POSITIVE_INFINITY,
        previous,
      });
      if (!analysis.diff || analysis.diff.summary.breaking < 1)
        throw new Error('the diff should hold the removed operation');
    },
    'export, split by tag': async (analyzer) => {
      const result = await analyzer.exportPackage({
        text,
        uri: 'github revision 2',
        baseUrl: null,
        options: { fix: true, splitByTag: true },
      });
      if (result.packages.length < 10) throw new Error('the export should split GitHub into packages');
    },
  };
}

type Previous = NonNullable<AnalysisRequest['previous']>;

/** The previous revision (GitHub's definition as published) and the new text: the same, its first path removed. */
function inputs(): { previous: Previous; text: string; removed: string } {
  const published = readFileSync(GITHUB, 'utf8');
  const document = JSON.parse(published) as { paths: Record<string, Record<string, unknown>> };
  const [removed] = Object.keys(document.paths);
  delete document.paths[removed!];
  return {
    previous: { id: 'rev_1', number: 1, text: published, contentHash: contentHash(published) },
    text: JSON.stringify(document, null, 2),
    removed: removed!,
  };
}

async function main(): Promise<void> {
  const { runs } = parseArgs(process.argv.slice(2));
  // Built in a function so that the parsed document is garbage before the runs (the server holds none).
  const { previous, text, removed: firstPath } = inputs();
  console.log(
    `Definition work on GitHub's definition (${(text.length / 1e6).toFixed(1)} MB, path ${firstPath} removed; the diff is against the published one); ${runs} runs per mode after a warm-up`,
  );
  const modes = { inline: createAnalyzer('inline'), worker: createAnalyzer('worker') };
  const rows = [['task', 'mode', 'time ms', 'event loop held, max ms', 'event loop delay p99 ms']];
  try {
    for (const [name, task] of Object.entries(tasks(text, previous))) {
      const results: Record<string, Run[]> = { inline: [], worker: [] };
      for (const [mode, analyzer] of Object.entries(modes)) {
        const warm = await measure(() => task(analyzer));
        console.log(`  ${name}, warm-up ${mode}: ${warm.wallMs.toFixed(0)} ms`);
      }
      for (let i = 0; i < runs; i++) {
        for (const [mode, analyzer] of Object.entries(modes)) {
          const run = await measure(() => task(analyzer));
          results[mode]!.push(run);
          console.log(
            `  ${name}, ${mode}: ${run.wallMs.toFixed(0)} ms, event loop held up to ${run.maxDelayMs.toFixed(1)} ms (p99 ${run.p99DelayMs.toFixed(1)} ms)`,
          );
        }
      }
      for (const [mode, list] of Object.entries(results)) {
        rows.push([
          name,
          mode,
          median(list.map((r) => r.wallMs)).toFixed(0),
          median(list.map((r) => r.maxDelayMs)).toFixed(1),
          median(list.map((r) => r.p99DelayMs)).toFixed(1),
        ]);
      }
    }
  } finally {
    await modes.worker.close();
  }
  console.log(
    `\n${table(rows)}\n\nMedians over the runs. A gateway call arriving during the task waits up to the "max" column.`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
});
