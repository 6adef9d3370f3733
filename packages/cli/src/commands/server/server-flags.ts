/** Flags shared by commands that work on the server's data directly (serve, migrate, admin …). */
import { type Config, type ConfigFlags, readConfig } from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CliIo } from '../../io.ts';
import { ServerExit } from './client.ts';

export interface DatabaseFlags {
  data?: string;
  databaseUrl?: string;
}

/** Adds `--data` and `--database-url`. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory: SQLite database and key file (default: PORTICO_DATA or ./.portico)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL (default: PORTICO_DATABASE_URL, else SQLite)');
}

/** Parses the server configuration from flags and the environment; names every bad setting. */
export function configFromFlags(io: Pick<CliIo, 'env' | 'cwd'>, flags: DatabaseFlags & ConfigFlags): Config {
  const result = readConfig({
    flags: { ...flags, dataDir: flags.data ?? flags.dataDir, database: flags.databaseUrl ?? flags.database },
    env: io.env,
    cwd: io.cwd,
  });
  if (!result.ok) {
    throw new CliError(
      `cannot use these settings:\n${result.problems.map((p) => `  - ${p.message}`).join('\n')}`,
      ServerExit.unusable,
    );
  }
  return result.config;
}
