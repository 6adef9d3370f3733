/**
 * Shared HTTP client for the server-side commands (login, app, connector, connection, invoke): where the
 * server is and which token to send (`--url`/`--token`, PORTICO_URL/PORTICO_TOKEN, or the saved sign-in),
 * requests with the `{ error: { code, message, details } }` body turned into a clear CLI error, and
 * `--json` output that always carries the resource's `id`.
 */
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CliIo } from '../../io.ts';
import { readSavedLogin } from './config-file.ts';

/** Exit codes of server-side commands: 1 when the server refused (API error), 2 when it cannot be used at all. */
export const ServerExit = { refused: 1, unusable: 2 } as const;

export interface ClientFlags {
  url?: string;
  token?: string;
  json?: boolean;
}

/** Adds `--url`, `--token` and `--json` to a command. */
export function addClientOptions(command: Command): Command {
  return command
    .option('--url <url>', 'Portico server URL (default: PORTICO_URL or the saved `portico login`)')
    .option('--token <token>', 'personal access token (default: PORTICO_TOKEN or the saved `portico login`)')
    .option('--json', 'print machine-readable JSON (with the resource id)');
}

/** An error answer of the management API. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message, ServerExit.refused);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** Formats an error body for people: the message, the code, and one line per validation detail. */
export function describeApiError(status: number, body: ErrorBody | undefined, fallback: string): ApiError {
  const code = body?.error?.code ?? `http_${status}`;
  const message = body?.error?.message ?? fallback;
  const details = body?.error?.details;
  const lines = [`${message} [${code}, HTTP ${status}]`];
  if (Array.isArray(details)) {
    for (const d of details as Array<{ in?: string; pointer?: string; message?: string }>) {
      if (d && typeof d.message === 'string') lines.push(`  - ${d.in ?? ''}${d.pointer ?? ''}: ${d.message}`);
    }
  }
  return new ApiError(status, code, lines.join('\n'), details);
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Send a multipart form instead of JSON (uploads). */
  form?: FormData;
}

/** A minimal client of the management API. */
export class PorticoClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Sends a request; resolves with the parsed JSON (or undefined for 204), throws ApiError/CliError otherwise. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends a request and returns the raw response (for downloads); throws on error statuses. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(path.replace(/^\//, ''), `${this.baseUrl}/`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body });
    } catch (err) {
      const reason = (err as { cause?: { code?: string; message?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(
        `Cannot reach Portico at ${this.baseUrl} (${reason}); is \`portico serve\` running? Set --url or PORTICO_URL.`,
        ServerExit.unusable,
      );
    }
    if (res.ok) return res;
    const text = await res.text();
    let parsed: ErrorBody | undefined;
    try {
      parsed = JSON.parse(text) as ErrorBody;
    } catch {
      parsed = undefined;
    }
    throw describeApiError(
      res.status,
      parsed,
      `${method} ${url.pathname} failed: HTTP ${res.status} ${res.statusText}`,
    );
  }

  get<T = unknown>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  delete<T = unknown>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('DELETE', path, { query });
  }
}

/** Normalises a server URL: must be http(s), no trailing slash. */
export function normalizeServerUrl(raw: string, source: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
  } catch {
    // fall through
  }
  throw new CliError(`${source} must be an http:// or https:// URL, got "${raw}".`, ServerExit.unusable);
}

/** Where the server is and which token to use: flags, then PORTICO_URL/PORTICO_TOKEN, then the saved sign-in. */
export function resolveClient(
  flags: ClientFlags,
  io: Pick<CliIo, 'env'>,
  options: { requireToken?: boolean } = {},
): PorticoClient {
  const saved = flags.url && flags.token ? undefined : readSavedLogin(io.env);
  const rawUrl = flags.url ?? io.env.PORTICO_URL ?? saved?.url;
  if (!rawUrl) {
    throw new CliError(
      'No Portico server given: pass --url, set PORTICO_URL, or run `portico login`.',
      ServerExit.unusable,
    );
  }
  const url = normalizeServerUrl(rawUrl, flags.url ? '--url' : io.env.PORTICO_URL ? 'PORTICO_URL' : 'the saved login');
  // A saved token belongs to the saved URL only; never send it to another server.
  const token = flags.token ?? io.env.PORTICO_TOKEN ?? (saved && saved.url === url ? saved.token : undefined);
  if (!token && options.requireToken !== false) {
    throw new CliError(
      'No access token given: pass --token, set PORTICO_TOKEN, or run `portico login`.',
      ServerExit.unusable,
    );
  }
  return new PorticoClient(url, token);
}

/** Prints a result: with --json the object (which must carry `id` when it is one resource), else the lines. */
export function printResult(
  io: Pick<CliIo, 'stdout'>,
  flags: ClientFlags,
  value: unknown,
  human: string | string[],
): void {
  if (flags.json) io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else io.stdout.write(`${(Array.isArray(human) ? human : [human]).join('\n')}\n`);
}

/** Formats rows as an aligned text table (for `list` commands without --json). */
export function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
