/**
 * Structured logging with pino. Secrets never reach a log line: headers that carry credentials, body
 * fields with secret-looking names, and secret-looking query parameters are redacted.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

/** Field names whose values are secrets wherever they appear. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiKey',
  'api_key',
  'authorization',
  'cookie',
  'credentials',
  'csrfToken',
  'masterKey',
];

/** pino redaction paths: credential headers plus secret keys at the top and up to two levels down. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

const SECRET_QUERY = /(key|token|secret|password|passwd|signature|sig|code|auth)/i;

/** The URL with the values of secret-looking query parameters replaced, for logs. */
export function redactUrlQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...new Set(params.keys())]) if (SECRET_QUERY.test(name)) params.set(name, '[Redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
  id?: string;
  headers?: Record<string, unknown>;
}

/** Creates the server's logger; pass a destination to capture lines (tests). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      serializers: {
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: redactUrlQuery(req.url),
          ip: req.ip,
          userAgent: req.headers?.['user-agent'],
        }),
      },
    },
    destination,
  );
}
