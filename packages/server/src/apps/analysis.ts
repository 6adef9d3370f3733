/**
 * Definition work off the server's event loop. Reading, validating, diffing, exporting and serializing a large
 * definition for hosting, and the diffs, exports and operation lists a connector update plan needs, are CPU work (GitHub's 13 MB: 0.6–1 s to read and validate, as much again for the diff
 * against the previous revision, about half a second to export); on the event loop it would hold every gateway
 * call for that long.
 *
 * The analyzer runs texts of WORKER_MIN_CHARS or more (counting the revision an analysis diffs against) on one
 * worker thread, started on first use (about a second) and kept, one task after the other; smaller texts (a few
 * milliseconds of work) and every text in `inline` mode (PORTICO_DEFINITION_ANALYSIS=inline) run the same code
 * (analysis-run.ts) on the calling thread.
 *
 * The worker has its own heap limit: a hostile text that exhausts it ends the worker with a clear
 * definition_invalid error, not the server. A worker that ends is started again for the next task.
 */
import { Worker } from 'node:worker_threads';
import type { ExportResult } from '@portico/openapi';
import type { AnalysisMode } from '../config.ts';
import { PorticoError } from '../errors.ts';
import {
  type Analysis,
  type AnalysisRequest,
  type DiffRequest,
  type ExportRequest,
  type HostRequest,
  type OperationIds,
  type OperationsRequest,
  type Outcome,
  type RevisionsDiff,
  runAnalysis,
  runDiff,
  runExport,
  runHost,
  runOperations,
} from './analysis-run.ts';

export type {
  Analysis,
  AnalysisRequest,
  DiffRequest,
  ExportRequest,
  HostedFormat,
  HostRequest,
  OperationIds,
  OperationsRequest,
  PendingDiff,
  RevisionsDiff,
} from './analysis-run.ts';

export interface DefinitionAnalyzer {
  readonly mode: AnalysisMode;
  /** Reads, validates and (with `previous`) diffs a text; throws PorticoError('definition_invalid') for bad input. */
  analyze(request: AnalysisRequest): Promise<Analysis>;
  /** Exports a stored revision's text as connector package(s). */
  exportPackage(request: ExportRequest): Promise<ExportResult>;
  /** A stored revision's text as hosted: its bundled document as JSON or YAML. */
  host(request: HostRequest): Promise<string>;
  /** The diff of two stored revisions' texts (`from` the older), breaking changes first. */
  diff(request: DiffRequest): Promise<RevisionsDiff>;
  /** A stored revision's operation ids by operation pointer. */
  operations(request: OperationsRequest): Promise<OperationIds>;
  /** Tasks done so far, and how many of them on the worker thread. */
  stats(): {
    analyses: number;
    exports: number;
    hosted: number;
    diffs: number;
    operations: number;
    onWorker: number;
    workerStarts: number;
  };
  close(): Promise<void>;
}

/** Heap of the analysis worker (MB): GitHub's definition needs about a fifth of it. */
export const WORKER_HEAP_MB = 2048;

/** Texts from this length (characters) go to the worker: below it a task takes ~20 ms or less. */
export const WORKER_MIN_CHARS = 256 * 1024;

const ENTRY = new URL('./analysis-worker.mjs', import.meta.url);

type Task =
  | { kind: 'analysis'; request: AnalysisRequest }
  | { kind: 'export'; request: ExportRequest }
  | { kind: 'host'; request: HostRequest }
  | { kind: 'diff'; request: DiffRequest }
  | { kind: 'operations'; request: OperationsRequest };

function settle<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  if ('error' in outcome) throw new PorticoError(outcome.error.code, outcome.error.message, outcome.error.details);
  throw new Error(`The definition analysis failed: ${outcome.internal}`);
}

function runInline(task: Task): Promise<Outcome<unknown>> {
  if (task.kind === 'export') return runExport(task.request);
  if (task.kind === 'host') return runHost(task.request);
  if (task.kind === 'diff') return runDiff(task.request);
  if (task.kind === 'operations') return runOperations(task.request);
  return runAnalysis(task.request);
}

/** The characters a task reads: an analysis and a diff read a second text, which may be the large one. */
function charsOf(task: Task): number {
  if (task.kind === 'analysis') return task.request.text.length + (task.request.previous?.text.length ?? 0);
  if (task.kind === 'diff') return task.request.text.length + task.request.from.text.length;
  return task.request.text.length;
}

interface Pending {
  resolve: (outcome: Outcome<unknown>) => void;
  reject: (error: Error) => void;
  uri: string;
  /** The worker the task was posted to. */
  worker: Worker;
}

export function createAnalyzer(
  mode: AnalysisMode,
  options: {
    /** The worker's heap limit in MB (default WORKER_HEAP_MB). */
    heapMb?: number;
    /** Texts shorter than this are handled inline in worker mode too (default WORKER_MIN_CHARS). */
    workerMinChars?: number;
  } = {},
): DefinitionAnalyzer {
  const heapMb = options.heapMb ?? WORKER_HEAP_MB;
  const workerMinChars = mode === 'inline' ? Number.POSITIVE_INFINITY : (options.workerMinChars ?? WORKER_MIN_CHARS);
  const counts = { analyses: 0, exports: 0, hosted: 0, diffs: 0, operations: 0, onWorker: 0, workerStarts: 0 };
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  /** Every task in flight on `ended` fails with `error` (the worker ended under them); a newer worker's go on. */
  function failAll(ended: Worker, error: (p: Pending) => Error): void {
    for (const [id, p] of pending) {
      if (p.worker !== ended) continue;
      pending.delete(id);
      p.reject(error(p));
    }
  }

  function start(): Worker {
    counts.workerStarts++;
    const started = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    // An idle worker does not keep the process alive; one with work does (see onWorker).
    started.unref();
    started.on('message', (message: { id: number; outcome: Outcome<unknown> }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (![...pending.values()].some((other) => other.worker === started)) started.unref();
      counts.onWorker++;
      p.resolve(message.outcome);
    });
    started.on('error', (error: Error & { code?: string }) => {
      if (worker === started) worker = undefined;
      failAll(started, (p) =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new PorticoError(
              'definition_invalid',
              `${p.uri} needs more than the ${heapMb} MB Portico gives one definition analysis; split it into smaller definitions, or remove what makes it so large (deeply repeated $refs, huge examples).`,
              { reason: 'too-large', uri: p.uri },
            )
          : new Error(`The definition analysis worker failed: ${error.message}`),
      );
    });
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(started, () => new Error(`The definition analysis worker ended (exit code ${code}) before answering.`));
    });
    return started;
  }

  function onWorker(task: Task): Promise<Outcome<unknown>> {
    worker ??= start();
    const current = worker;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, uri: task.request.uri, worker: current });
      current.ref();
      current.postMessage({ id, ...task });
    });
  }

  function run(task: Task): Promise<Outcome<unknown>> {
    return charsOf(task) < workerMinChars ? runInline(task) : onWorker(task);
  }

  /** Runs one task, counted under `counter`: its value, or its error rebuilt. */
  async function perform<T>(
    counter: Exclude<keyof typeof counts, 'onWorker' | 'workerStarts'>,
    task: Task,
  ): Promise<T> {
    counts[counter]++;
    return settle((await run(task)) as Outcome<T>);
  }

  return {
    mode,
    analyze: (request) => perform<Analysis>('analyses', { kind: 'analysis', request }),
    exportPackage: (request) => perform<ExportResult>('exports', { kind: 'export', request }),
    host: (request) => perform<string>('hosted', { kind: 'host', request }),
    diff: (request) => perform<RevisionsDiff>('diffs', { kind: 'diff', request }),
    operations: (request) => perform<OperationIds>('operations', { kind: 'operations', request }),
    stats: () => ({ ...counts }),
    async close() {
      const closing = worker;
      worker = undefined;
      if (closing) await closing.terminate();
    },
  };
}
