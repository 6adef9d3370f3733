/** `portico serve`: run the server until SIGINT/SIGTERM (or the stop signal, for tests and `portico demo`). */
import { type RunningServer, type StartOptions, startServer } from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { ServerExit } from './client.ts';
import { addDatabaseOptions, configFromFlags, type DatabaseFlags } from './server-flags.ts';

export interface ServeFlags extends DatabaseFlags {
  port?: string;
  host?: string;
  publicUrl?: string;
}

export interface ServeHooks {
  /** Runs after migrations and before listening (the demo registers its API app here). */
  beforeListen?: StartOptions['beforeListen'];
  extraFeatures?: StartOptions['extraFeatures'];
  /** Called once the server listens (the demo prints its credentials here). */
  onStarted?: (server: RunningServer) => Promise<void> | void;
  /** Stops the server when aborted; default: SIGINT or SIGTERM. */
  stopSignal?: AbortSignal;
}

function signalStop(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  controller.signal.addEventListener('abort', () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  });
  return controller.signal;
}

/** Starts the server with these flags and keeps it running until stopped; shared by `serve` and `demo`. */
export async function runServe(io: CommandIo, flags: ServeFlags, hooks: ServeHooks = {}): Promise<void> {
  const config = configFromFlags(io, { ...flags, port: flags.port, host: flags.host, publicUrl: flags.publicUrl });
  let server: RunningServer;
  try {
    server = await startServer({
      config,
      print: (line) => io.stdout.write(`${line}\n`),
      beforeListen: hooks.beforeListen,
      extraFeatures: hooks.extraFeatures,
    });
  } catch (err) {
    const message = (err as Error).message;
    const hint =
      (err as { code?: string }).code === 'EADDRINUSE' ? '; pick another port with --port or PORTICO_PORT' : '';
    throw new CliError(`Portico failed to start: ${message}${hint}.`, ServerExit.unusable);
  }
  const stop = hooks.stopSignal ?? signalStop();
  try {
    await hooks.onStarted?.(server);
    if (!stop.aborted)
      await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    await server.close();
    io.stdout.write('Portico stopped.\n');
  }
}

/** Registers `portico serve`. */
export function registerServe(program: Command, io: CommandIo, hooks: ServeHooks = {}): Command {
  return addDatabaseOptions(
    program
      .command('serve')
      .description(
        'run the Portico server (SQLite under --data unless a postgres:// URL is given); prints the URL it serves at',
      )
      .option('--port <n>', 'TCP port (default: PORTICO_PORT or 8080; 0 = any free port)')
      .option('--host <host>', 'interface to listen on (default: PORTICO_HOST or 127.0.0.1)')
      .option('--public-url <url>', 'URL users reach Portico at (default: PORTICO_PUBLIC_URL or the listen address)'),
  ).action(async (flags: ServeFlags) => runServe(io, flags, hooks));
}
