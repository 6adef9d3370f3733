/** The `portico` program: `buildProgram(io)` for in-process use and tests, `run(argv)` for the bin. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerConvert, registerDiff, registerExport, registerValidate } from './commands/definitions.ts';
import { ExitCode } from './errors.ts';
import type { CliIo, CommandIo } from './io.ts';
import { reportFailure } from './output/failure.ts';

export { CliError, ExitCode } from './errors.ts';
export type { CliIo, CommandIo, OutputStream } from './io.ts';

/** Adds commands to the program (the server-side commands use this); set exit codes with `io.setExitCode`. */
export type CommandRegistrar = (program: Command, io: CommandIo) => void;

export interface BuildOptions {
  /** Registered after the built-in commands, in order. */
  extraCommands?: readonly CommandRegistrar[];
}

const exitCodes = new WeakMap<Command, { code: number }>();

/** Builds the whole command tree over `io`; it never touches process.* itself, so tests run it in-process. */
export function buildProgram(io: CliIo, options: BuildOptions = {}): Command {
  const state = { code: ExitCode.ok as number };
  const commandIo: CommandIo = {
    ...io,
    setExitCode(code) {
      state.code = Math.max(state.code, code);
    },
  };
  const program = new Command('portico')
    .description('Validate, convert and export OpenAPI definitions as Power Platform connectors.')
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(outputConfiguration(io));
  registerValidate(program, commandIo);
  registerConvert(program, commandIo);
  registerExport(program, commandIo);
  registerDiff(program, commandIo);
  for (const register of options.extraCommands ?? []) register(program, commandIo);
  inheritSettings(program, io);
  exitCodes.set(program, state);
  return program;
}

/** Parses `argv` (the arguments after the program name), runs the command and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: BuildOptions = {}): Promise<number> {
  const program = buildProgram(io, options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.unusable;
    return reportFailure(error, io);
  }
  return exitCodes.get(program)?.code ?? ExitCode.ok;
}

/** Entry point of the bin: runs with the real process streams and returns the exit code. */
export async function run(
  argv: readonly string[] = process.argv.slice(2),
  options: BuildOptions = {},
): Promise<number> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  return runCli(argv, io, {
    extraCommands: [...(await defaultExtraCommands(argv)), ...(options.extraCommands ?? [])],
  });
}

/** Commands that need only the OpenAPI core; for these the server-side commands are not loaded. */
const DEFINITION_COMMANDS = new Set(['validate', 'convert', 'export', 'diff']);

/**
 * The server-side commands (serve, admin, app, connector, …). They pull in the whole server, which takes a
 * second or more to load, so they are loaded only when the command line may need them.
 */
async function defaultExtraCommands(argv: readonly string[]): Promise<CommandRegistrar[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first !== undefined && DEFINITION_COMMANDS.has(first)) return [];
  if (first === undefined && argv.some((arg) => arg === '-V' || arg === '--version')) return [];
  const { registerServerCommands } = await import('./commands/server/index.ts');
  return [registerServerCommands];
}

/** Where commander writes help and usage errors: the injected streams, without colours. */
function outputConfiguration(io: CliIo) {
  return {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
}

/** Applies the root's output and exit handling to commands that registrars added with `addCommand`. */
function inheritSettings(command: Command, io: CliIo): void {
  for (const sub of command.commands) {
    sub.exitOverride();
    sub.configureOutput(outputConfiguration(io));
    inheritSettings(sub, io);
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
