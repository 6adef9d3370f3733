/** `portico migrate`: bring the database schema up to date (the server also does this at start). */
import { openStore, runMigrations } from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { ServerExit } from './client.ts';
import { addDatabaseOptions, configFromFlags, type DatabaseFlags } from './server-flags.ts';

/** Registers `portico migrate`. */
export function registerMigrate(program: Command, io: CommandIo): Command {
  return addDatabaseOptions(
    program.command('migrate').description('apply pending database migrations (safe to run while servers are up)'),
  )
    .option('--json', 'print { "applied": [...] }')
    .action(async (flags: DatabaseFlags & { json?: boolean }) => {
      const config = configFromFlags(io, flags);
      const store = openStore(config.database, { sqliteSynchronous: config.sqliteSynchronous });
      try {
        const report = await runMigrations(store);
        if (report.failed) {
          throw new CliError(
            `migration ${report.failed.migration ?? '(unknown)'} failed on ${store.location}: ${report.failed.message}` +
              (report.applied.length ? ` (applied before it: ${report.applied.join(', ')})` : ''),
            ServerExit.refused,
          );
        }
        if (flags.json) io.stdout.write(`${JSON.stringify({ applied: report.applied })}\n`);
        else if (report.applied.length === 0) io.stdout.write(`The database at ${store.location} is up to date.\n`);
        else io.stdout.write(`Applied ${report.applied.join(', ')} to ${store.location}.\n`);
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`cannot migrate ${store.location}: ${(err as Error).message}`, ServerExit.unusable);
      } finally {
        await store.close();
      }
    });
}
