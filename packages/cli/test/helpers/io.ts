/** Captured io for running the CLI in-process. */
import type { CliIo } from '../../src/io.ts';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export interface CaptureOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  tty?: boolean;
  loader?: CliIo['loader'];
}

/** An io whose stdout and stderr are collected in memory; stdin yields the given text once. */
export function capture(options: CaptureOptions = {}): CapturedIo {
  let out = '';
  let err = '';
  const stdinText = options.stdin;
  return {
    stdout: { write: (chunk: string) => (out += chunk), isTTY: options.tty ?? false },
    stderr: { write: (chunk: string) => (err += chunk), isTTY: options.tty ?? false },
    stdin: (async function* () {
      if (stdinText !== undefined) yield new TextEncoder().encode(stdinText);
    })(),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.loader ? { loader: options.loader } : {}),
    out: () => out,
    err: () => err,
  };
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `portico <args>` in-process with captured io. */
export async function portico(args: string[], options: CaptureOptions = {}): Promise<RunResult> {
  const { runCli } = await import('../../src/main.ts');
  const io = capture(options);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}
