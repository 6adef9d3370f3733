/**
 * Server configuration, parsed once at start from a schema of settings. Each setting has a flag name, an
 * environment variable, a default and a parser; a bad value stops start-up with a message that names it.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMasterKey } from './secrets/index.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** One allowed private destination for the gateway: an exact host name/IP or an IPv4/IPv6 CIDR block. */
export type AllowedHost =
  | { kind: 'host'; host: string }
  | { kind: 'cidr'; address: string; prefix: number; family: 4 | 6 };

/** Which database to use: an SQLite file (or `:memory:`), or a PostgreSQL connection string. */
export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** How SQLite syncs commits to disk (its `synchronous` pragma; the database runs in WAL mode). */
export type SqliteSynchronous = 'normal' | 'full';

/** Where definitions are analysed: on a worker thread, or on the event loop (apps/analysis.ts). */
export type AnalysisMode = 'worker' | 'inline';

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory (SQLite file, generated key file). */
  dataDir: string;
  database: DatabaseTarget;
  /** SQLite only: `normal` syncs the WAL at checkpoints, `full` at every commit (see SETTINGS). */
  sqliteSynchronous: SqliteSynchronous;
  /** Where definitions are read, validated and diffed: a worker thread (default) or the event loop (see SETTINGS). */
  definitionAnalysis: AnalysisMode;
  /** Raw `PORTICO_MASTER_KEY` (base64 or hex of 32 bytes), or undefined to use the key file under dataDir. */
  masterKey: string | undefined;
  /** Earlier master keys (PORTICO_MASTER_KEY_PREVIOUS) still accepted for decryption. */
  masterKeyPrevious: string[];
  /** Public base URL without trailing slash, e.g. `https://portico.example.com`. */
  publicUrl: string;
  /** Origins allowed to read hosted definitions (`*` = any). */
  definitionCorsOrigins: string[];
  gatewayAllowHosts: AllowedHost[];
  redisUrl: string | undefined;
  logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Lifetime of a portal session, in seconds. */
  sessionTtlSeconds: number;
  /** Trust X-Forwarded-* headers (set when Portico runs behind a reverse proxy). */
  trustProxy: boolean;
  /** Answer cached-token invoke calls before Fastify's routing (routes/invoke-lane.ts). */
  gatewayFastLane: boolean;
  /** Folder of built-in connector packages loaded read-only at start. */
  connectorsDir: string;
  /** How long a bearer-token lookup is reused within one process, in milliseconds (0 = never). */
  tokenCacheMs: number;
  /** The change scheduler (issue 6): off, or on with the time between two ticks. */
  changeChecks: ChangeChecks;
}

/** Whether this process checks API apps' definition URLs on a schedule, and how often it looks for due ones. */
export type ChangeChecks = { enabled: false } | { enabled: true; tickSeconds: number };

/** Values given on the command line (already split by the CLI), keyed by setting name. */
export type ConfigFlags = Partial<Record<SettingName, string | number | boolean | undefined>>;

export interface ConfigProblem {
  /** The setting as the user wrote it, e.g. `PORTICO_PORT` or `--port`. */
  setting: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

type Parsed<T> = { value: T } | { error: string };

interface Setting<T> {
  flag?: string;
  env: string;
  description: string;
  default: (partial: Partial<Config>, cwd: string) => T;
  parse: (raw: string, cwd: string) => Parsed<T>;
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? { value: n }
      : { error: `must be a whole number from ${min} to ${max}, got "${raw}"` };
  };
}

/** A parser taking exactly one of two words, e.g. `oneOf('normal', 'full')`. */
function oneOf<T extends string>(first: T, second: T) {
  return (raw: string): Parsed<T> =>
    raw === first || raw === second ? { value: raw as T } : { error: `must be ${first} or ${second}, got "${raw}"` };
}

function optionalString(raw: string): Parsed<string | undefined> {
  return { value: raw === '' ? undefined : raw };
}

function parseDatabase(raw: string, cwd: string): Parsed<DatabaseTarget> {
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
      return { value: { dialect: 'postgres', url: raw } };
    } catch {
      return { error: `is not a valid postgres:// URL` };
    }
  }
  if (raw === 'sqlite::memory:' || raw === ':memory:') return { value: { dialect: 'sqlite', file: ':memory:' } };
  const file = raw.startsWith('sqlite:') ? raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : undefined;
  if (file) return { value: { dialect: 'sqlite', file: path.resolve(cwd, file) } };
  return { error: `must start with postgres://, postgresql:// or sqlite: (got "${raw.split(':')[0]}:…")` };
}

function parseMasterKeySetting(raw: string): Parsed<string | undefined> {
  if (raw === '') return { value: undefined };
  try {
    parseMasterKey(raw);
    return { value: raw };
  } catch {
    return {
      error: 'must be 32 random bytes as base64 (44 characters) or hex (64 characters); e.g. `openssl rand -base64 32`',
    };
  }
}

function parsePreviousKeys(raw: string): Parsed<string[]> {
  const keys = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [i, key] of keys.entries()) {
    const parsed = parseMasterKeySetting(key);
    if ('error' in parsed) return { error: `key ${i + 1} ${parsed.error}` };
  }
  return { value: keys };
}

function parseHttpUrl(raw: string): Parsed<string> {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'must be an http:// or https:// URL' };
    return { value: raw.replace(/\/+$/, '') };
  } catch {
    return { error: `is not a URL: "${raw}"` };
  }
}

function parseAllowHosts(raw: string): Parsed<AllowedHost[]> {
  const out: AllowedHost[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefixText] = item.split('/');
    if (prefixText !== undefined) {
      const family = isIP(address ?? '');
      const prefix = Number(prefixText);
      const max = family === 6 ? 128 : 32;
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
        return { error: `"${item}" is not a CIDR block like 10.0.0.0/8` };
      }
      out.push({ kind: 'cidr', address: address!, prefix, family: family as 4 | 6 });
    } else if (isIP(item) || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(item)) {
      out.push({ kind: 'host', host: item.toLowerCase() });
    } else {
      return { error: `"${item}" is neither a host name, an IP address nor a CIDR block` };
    }
  }
  return { value: out };
}

function parseOrigins(raw: string): Parsed<string[]> {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (item === '*') continue;
    const parsed = parseHttpUrl(item);
    if ('error' in parsed || new URL(item).origin !== item.replace(/\/$/, '')) {
      return { error: `"${item}" is not an origin like https://make.example.com (or *)` };
    }
  }
  return { value: items };
}

function parseBoolean(raw: string): Parsed<boolean> {
  if (/^(1|true|yes|on)$/i.test(raw)) return { value: true };
  if (/^(0|false|no|off|)$/i.test(raw)) return { value: false };
  return { error: `must be true or false, got "${raw}"` };
}

const INTERVAL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

function parseChangeChecks(raw: string): Parsed<ChangeChecks> {
  const text = raw.trim().toLowerCase();
  if (/^(on|true|yes|1)$/.test(text)) return { value: { enabled: true, tickSeconds: 60 } };
  if (/^(off|false|no|0)$/.test(text)) return { value: { enabled: false } };
  const match = /^(\d+)\s*(s|m|h)?$/.exec(text);
  const seconds = match ? Number(match[1]) * (INTERVAL_UNITS[match[2] ?? 's'] ?? 1) : Number.NaN;
  if (seconds >= 5 && seconds <= 86_400) return { value: { enabled: true, tickSeconds: seconds } };
  return {
    error: `must be on, off or a tick interval from 5s to 24h such as 30s, 5m or 1h (got "${raw}")`,
  };
}

/** The configuration schema: every setting Portico reads, with where it comes from. */
export const SETTINGS = {
  port: {
    flag: '--port',
    env: 'PORTICO_PORT',
    description: 'TCP port to listen on (0 = any free port).',
    default: () => 8080,
    parse: integer(0, 65535),
  } satisfies Setting<number>,
  host: {
    flag: '--host',
    env: 'PORTICO_HOST',
    description: 'Interface to listen on; 0.0.0.0 to accept connections from other machines.',
    default: () => '127.0.0.1',
    parse: (raw: string): Parsed<string> => (raw ? { value: raw } : { error: 'must not be empty' }),
  } satisfies Setting<string>,
  dataDir: {
    flag: '--data',
    env: 'PORTICO_DATA',
    description: 'Data directory: the SQLite database and the generated key file.',
    default: (_p: Partial<Config>, cwd: string) => path.resolve(cwd, '.portico'),
    parse: (raw: string, cwd: string): Parsed<string> =>
      raw ? { value: path.resolve(cwd, raw) } : { error: 'must not be empty' },
  } satisfies Setting<string>,
  database: {
    flag: '--database-url',
    env: 'PORTICO_DATABASE_URL',
    description: 'postgres://… for PostgreSQL; default: SQLite file portico.db in the data directory.',
    default: (p: Partial<Config>) => ({ dialect: 'sqlite', file: path.join(p.dataDir ?? '.portico', 'portico.db') }),
    parse: parseDatabase,
  } satisfies Setting<DatabaseTarget>,
  sqliteSynchronous: {
    env: 'PORTICO_SQLITE_SYNCHRONOUS',
    description:
      "SQLite only: normal (default) or full. normal syncs the write-ahead log to disk at checkpoints: a power cut or OS crash may lose the last commits, never corrupt the database (SQLite's advice for WAL). full waits for the disk at every commit, on the server's event loop.",
    default: () => 'normal' as SqliteSynchronous,
    parse: oneOf<SqliteSynchronous>('normal', 'full'),
  } satisfies Setting<SqliteSynchronous>,
  definitionAnalysis: {
    env: 'PORTICO_DEFINITION_ANALYSIS',
    description:
      'worker (default) or inline. worker reads, validates, diffs, exports and serializes (for hosting) definitions of 256 KB or more on a worker thread, so that a large one (GitHub: 1–2 s) does not hold gateway calls; inline does every one on the event loop.',
    default: () => 'worker' as AnalysisMode,
    parse: oneOf<AnalysisMode>('worker', 'inline'),
  } satisfies Setting<AnalysisMode>,
  masterKey: {
    env: 'PORTICO_MASTER_KEY',
    description:
      'Master key wrapping the data keys of encrypted secrets; default: a key file under the data directory.',
    default: () => undefined,
    parse: parseMasterKeySetting,
  } satisfies Setting<string | undefined>,
  masterKeyPrevious: {
    env: 'PORTICO_MASTER_KEY_PREVIOUS',
    description: 'Comma-separated earlier master keys, still accepted for decryption during a key rotation.',
    default: () => [],
    parse: parsePreviousKeys,
  } satisfies Setting<string[]>,
  publicUrl: {
    flag: '--public-url',
    env: 'PORTICO_PUBLIC_URL',
    description: 'Base URL users and OAuth providers reach Portico at; https makes session cookies Secure.',
    default: (p: Partial<Config>) => {
      const host = p.host === '0.0.0.0' || p.host === '::' ? 'localhost' : (p.host ?? '127.0.0.1');
      return `http://${host.includes(':') ? `[${host}]` : host}:${p.port ?? 8080}`;
    },
    parse: parseHttpUrl,
  } satisfies Setting<string>,
  definitionCorsOrigins: {
    env: 'PORTICO_DEFINITION_CORS',
    description: 'Comma-separated origins allowed to read hosted definitions, or * for any.',
    default: () => ['*'],
    parse: parseOrigins,
  } satisfies Setting<string[]>,
  gatewayAllowHosts: {
    env: 'PORTICO_GATEWAY_ALLOW_HOSTS',
    description: 'Comma-separated private hosts or CIDRs the gateway may call (e.g. 127.0.0.1); empty by default.',
    default: () => [],
    parse: parseAllowHosts,
  } satisfies Setting<AllowedHost[]>,
  redisUrl: {
    env: 'PORTICO_REDIS_URL',
    description: 'redis://… for shared rate limits and caches across nodes; optional.',
    default: () => undefined,
    parse: (raw: string): Parsed<string | undefined> =>
      raw === '' || /^rediss?:\/\/[^\s]+$/.test(raw)
        ? optionalString(raw)
        : { error: 'must be a redis:// or rediss:// URL' },
  } satisfies Setting<string | undefined>,
  logLevel: {
    env: 'PORTICO_LOG_LEVEL',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    default: () => 'info' as LogLevel,
    parse: (raw: string): Parsed<LogLevel> =>
      (LOG_LEVELS as string[]).includes(raw)
        ? { value: raw as LogLevel }
        : { error: `must be one of ${LOG_LEVELS.join(', ')}` },
  } satisfies Setting<LogLevel>,
  bodyLimit: {
    env: 'PORTICO_BODY_LIMIT',
    description: 'Largest request body in bytes (default 10 MiB).',
    default: () => 10 * 1024 * 1024,
    parse: integer(1024, 1024 * 1024 * 1024),
  } satisfies Setting<number>,
  sessionTtlSeconds: {
    env: 'PORTICO_SESSION_TTL',
    description: 'Portal session lifetime in seconds (default 12 hours).',
    default: () => 12 * 3600,
    parse: integer(60, 90 * 24 * 3600),
  } satisfies Setting<number>,
  trustProxy: {
    env: 'PORTICO_TRUST_PROXY',
    description: 'true when behind a reverse proxy: client IPs come from X-Forwarded-For.',
    default: () => false,
    parse: parseBoolean,
  } satisfies Setting<boolean>,
  gatewayFastLane: {
    env: 'PORTICO_GATEWAY_FAST_LANE',
    description:
      'false to send every gateway call through Fastify; by default a call by operation id with a cached token and JSON inputs is answered before it (with the same answers and log lines), except at log level debug or trace, and at info behind a trusted proxy.',
    default: () => true,
    parse: parseBoolean,
  } satisfies Setting<boolean>,
  tokenCacheMs: {
    env: 'PORTICO_TOKEN_CACHE_MS',
    description:
      'How long a personal access token lookup is reused per process (default 1000 ms; 0 = never). A revocation on another node takes effect within this time.',
    default: () => 1000,
    parse: integer(0, 60_000),
  } satisfies Setting<number>,
  connectorsDir: {
    env: 'PORTICO_CONNECTORS_DIR',
    description:
      "Folder of built-in connector packages, loaded read-only at start (default: the repository's connectors/).",
    default: () => BUILT_IN_CONNECTORS_DIR,
    parse: (raw: string, cwd: string): Parsed<string> =>
      raw ? { value: path.resolve(cwd, raw) } : { error: 'must not be empty' },
  } satisfies Setting<string>,
  changeChecks: {
    env: 'PORTICO_CHANGE_CHECKS',
    description:
      'Scheduled checks of API apps’ definition URLs: on (default, looks for due apps every minute), off, or the time between two looks (e.g. 30s, 5m).',
    default: (): ChangeChecks => ({ enabled: true, tickSeconds: 60 }),
    parse: parseChangeChecks,
  } satisfies Setting<ChangeChecks>,
} as const;

/** The repository's `connectors/` folder, found from this file's location. */
const BUILT_IN_CONNECTORS_DIR = fileURLToPath(new URL('../../../connectors', import.meta.url));

export type SettingName = keyof typeof SETTINGS;

/** Where settings come from: flags win over environment variables, which win over defaults. */
export interface ConfigSources {
  flags?: ConfigFlags;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Parses every setting; returns all problems at once so the user can fix them in one go. */
export function readConfig(sources: ConfigSources = {}): ConfigResult {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const config: Partial<Config> = {};
  const problems: ConfigProblem[] = [];
  // Order matters: defaults of later settings read earlier ones (database ← dataDir, publicUrl ← host, port).
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const setting: Setting<unknown> = SETTINGS[name];
    const flagValue = flags[name];
    const fromFlag = flagValue !== undefined && flagValue !== '';
    const raw = fromFlag ? String(flagValue) : env[setting.env];
    const label = fromFlag && setting.flag ? setting.flag : setting.env;
    if (raw === undefined || (raw === '' && name !== 'masterKey')) {
      (config as Record<string, unknown>)[name] = setting.default(config, cwd);
      continue;
    }
    const parsed = setting.parse(raw, cwd);
    if ('error' in parsed) problems.push({ setting: label, message: `${label} ${parsed.error}.` });
    else (config as Record<string, unknown>)[name] = parsed.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as Config };
}

/** Thrown by loadConfig; its message lists every bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Portico cannot start, fix these settings:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Like readConfig, but throws a ConfigError naming each bad setting (for start-up code). */
export function loadConfig(sources: ConfigSources = {}): Config {
  const result = readConfig(sources);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/**
 * A configuration for tests and embedding: defaults plus the given overrides, no environment read, an
 * in-memory SQLite database and a random master key (so nothing is written to the data directory).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ env: {}, cwd: process.cwd() });
  return {
    ...base,
    database: { dialect: 'sqlite', file: ':memory:' },
    masterKey: randomBytes(32).toString('base64'),
    logLevel: 'silent',
    ...overrides,
  };
}
