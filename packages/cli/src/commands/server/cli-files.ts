/** Small file and flag helpers of the connector and connection commands: reading inputs, writing safely, key=value. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../../errors.ts';
import { ServerExit } from './client.ts';

/** Reads a file named by a flag, relative to cwd; a missing file is a clear error naming the flag. */
export function readInputFile(cwd: string, file: string, flag: string): Buffer {
  try {
    return readFileSync(path.resolve(cwd, file));
  } catch (err) {
    throw new CliError(
      `${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      ServerExit.unusable,
    );
  }
}

/** Writes a file under a temporary name and renames it into place (never a half-written file). */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

/** Collects repeated `--param KEY=VALUE` flags into an array (commander's accumulator). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses `KEY=VALUE` pairs; the value may contain "=". */
export function parsePairs(pairs: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`${flag} must be KEY=VALUE, got "${pair}".`, ServerExit.unusable);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Adds `--environment` (default: PORTICO_ENVIRONMENT or "default"). */
export function environmentOf(
  flags: { environment?: string },
  env: Readonly<Record<string, string | undefined>>,
): string {
  return flags.environment ?? env.PORTICO_ENVIRONMENT ?? 'default';
}
