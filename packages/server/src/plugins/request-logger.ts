/**
 * A cheaper per-request child logger for the gateway routes. Fastify makes a pino child per request with the
 * request id as its only binding; with the server's redaction paths (logger.ts) pino runs every binding value
 * through the redactor, which costs more than anything else Fastify does per call. A request id is a plain
 * string no redaction path can match (the paths name object fields, and the binding is not a secret key), so
 * this factory appends it to the child's bindings text directly — the same text pino would produce — and
 * falls back to pino's own `child` for anything else (other bindings, per-route level or serializers).
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import { symbols } from 'pino';

const { chindingsSym } = symbols;

/** Binding names that are secrets in logs (logger.ts redacts them): never taken by the fast path. */
const SECRET_NAME = /(password|secret|token|key|authorization|cookie|credential)/i;

type Chindings = { [chindingsSym]?: string };
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/** Creates the request's child logger like pino's `child`, without the redactor pass over a string request id. */
export const requestChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  const names = Object.keys(bindings);
  const name = names[0];
  const value = name === undefined ? undefined : (bindings as Record<string, unknown>)[name];
  const plain =
    names.length === 1 &&
    name !== undefined &&
    typeof value === 'string' &&
    !SECRET_NAME.test(name) &&
    Object.keys(options).length === 0;
  if (!plain) return logger.child(bindings, options);
  const child = logger.child({}) as FastifyBaseLogger & Chindings;
  // `child[chindingsSym]` is the bindings text pino writes into every line: `,"name":value` per binding.
  if (typeof child[chindingsSym] !== 'string') return logger.child(bindings, options);
  child[chindingsSym] += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  return child;
};
