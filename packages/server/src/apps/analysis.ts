/**
 * Definition analysis off the server's event loop. Reading, validating and diffing a large definition is CPU
 * work (GitHub's 13 MB: 0.6–1 s, and as much again for the diff against the previous revision); on the event
 * loop it would hold every gateway call for that long. The analyzer runs texts of WORKER_MIN_CHARS or more on one
 * worker thread, started on first use (about a second) and kept, one analysis after the other; smaller texts
 * (a few milliseconds of work) and every text in `inline` mode (PORTICO_DEFINITION_ANALYSIS=inline) run the same
 * code (analysis-run.ts) on the calling thread.
 *
 * The worker has its own heap limit: a hostile text that exhausts it ends the worker with a clear
 * definition_invalid error, not the server. A worker that ends is started again for the next analysis.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisMode } from '../config.ts';
import { PorticoError } from '../errors.ts';
import { type Analysis, type AnalysisOutcome, type AnalysisRequest, runAnalysis } from './analysis-run.ts';

export type { Analysis, AnalysisRequest, PendingDiff } from './analysis-run.ts';

export interface DefinitionAnalyzer {
  readonly mode: AnalysisMode;
  /** Reads, validates and (with `previous`) diffs a text; throws PorticoError('definition_invalid') for bad input. */
  analyze(request: AnalysisRequest): Promise<Analysis>;
  /** Analyses done so far, and how many of them on the worker thread. */
  stats(): { analyses: number; onWorker: number; workerStarts: number };
  close(): Promise<void>;
}

/** Heap of the analysis worker (MB): GitHub's definition needs about a fifth of it. */
export const WORKER_HEAP_MB = 2048;

/** Texts from this length (characters) go to the worker: below it an analysis takes ~20 ms or less. */
export const WORKER_MIN_CHARS = 256 * 1024;

const ENTRY = new URL('./analysis-worker.mjs', import.meta.url);

function settle(outcome: AnalysisOutcome): Analysis {
  if (outcome.ok) return outcome.analysis;
  if ('error' in outcome) throw new PorticoError(outcome.error.code, outcome.error.message, outcome.error.details);
  throw new Error(`The definition analysis failed: ${outcome.internal}`);
}

interface Pending {
  resolve: (outcome: AnalysisOutcome) => void;
  reject: (error: Error) => void;
  uri: string;
}

export function createAnalyzer(
  mode: AnalysisMode,
  options: {
    /** The worker's heap limit in MB (default WORKER_HEAP_MB). */
    heapMb?: number;
    /** Texts shorter than this are analysed inline in worker mode too (default WORKER_MIN_CHARS). */
    workerMinChars?: number;
  } = {},
): DefinitionAnalyzer {
  const heapMb = options.heapMb ?? WORKER_HEAP_MB;
  const workerMinChars = options.workerMinChars ?? WORKER_MIN_CHARS;
  let analyses = 0;
  let onWorker = 0;
  let workerStarts = 0;
  const inline = async (request: AnalysisRequest) => settle(await runAnalysis(request));
  if (mode === 'inline') {
    return {
      mode,
      analyze(request) {
        analyses++;
        return inline(request);
      },
      stats: () => ({ analyses, onWorker, workerStarts }),
      async close() {},
    };
  }

  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  /** Every analysis in flight fails with `error` (the worker ended under them). */
  function failAll(error: (p: Pending) => Error): void {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(error(p));
    }
  }

  function start(): Worker {
    workerStarts++;
    const started = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    // An idle worker does not keep the process alive; one with work does (see analyze).
    started.unref();
    started.on('message', (message: { id: number; outcome: AnalysisOutcome }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (pending.size === 0) started.unref();
      onWorker++;
      p.resolve(message.outcome);
    });
    started.on('error', (error: Error & { code?: string }) => {
      if (worker === started) worker = undefined;
      failAll((p) =>
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
      failAll(() => new Error(`The definition analysis worker ended (exit code ${code}) before answering.`));
    });
    return started;
  }

  return {
    mode,
    analyze(request) {
      analyses++;
      if (request.text.length < workerMinChars) return inline(request);
      worker ??= start();
      const current = worker;
      const id = nextId++;
      return new Promise<AnalysisOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject, uri: request.uri });
        current.ref();
        current.postMessage({ id, request });
      }).then(settle);
    },
    stats: () => ({ analyses, onWorker, workerStarts }),
    async close() {
      const closing = worker;
      worker = undefined;
      if (closing) await closing.terminate();
    },
  };
}
