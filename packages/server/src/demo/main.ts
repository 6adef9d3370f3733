// Runs the demo API on its own, e.g. as a child process of `portico demo`: prints one JSON line
// `{"url":…,"apiKey":…}` on stdout when it listens, and stops cleanly on SIGINT or SIGTERM.
import { DEMO_DEFAULT_PORT } from './document.ts';
import { startDemoApi } from './server.ts';

/** Reads the demo settings from the environment; a bad port stops with a message naming the variable. */
function settings(env: NodeJS.ProcessEnv): { port: number; host: string; apiKey?: string } {
  const rawPort = env.PORTICO_DEMO_PORT ?? String(DEMO_DEFAULT_PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new Error(`PORTICO_DEMO_PORT must be a port number from 0 to 65535 (got "${rawPort}").`);
  }
  const result: { port: number; host: string; apiKey?: string } = { port, host: env.PORTICO_DEMO_HOST ?? '127.0.0.1' };
  if (env.PORTICO_DEMO_API_KEY) result.apiKey = env.PORTICO_DEMO_API_KEY;
  return result;
}

try {
  const api = await startDemoApi(settings(process.env));
  process.stdout.write(`${JSON.stringify({ url: api.url, apiKey: api.apiKey })}\n`);
  const stop = () => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`portico demo API: ${(error as Error).message}\n`);
  process.exit(1);
}
