/** Bits every definition command shares: the `<input>` help text, progress set-up, JSON printing. */
import type { Command } from 'commander';
import type { CommandIo } from '../io.ts';
import { createProgress, type Progress } from '../output/progress.ts';

export const INPUT_HELP =
  'definition file (JSON or YAML), http(s) URL, "-" for stdin, or a connector package folder (apiDefinition.swagger.json + apiProperties.json)';

/** Adds `--progress` to a command. */
export function withProgressOption(command: Command): Command {
  return command.option('--progress', 'show the stages of a long run on stderr (always shown on a terminal)');
}

/** Progress on stderr when it is a terminal or `--progress` was given (stdout stays clean either way). */
export function progressFor(io: CommandIo, options: { progress?: boolean; json?: boolean }): Progress {
  const enabled = options.progress === true || io.stderr.isTTY === true;
  return createProgress(io.stderr, enabled);
}

/** Prints a value as the command's JSON result on stdout. */
export function printJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
