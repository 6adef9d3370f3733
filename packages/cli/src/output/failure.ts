/** Turns a thrown error into one clear paragraph on stderr and an exit code (stack traces only for bugs, on request). */
import { CliError, ExitCode, LoaderError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { displayUri } from '../loaders/display.ts';

/** The fields of the core's DefinitionError (matched by shape, so the CLI never depends on its class identity). */
interface DefinitionErrorLike {
  name: string;
  message: string;
  code?: string;
  uri?: string;
  pointer?: string;
  line?: number;
  column?: number;
}

function isDefinitionError(error: unknown): error is DefinitionErrorLike {
  return error instanceof Error && error.name === 'DefinitionError';
}

/** Prints the error for a person and returns the exit code: 2 for bad input, 3 for a bug in Portico. */
export function reportFailure(error: unknown, io: Pick<CliIo, 'stderr' | 'env' | 'cwd'>): number {
  // Clear a progress line the failure interrupted.
  if (io.stderr.isTTY) io.stderr.write('\r\x1b[K');
  if (error instanceof CliError) {
    io.stderr.write(`portico: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof LoaderError) {
    io.stderr.write(`portico: ${error.message}\n`);
    return ExitCode.unusable;
  }
  if (isDefinitionError(error)) {
    io.stderr.write(`portico: ${formatDefinitionError(error, io.cwd)}\n`);
    return ExitCode.unusable;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `portico: internal error: ${message}\nThis is a bug in Portico; please report it with the command you ran and this message.${
      io.env.PORTICO_DEBUG === '1' ? '' : ' Set PORTICO_DEBUG=1 to include the stack trace.'
    }\n`,
  );
  if (io.env.PORTICO_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

/** `api.yaml:3:7: <message>` — the file and position first, unless the message already names the file. */
export function formatDefinitionError(error: DefinitionErrorLike, cwd: string): string {
  const file = error.uri ? displayUri(error.uri, cwd) : undefined;
  const pointer = error.pointer !== undefined && error.pointer !== '' && !error.message.includes(error.pointer);
  const suffix = pointer ? ` (at ${error.pointer})` : '';
  if (error.uri && file && error.message.includes(error.uri)) {
    return `${error.message.split(error.uri).join(file)}${suffix}`;
  }
  let where = file ?? '';
  if (file && error.line !== undefined) {
    where += `:${error.line}`;
    if (error.column !== undefined) where += `:${error.column}`;
  }
  if (!where || error.message.includes(where)) return `${error.message}${suffix}`;
  return `${where}: ${error.message}${suffix}`;
}
