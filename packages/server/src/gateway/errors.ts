/**
 * The gateway's own error codes: code → HTTP status → default message. A gateway error is a result, not an
 * exception; its body has the server's shape `{ "error": { "code", "message", "details"? } }`.
 */

export const GATEWAY_ERRORS = {
  invalid_input: { status: 400, message: 'The inputs do not match the operation.' },
  connection_incomplete: { status: 400, message: 'The connection lacks a value the connector needs.' },
  reauthentication_required: { status: 401, message: 'The connection needs to be re-authenticated.' },
  host_not_allowed: { status: 403, message: 'The gateway may not call this host.' },
  operation_not_found: { status: 404, message: 'The connector has no such operation.' },
  request_too_large: { status: 413, message: 'The request body is larger than the gateway allows.' },
  throttled: { status: 429, message: 'Too many calls on this connection; retry later.' },
  upstream_unreachable: { status: 502, message: 'The upstream API could not be reached.' },
  upstream_response_too_large: { status: 502, message: 'The upstream response is larger than the gateway allows.' },
  upstream_invalid_response: { status: 502, message: 'The upstream response could not be processed.' },
  upstream_timeout: { status: 504, message: 'The upstream API did not answer in time.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

/** A normalised gateway failure; `parameter` names the offending input for `invalid_input`. */
export interface GatewayError {
  code: GatewayErrorCode;
  status: number;
  message: string;
  parameter?: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

/** Builds a gateway error with the table's status and the given (or default) message. */
export function gatewayError(
  code: GatewayErrorCode,
  message?: string,
  extra: Partial<Pick<GatewayError, 'parameter' | 'details' | 'retryAfterSeconds'>> = {},
): GatewayError {
  const error: GatewayError = {
    code,
    status: GATEWAY_ERRORS[code].status,
    message: message ?? GATEWAY_ERRORS[code].message,
  };
  if (extra.parameter !== undefined) error.parameter = extra.parameter;
  if (extra.details !== undefined) error.details = extra.details;
  if (extra.retryAfterSeconds !== undefined) error.retryAfterSeconds = extra.retryAfterSeconds;
  return error;
}

/** Thrown inside the pipeline to stop with a gateway error; caught by the gateway and turned into a response. */
export class GatewayFailure extends Error {
  constructor(readonly error: GatewayError) {
    super(error.message);
    this.name = 'GatewayFailure';
  }
}

/** Shorthand: stop the pipeline with this error. */
export function failWith(code: GatewayErrorCode, message?: string, extra?: Parameters<typeof gatewayError>[2]): never {
  throw new GatewayFailure(gatewayError(code, message, extra));
}

/** The JSON body of a gateway error response. */
export function errorBody(error: GatewayError): Buffer {
  const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
  const details =
    error.parameter !== undefined ? { parameter: error.parameter, ...(error.details as object) } : error.details;
  if (details !== undefined) body.details = details;
  return Buffer.from(JSON.stringify({ error: body }));
}
