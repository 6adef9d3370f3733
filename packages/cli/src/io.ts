/** The I/O a command sees: injected so that tests run the CLI in-process with captured streams. */
import type { Loader } from './core.ts';

/** Something text can be written to (process.stdout, or a capture buffer in tests). */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True for a terminal; progress is drawn only there (or with --progress). */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Read only for the `-` input (and commands that read secrets from stdin). */
  stdin: AsyncIterable<Uint8Array | string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /** Replaces the file/HTTP loader (tests inject one; the default reads files and fetches URLs). */
  loader?: Loader;
}

/** The io a command action gets: the caller's io plus a way to set the process exit code. */
export interface CommandIo extends CliIo {
  /** Records the exit code; the highest code set during a run wins. */
  setExitCode(code: number): void;
}

/** Reads a whole stream into one buffer, refusing more than `maxBytes`. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.byteLength;
    if (total > maxBytes) throw new RangeError(`more than ${formatBytes(maxBytes)}`);
    chunks.push(bytes);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Human size: 52428800 → "50 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
