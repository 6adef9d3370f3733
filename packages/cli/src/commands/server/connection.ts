/**
 * `portico connection create | list | test | delete` over the management API. `--param KEY=VALUE` sets the
 * connection parameters by their apiProperties.json names (e.g. `api_key`, `username`, `password`).
 */
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { collect, environmentOf, parsePairs } from './cli-files.ts';
import { addClientOptions, type ClientFlags, printResult, resolveClient, ServerExit, table } from './client.ts';

interface ConnectionView {
  id: string;
  connector: string;
  displayName: string;
  status: string;
  statusMessage: string | null;
  authType: string;
  lastTestedAt: string | null;
  /** For OAuth connections: where the user signs in to finish creating the connection. */
  authorizationUrl?: string;
}

type Flags = ClientFlags & { environment?: string };

const envOption = (command: Command) =>
  command.option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")');

/** Registers `portico connection …`. */
export function registerConnection(program: Command, io: CommandIo): Command {
  const group = program.command('connection').description('connections (credentials for a connector)');
  const base = (flags: Flags) => `/api/v1/environments/${encodeURIComponent(environmentOf(flags, io.env))}/connections`;

  addClientOptions(
    envOption(
      group
        .command('create')
        .description('create a connection to a connector')
        .requiredOption('--connector <name>', 'connector name')
        .option(
          '--param <key=value>',
          'a connection parameter by its apiProperties.json name, e.g. api_key=… (repeatable)',
          collect,
        )
        .option('--parameter-set <name>', 'for connectors with several ways to authenticate')
        .option('--grant <grant>', 'OAuth: client_credentials for a service-to-service connection (no sign-in)')
        .option('--display-name <name>', 'name shown in lists'),
    ),
  ).action(
    async (
      flags: Flags & {
        connector: string;
        param?: string[];
        parameterSet?: string;
        displayName?: string;
        grant?: string;
      },
    ) => {
      const client = resolveClient(flags, io);
      const created = await client.post<ConnectionView>(base(flags), {
        connector: flags.connector,
        parameters: parsePairs(flags.param ?? [], '--param'),
        ...(flags.parameterSet ? { parameterSet: flags.parameterSet } : {}),
        ...(flags.displayName ? { displayName: flags.displayName } : {}),
        ...(flags.grant ? { grant: flags.grant } : {}),
      });
      printResult(io, flags, created, [
        `Created connection ${created.id} to ${created.connector} (${created.authType}).`,
        ...(created.authorizationUrl
          ? [`Sign in to finish connecting (status ${created.status}):`, `  ${created.authorizationUrl}`]
          : []),
      ]);
    },
  );

  addClientOptions(
    envOption(
      group.command('list').description('list your connections').option('--connector <name>', 'only this connector'),
    ),
  ).action(async (flags: Flags & { connector?: string }) => {
    const client = resolveClient(flags, io);
    const { items } = await client.get<{ items: ConnectionView[] }>(
      base(flags),
      flags.connector ? { connector: flags.connector } : undefined,
    );
    const rows = [['ID', 'CONNECTOR', 'STATUS', 'NAME']];
    for (const c of items) rows.push([c.id, c.connector, c.status, c.displayName]);
    printResult(io, flags, { items }, items.length === 0 ? 'No connections.' : table(rows));
  });

  addClientOptions(
    envOption(
      group.command('test').description('test a connection against the real API').argument('<id>', 'connection id'),
    ),
  ).action(async (id: string, flags: Flags) => {
    const client = resolveClient(flags, io);
    const result = await client.post<{ ok: boolean; status: number | null; message: string }>(
      `${base(flags)}/${encodeURIComponent(id)}/test`,
    );
    printResult(io, flags, { id, ...result }, `${result.ok ? 'OK' : 'FAILED'}: ${result.message}`);
    if (!result.ok) io.setExitCode(ServerExit.refused);
  });

  addClientOptions(
    envOption(group.command('delete').description('delete a connection').argument('<id>', 'connection id')),
  ).action(async (id: string, flags: Flags) => {
    if (!id.trim()) throw new CliError('give the connection id to delete.', ServerExit.unusable);
    const client = resolveClient(flags, io);
    await client.delete(`${base(flags)}/${encodeURIComponent(id)}`);
    printResult(io, flags, { id, deleted: true }, `Deleted connection ${id}.`);
  });

  return group;
}
