/**
 * A cheaper per-request child logger for the gateway routes. Fastify makes a pino child per request with the
 * request id as its only binding; with the server's redaction paths (logger.ts) pino runs every binding value
 * through the redactor, which costs more than anything else Fastify does per call. A request id is a plain
 * string no redaction path can match (the paths name object fields, and the binding is not a secret key), so
 * this factory appends it to the bindings text directly — the same text pino would produce — and falls back to
 * pino's own `child` for anything else (other bindings, per-route level or serializers). The request's logger
 * inherits from one plain pino child of the server's logger, made once, so a request makes no pino child at all.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import { symbols } from 'pino';

const { chindingsSym } = symbols;

/** Binding names that are secrets in logs (logger.ts redacts them): never taken by the fast path. */
const SECRET_NAME = /(password|secret|token|key|authorization|cookie|credential)/i;

type Chindings = { [chindingsSym]?: string; onChild?: (child: FastifyBaseLogger) => void };
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/** A binding name as pino writes it (`"reqId"`), or null when it must go through pino (secret-like). */
const nameTexts = new Map<string, string | null>();

function nameText(name: string): string | null {
  let text = nameTexts.get(name);
  if (text === undefined) {
    text = SECRET_NAME.test(name) ? null : JSON.stringify(name);
    if (nameTexts.size < 100) nameTexts.set(name, text);
  }
  return text;
}

/** Per server logger: a plain pino child of it, and the logger's bindings text when that child was made. */
const bases = new WeakMap<object, { base: FastifyBaseLogger & Chindings; parentText: string | undefined }>();

function baseOf(logger: FastifyBaseLogger & Chindings): FastifyBaseLogger & Chindings {
  const known = bases.get(logger);
  // A logger whose bindings changed since (pino's setBindings) gets a new base.
  if (known && known.parentText === logger[chindingsSym]) return known.base;
  const base = logger.child({}) as FastifyBaseLogger & Chindings;
  bases.set(logger, { base, parentText: logger[chindingsSym] });
  return base;
}

/** The one binding's name when `bindings` has exactly one, else undefined. */
function onlyName(bindings: object): string | undefined {
  let name: string | undefined;
  for (const key in bindings) {
    if (name !== undefined) return undefined;
    name = key;
  }
  return name;
}

function isEmpty(options: object): boolean {
  for (const _ in options) return false;
  return true;
}

/** Creates the request's child logger like pino's `child`, without the redactor pass over a string request id. */
export const requestChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  const name = onlyName(bindings);
  const value = name === undefined ? undefined : (bindings as Record<string, unknown>)[name];
  const text = name === undefined || typeof value !== 'string' || !isEmpty(options) ? null : nameText(name);
  if (text === null) return logger.child(bindings, options);
  const base = baseOf(logger as FastifyBaseLogger & Chindings);
  // `[chindingsSym]` is the bindings text pino writes into every line: `,"name":value` per binding.
  if (typeof base[chindingsSym] !== 'string') return logger.child(bindings, options);
  const child = Object.create(base) as FastifyBaseLogger & Chindings;
  child[chindingsSym] = `${base[chindingsSym]},${text}:${JSON.stringify(value)}`;
  (logger as FastifyBaseLogger & Chindings).onChild?.(child);
  return child;
};

/**
 * Request ids as Fastify's default makes them (`req-1`, `req-2`, … in base 36, wrapping at 2^31), from one counter
 * that the app's Fastify (`genReqId`) and its invoke fast lane share, so that no two requests get the same id.
 */
export function requestIdGenerator(): () => string {
  let last = 0;
  return () => {
    last = (last + 1) & 0x7fffffff;
    return `req-${last.toString(36)}`;
  };
}
