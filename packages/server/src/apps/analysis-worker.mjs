// The analysis worker's entry (apps/analysis.ts starts it): registers tsx in this thread, which does not inherit
// the loader of the thread that started it, then answers each `{ id, kind, request }` with `{ id, outcome }`.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runAnalysis, runDiff, runExport, runHost, runOperations } = await import('./analysis-run.ts');
const RUN = { analysis: runAnalysis, export: runExport, host: runHost, diff: runDiff, operations: runOperations };
parentPort.on('message', async ({ id, kind, request }) => {
  parentPort.postMessage({ id, outcome: await RUN[kind](request) });
});
