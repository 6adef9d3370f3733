// The analysis worker's entry (apps/analysis.ts starts it): registers tsx in this thread, which does not inherit
// the loader of the thread that started it, then answers each `{ id, kind, request }` with `{ id, outcome }`.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runAnalysis, runExport } = await import('./analysis-run.ts');
parentPort.on('message', async ({ id, kind, request }) => {
  const outcome = kind === 'export' ? await runExport(request) : await runAnalysis(request);
  parentPort.postMessage({ id, outcome });
});
