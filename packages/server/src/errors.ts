/**
 * The one table of error codes of the management API: code → HTTP status → default message.
 * Every error body is `{ "error": { "code", "message", "details"? } }`; `docs/errors.md` documents each code,
 * and `test/errors.test.ts` fails when a code used in `src/` is missing here or there.
 */

export const ERRORS = {
  // 400 — the request itself is wrong
  validation_failed: { status: 400, message: 'The request does not match the schema of this operation.' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  bad_request: { status: 400, message: 'The request cannot be processed as sent.' },
  // 401 — who are you?
  unauthenticated: {
    status: 401,
    message: 'Sign in, or send a personal access token as "Authorization: Bearer <token>".',
  },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  invalid_token: { status: 401, message: 'The access token is unknown, revoked or expired; create a new one.' },
  session_expired: { status: 401, message: 'The session has ended; sign in again.' },
  refresh_token_invalid: {
    status: 401,
    message: 'The refresh webhook token of the API app is missing or wrong; an owner can make one.',
  },
  // 403 — you may not
  forbidden: { status: 403, message: 'Your role does not allow this operation.' },
  csrf_failed: {
    status: 403,
    message: 'Missing or wrong CSRF token; send the X-CSRF-Token header returned at sign-in.',
  },
  read_only: { status: 403, message: 'This resource is read-only.' },
  // 404 — not here (or not visible to you)
  route_not_found: { status: 404, message: 'There is no such operation.' },
  user_not_found: { status: 404, message: 'There is no such user.' },
  environment_not_found: { status: 404, message: 'There is no such environment, or you have no role in it.' },
  app_not_found: { status: 404, message: 'There is no such API app, or you have no role on it.' },
  revision_not_found: { status: 404, message: 'There is no such revision.' },
  connector_not_found: { status: 404, message: 'There is no such connector in this environment.' },
  connector_version_not_found: { status: 404, message: 'There is no such connector version.' },
  connection_not_found: { status: 404, message: 'There is no such connection.' },
  draft_not_found: {
    status: 404,
    message: 'There is no such connector draft (drafts expire after a day); upload the package again.',
  },
  token_not_found: { status: 404, message: 'There is no such access token.' },
  // OAuth 2.0 connections
  oauth_settings_invalid: {
    status: 422,
    message: "The connector's OAuth settings are incomplete (client id, URLs or templates); fix the connector.",
  },
  // 409 — conflicts with the current state
  user_exists: { status: 409, message: 'A user with this email already exists.' },
  environment_exists: { status: 409, message: 'An environment with this name already exists.' },
  app_exists: { status: 409, message: 'An API app with this name already exists.' },
  connector_exists: { status: 409, message: 'A connector with this name already exists in this environment.' },
  connector_in_use: {
    status: 409,
    message: 'Connections still use this connector; delete them first or force the deletion.',
  },
  auth_answers_missing: {
    status: 400,
    message: 'The connector needs answers to its authentication questions; send them in "auth".',
  },
  connection_parameters_invalid: {
    status: 400,
    message: 'The connection parameters do not match what the connector asks for.',
  },
  conflict: { status: 409, message: 'The change conflicts with the current state; reload and try again.' },
  connector_not_linked: {
    status: 409,
    message: 'This connector is not linked to an API app, so it has no source updates.',
  },
  update_conflicts: {
    status: 409,
    message: 'Customisations of the connector conflict with the source update; resolve each conflict.',
  },
  // 413, 415, 422 — the payload
  payload_too_large: { status: 413, message: 'The request body is larger than the limit.' },
  unsupported_media_type: {
    status: 415,
    message: 'The request body has a content type this operation does not accept.',
  },
  definition_invalid: { status: 422, message: 'The definition cannot be read as an OpenAPI document.' },
  package_invalid: { status: 422, message: 'The connector package cannot be imported.' },
  // The gateway (invoking connector operations; see src/gateway/README.md)
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
  // 5xx — our side or upstream
  definition_fetch_failed: { status: 502, message: 'The definition URL could not be fetched.' },
  upstream_failed: { status: 502, message: 'The upstream API did not answer as expected.' },
  oauth_token_request_failed: {
    status: 502,
    message: "The OAuth provider's token endpoint refused the request or could not be reached.",
  },
  service_unavailable: { status: 503, message: 'A service Portico needs (the database) is unavailable.' },
  internal_error: { status: 500, message: 'Something went wrong on the server; the log has the details.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** JSON shape of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An expected failure a route reports to the client; the error handler turns it into the error body. */
export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERRORS[code].message);
    this.name = 'PorticoError';
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.details = details;
  }

  /** The response body for this error. */
  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

/** Throws a PorticoError; reads well in guard clauses (`user ?? fail('user_not_found')`). */
export function fail(code: ErrorCode, message?: string, details?: unknown): never {
  throw new PorticoError(code, message, details);
}

/** JSON Schema of the error body, shared by every route's error responses. */
export const errorBodySchema = {
  $id: 'Error',
  type: 'object',
  description: 'The error body of every failed request.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERRORS), description: 'Stable error code, see docs/errors.md.' },
        message: { type: 'string', description: 'What went wrong and what to do, in one sentence.' },
        details: { description: 'Structured details, e.g. the fields that failed validation.' },
      },
    },
  },
} as const;
