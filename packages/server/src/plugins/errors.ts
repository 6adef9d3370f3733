/**
 * Turns every failure into the one error body `{ error: { code, message, details? } }`: PorticoErrors as
 * they are, schema validation errors with the failing field, parser errors (malformed JSON, too large,
 * wrong content type), unknown routes, and anything else as `internal_error` (logged, never echoed).
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERRORS, PorticoError } from '../errors.ts';

/** One schema violation, pointing at the field. */
export interface ValidationDetail {
  /** Which part of the request: body, querystring, params or headers. */
  in: string;
  /** JSON Pointer of the offending value inside that part ("" = the whole part). */
  pointer: string;
  message: string;
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describe(error: AjvError, part: string): ValidationDetail {
  const base = error.instancePath ?? '';
  const params = error.params ?? {};
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const pointer = `${base}/${params.additionalProperty}`;
    return {
      in: part,
      pointer,
      message: `unknown field "${params.additionalProperty}" in ${part}${base || ''}; remove it`,
    };
  }
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    const pointer = `${base}/${params.missingProperty}`;
    return { in: part, pointer, message: `missing required field "${params.missingProperty}" in ${part}${base || ''}` };
  }
  const where = base ? `${part}${base}` : part;
  return { in: part, pointer: base, message: `${where} ${error.message ?? 'is invalid'}` };
}

/** What an error's message may name about its request. */
export interface ErrorContext {
  contentType: string | undefined;
  /** The body limit of the route, in bytes. */
  bodyLimit: number;
}

/** The error context of a request that went through Fastify's routing. */
function contextOf(req: FastifyRequest): ErrorContext {
  return {
    contentType: req.headers['content-type'],
    bodyLimit: req.routeOptions.bodyLimit ?? req.server.config.bodyLimit,
  };
}

/** Maps any thrown value to a PorticoError (the single place that knows Fastify's and parsers' errors). */
export function toPorticoError(err: unknown, context: ErrorContext): PorticoError {
  if (err instanceof PorticoError) return err;
  const e = err as Partial<FastifyError> & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const part = e.validationContext ?? 'body';
    const details = e.validation.map((v) => describe(v, part));
    return new PorticoError(
      'validation_failed',
      `Invalid request: ${details.map((d) => d.message).join('; ')}.`,
      details,
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT': {
      const limit = context.bodyLimit;
      return new PorticoError('payload_too_large', `The request body is larger than the limit of ${limit} bytes.`, {
        limit,
      });
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PorticoError(
        'unsupported_media_type',
        `Content type "${context.contentType ?? '(none)'}" is not accepted here; send application/json.`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PorticoError(
        'malformed_json',
        'The body is empty but the content type is application/json; send a JSON value.',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new PorticoError(
        'malformed_json',
        'The request body is not valid JSON; fix the syntax or the Content-Type header.',
      );
  }
  if (err instanceof SyntaxError && e.statusCode === 400) {
    return new PorticoError('malformed_json', `The request body is not valid JSON: ${err.message}.`);
  }
  if (e.statusCode === 413) return new PorticoError('payload_too_large', e.message);
  if (e.statusCode === 415) return new PorticoError('unsupported_media_type', e.message);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new PorticoError('bad_request', e.message || ERRORS.bad_request.message);
  }
  return new PorticoError('internal_error');
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (err, req, reply) => {
      const mapped = toPorticoError(err, contextOf(req));
      if (mapped.statusCode >= 500) req.log.error({ err }, 'request failed');
      else req.log.info({ code: mapped.code }, mapped.message);
      return reply.code(mapped.statusCode).type('application/json').send(mapped.toBody());
    });
    app.setNotFoundHandler(async (req, reply) => {
      const path = req.url.split('?')[0];
      const error = new PorticoError(
        'route_not_found',
        `There is no operation ${req.method} ${path}; the API is described at /api/v1/openapi.json.`,
      );
      return reply.code(404).send(error.toBody());
    });
  },
  { name: 'portico-errors' },
);
