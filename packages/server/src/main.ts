/**
 * Runs the server from environment variables alone (`node --import tsx packages/server/src/main.ts`), for
 * containers and process tests; `portico serve` is the same with command-line flags.
 */
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './server.ts';

/** Starts from the environment; stops cleanly on SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  try {
    const server = await startServer({ config: loadConfig() });
    const stop = () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `Portico failed to start: ${(err as Error).message}`}\n`,
    );
    process.exit(1);
  }
}

await main();
