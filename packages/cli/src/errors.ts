/** Exit codes and the errors that carry them; the only place that decides what a failure prints. */

/** Exit codes of every command (part of the CLI contract in DESIGN.md). */
export const ExitCode = {
  /** Success: no errors, every package importable. */
  ok: 0,
  /** The input was read but has errors (validate) or cannot be made importable (export). */
  findings: 1,
  /** The input cannot be used at all: missing file, malformed JSON/YAML, bad URL, bad flags. */
  unusable: 2,
  /** A bug in Portico. */
  internal: 3,
} as const;

/** A failure with a message meant for the user (never a stack trace) and the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.unusable,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A loader could not fetch a URI (missing file, HTTP 404, timeout, too large, an HTML page…). */
export class LoaderError extends Error {
  constructor(
    readonly uri: string,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'LoaderError';
  }
}
