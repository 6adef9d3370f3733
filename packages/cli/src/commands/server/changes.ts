/**
 * Commands for acting on an API change (issue 6): `portico app diff` (a revision's changes, breaking first;
 * exit 1 when one breaks clients), `portico app refresh-token` (the deployment pipeline's webhook token and
 * curl line), `portico connector update-check` (update available, breaking changes, impact, conflicts) and
 * `portico connector update-apply` (applies it; unresolved conflicts exit 1 with the exact `--resolve` flags).
 * They join the `app` and `connector` groups registered before them.
 */
import type { Command } from 'commander';
import { type Change, diffDefinitions, parseDefinition, resolveDefinition } from '../../core.ts';
import { CliError, ExitCode } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { formatChanges } from '../diff.ts';
import {
  applyCommand,
  type ConflictView,
  conflictLines,
  formatUpdateCheck,
  shellQuote,
  type UpdateView,
} from './changes-format.ts';
import { collect, environmentOf } from './cli-files.ts';
import {
  ApiError,
  addClientOptions,
  type ClientFlags,
  type PorticoClient,
  printResult,
  resolveClient,
  ServerExit,
} from './client.ts';

interface DiffFlags extends ClientFlags {
  from?: string;
  to?: string;
}

interface DiffAnswer {
  revision: { id: string; number: number };
  previous: { id: string; number: number } | null;
  summary: { breaking: number; nonBreaking: number; unknown: number };
  comparedAs?: string;
  changes: Change[];
}

interface EnvFlags extends ClientFlags {
  environment?: string;
}

const RESOLUTIONS = ['keep-mine', 'take-theirs'];
const appPath = (name: string) => `/api/v1/apps/${encodeURIComponent(name)}`;
const connectorPath = (env: string, name: string) =>
  `/api/v1/environments/${encodeURIComponent(env)}/connectors/${encodeURIComponent(name)}`;

/** The existing command group `name` of the program, or a new one. */
function groupOf(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

function revisionNumber(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a revision number (1, 2, …), got "${raw}".`);
  return n;
}

/** A revision's definition, read through the core as the server reads it (no external references). */
async function revisionDefinition(client: PorticoClient, name: string, n: number) {
  const revision = await client.get<{ text: string }>(`${appPath(name)}/revisions/${n}`, { text: true });
  const uri = `${name} revision ${n}`;
  return resolveDefinition(parseDefinition(revision.text, { uri }));
}

/** The diff from revision `from` to revision `to`: stored by the server for consecutive ones, else made here. */
async function diffBetween(client: PorticoClient, name: string, from: number | undefined, to: number) {
  if (from === undefined || from === to - 1) {
    const answer = await client.get<DiffAnswer>(`${appPath(name)}/revisions/${to}/diff`);
    if (!answer.previous) {
      throw new CliError(`Revision ${to} of API app ${name} is its first; there is nothing to compare it with.`);
    }
    return { from: answer.previous.number, to, summary: answer.summary, changes: answer.changes };
  }
  const [before, after] = [await revisionDefinition(client, name, from), await revisionDefinition(client, name, to)];
  const result = diffDefinitions(before.document, after.document, {
    oldVersion: before.version.family,
    newVersion: after.version.family,
  });
  const order = { breaking: 0, unknown: 1, 'non-breaking': 2 } as const;
  const changes = [...result.changes].sort((a, b) => order[a.classification] - order[b.classification]);
  return { from, to, summary: result.summary, changes };
}

/** Parses the repeated `--resolve POINTER=CHOICE` flags (the pointer may hold "="; the choice does not). */
export function parseResolutions(values: readonly string[]): Array<{ pointer: string; choice: string }> {
  return values.map((value) => {
    const at = value.lastIndexOf('=');
    const pointer = value.slice(0, at);
    const choice = value.slice(at + 1);
    if (at <= 0 || !pointer.startsWith('/') || !RESOLUTIONS.includes(choice)) {
      throw new CliError(
        `--resolve must be POINTER=keep-mine or POINTER=take-theirs with a JSON Pointer from \`portico connector update-check\`, got "${value}".`,
      );
    }
    return { pointer, choice };
  });
}

/** Registers `app diff`, `app refresh-token`, `connector update-check` and `connector update-apply`. */
export function registerChanges(program: Command, io: CommandIo): void {
  const app = groupOf(program, 'app', 'API apps');
  const connector = groupOf(program, 'connector', 'custom connectors in a Portico environment');

  addClientOptions(
    app
      .command('diff <name>')
      .description("what a revision changed, breaking first; exit 1 when a change breaks the API's clients")
      .option('--from <n>', 'the older revision (default: the one before --to)')
      .option('--to <m>', 'the newer revision (default: the current one)'),
  ).action(async (name: string, flags: DiffFlags) => {
    const client = resolveClient(flags, io);
    const from = revisionNumber(flags.from, '--from');
    let to = revisionNumber(flags.to, '--to');
    if (to === undefined) {
      const view = await client.get<{ definition: { number: number } | null }>(appPath(name));
      if (!view.definition) throw new CliError(`API app ${name} has no definition yet.`, ServerExit.refused);
      to = view.definition.number;
    }
    if (from !== undefined && from >= to) {
      throw new CliError(`--from ${from} must be older than --to ${to}.`);
    }
    const diff = await diffBetween(client, name, from, to);
    const lines = [formatChanges(diff.changes, `${name} revision ${diff.from}`, `revision ${diff.to}`).trimEnd()];
    if (diff.summary.breaking > 0) {
      lines.push(
        '',
        `Connectors made from ${name} offer this update; check one with: portico connector update-check CONNECTOR --environment ENV`,
      );
    }
    printResult(
      io,
      flags,
      { app: name, from: diff.from, to: diff.to, summary: diff.summary, changes: diff.changes },
      lines,
    );
    io.setExitCode(diff.summary.breaking > 0 ? ExitCode.findings : ExitCode.ok);
  });

  addClientOptions(
    app
      .command('refresh-token <name>')
      .description("create or rotate the refresh webhook token for the API's deployment pipeline (shown once)")
      .option('--revoke', 'revoke the current token instead'),
  ).action(async (name: string, flags: ClientFlags & { revoke?: boolean }) => {
    const client = resolveClient(flags, io);
    if (flags.revoke) {
      await client.delete(`${appPath(name)}/refresh-token`);
      printResult(io, flags, { app: name, revoked: true }, `Revoked the refresh webhook token of API app ${name}.`);
      return;
    }
    const made = await client.post<{ token: string; prefix: string; hookUrl: string }>(
      `${appPath(name)}/refresh-token`,
    );
    const curl = `curl -fsS -X POST -H ${shellQuote(`Authorization: Bearer ${made.token}`)} ${shellQuote(made.hookUrl)}`;
    printResult(io, flags, { app: name, ...made, curl }, [
      `Refresh webhook token for API app ${name} (shown only now; an earlier token no longer works):`,
      `  ${made.token}`,
      '',
      'Add this step to the deployment pipeline after each release (keep the token in a secret variable):',
      `  ${curl}`,
    ]);
  });

  addClientOptions(
    connector
      .command('update-check <name>')
      .description('is an update from the source API app available: breaking changes, impact, conflicts')
      .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")'),
  ).action(async (name: string, flags: EnvFlags) => {
    const client = resolveClient(flags, io);
    const env = environmentOf(flags, io.env);
    const view = await client.get<UpdateView>(`${connectorPath(env, name)}/update`);
    const id = flags.json ? (await client.get<{ id: string }>(connectorPath(env, name))).id : undefined;
    printResult(io, flags, { id, name, environment: env, ...view }, formatUpdateCheck(name, env, view));
  });

  addClientOptions(
    connector
      .command('update-apply <name>')
      .description('update a connector from its source API app, keeping your customisations (a new version)')
      .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")')
      .option('--resolve <pointer=choice>', 'resolve a conflict: POINTER=keep-mine or POINTER=take-theirs', collect),
  ).action(async (name: string, flags: EnvFlags & { resolve?: string[] }) => {
    const client = resolveClient(flags, io);
    const env = environmentOf(flags, io.env);
    const resolutions = parseResolutions(flags.resolve ?? []);
    let applied: { name: string; version: number; revision: { number: number }; customisationsKept?: number };
    try {
      applied = await client.post(`${connectorPath(env, name)}/update`, { resolutions });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'update_conflicts') throw error;
      const conflicts = ((error.details as { conflicts?: ConflictView[] } | undefined)?.conflicts ?? []).filter(
        (c) => !resolutions.some((r) => r.pointer === c.pointer),
      );
      throw new CliError(
        [
          `Connector ${name} was not updated: ${conflicts.length} customisation(s) conflict with the new revision; choose for each:`,
          ...conflictLines(conflicts),
          '',
          'Run again with a --resolve for each (this keeps yours everywhere):',
          `  ${applyCommand(name, env, [...resolutions, ...conflicts.map((c) => ({ pointer: c.pointer, choice: 'keep-mine' }))])}`,
        ].join('\n'),
        ServerExit.refused,
      );
    }
    const id = flags.json ? (await client.get<{ id: string }>(connectorPath(env, name))).id : undefined;
    printResult(io, flags, { id, environment: env, ...applied }, [
      `Updated connector ${applied.name} to revision ${applied.revision.number} as version ${applied.version}; ${applied.customisationsKept ?? 0} customisation(s) kept. Connections keep working.`,
      `Earlier versions stay restorable: POST ${connectorPath(env, name)}/versions/{version}/restore`,
    ]);
  });
}
