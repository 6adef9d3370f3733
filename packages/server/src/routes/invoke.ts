/**
 * Calling connector operations through the gateway: `POST /api/v1/connections/{id}/operations/{operationId}`
 * (inputs by parameter name, and `body`), and the raw form of Power Platform's runtime,
 * `/apim/{connector}/{connectionId}/{path…}`. The upstream's status, headers and body come back as they are;
 * failures of the gateway itself use the standard error body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PorticoError } from '../errors.ts';
import type { GatewayResponse } from '../gateway/index.ts';
import type { RuntimeRefusal } from '../invoke/runtime.ts';
import { requestChildLogger } from '../plugins/request-logger.ts';

type Params = { id: string; operationId: string };

const RAW_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The route pattern of calls by operation id (as metrics label them). */
export const INVOKE_ROUTE = '/api/v1/connections/:id/operations/:operationId';

/** The gateway's answer, or throws the runtime's refusal as a management API error. */
export function acceptedResult(result: GatewayResponse | RuntimeRefusal): GatewayResponse {
  if ('refused' in result) throw new PorticoError(result.refused, result.message);
  return result;
}

/** The inputs of a call from its parsed body: none sent is no inputs; anything else must be a JSON object. */
export function inputsOf(body: unknown): Record<string, unknown> {
  const inputs = body ?? {};
  if (typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new PorticoError(
      'validation_failed',
      'The body must be a JSON object of inputs by parameter name (and "body"), e.g. {"itemId": 3}.',
      [{ in: 'body', pointer: '', message: 'body must be an object' }],
    );
  }
  return inputs as Record<string, unknown>;
}

/** Sends a gateway response as it is, or throws the refusal as a management API error. */
function answer(reply: FastifyReply, response: GatewayResponse | RuntimeRefusal): FastifyReply {
  const result = acceptedResult(response);
  reply.code(result.status);
  for (const name in result.headers) reply.header(name, result.headers[name]);
  if (result.trigger) reply.header(TRIGGER_STATE_HEADER, encodeTriggerState(result.trigger.nextQuery));
  return reply.send(result.body);
}

/**
 * Polling triggers (`pollingtrigger` policy) carry their state between polls in this header: the answer
 * holds the next poll's query (base64url JSON), and the caller sends it back unchanged on the next call.
 */
export const TRIGGER_STATE_HEADER = 'x-portico-trigger-state';

function encodeTriggerState(query: Record<string, string>): string {
  return Buffer.from(JSON.stringify(query)).toString('base64url');
}

/** Reads the trigger state a caller sent back; a malformed value is a 400 naming the header. */
function decodeTriggerState(value: string | string[] | undefined): { query: Record<string, string> } | undefined {
  if (value === undefined || value === '') return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  try {
    const query = JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')) as unknown;
    if (query !== null && typeof query === 'object' && !Array.isArray(query)) {
      const entries = Object.entries(query as Record<string, unknown>);
      if (entries.every(([, v]) => typeof v === 'string'))
        return { query: Object.fromEntries(entries) as Record<string, string> };
    }
  } catch {
    // reported below
  }
  throw new PorticoError(
    'validation_failed',
    `The ${TRIGGER_STATE_HEADER} header must be the value a previous poll of this operation answered with.`,
    [{ in: 'header', pointer: TRIGGER_STATE_HEADER, message: 'not a trigger state' }],
  );
}

/** The part of a raw URL after `/apim/{connector}/{connectionId}`: the operation's own path and query. */
function rawPath(url: string): string {
  const match = /^\/apim\/[^/?]+\/[^/?]+(.*)$/.exec(url);
  const rest = match?.[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

type StrictParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;
/** What a content-type parser calls with its result (Fastify's type of it is not exported). */
type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Parses the JSON text of a call's inputs: Fastify's own parser (`strict`: secure-json-parse, refusing
 * `__proto__` and `constructor` keys) only for bodies that could hold such a key, written plainly or escaped, or
 * that do not parse; every other body, in practice every call's small object of inputs, goes straight to
 * `JSON.parse`, sparing the two pattern scans the secure parser runs over every body.
 */
export function parseInputsText(strict: StrictParser, req: FastifyRequest, text: string, done: ParserDone): void {
  if (text.length > 0 && !text.includes('__proto__') && !text.includes('constructor') && !text.includes('\\u')) {
    let inputs: unknown;
    try {
      inputs = JSON.parse(text);
    } catch {
      // Fastify's parser answers with its own error for the malformed body.
      strict(req, text, done);
      return;
    }
    done(null, inputs);
    return;
  }
  strict(req, text, done);
}

/** The JSON body parser of the invoke route (parseInputsText). */
function installInputsParser(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    parseInputsText(strict, req, body as string, done),
  );
}

/** Routes of the gateway: invoke by operation id, and raw mode. */
export async function invokeRoutes(app: FastifyInstance): Promise<void> {
  installInputsParser(app);
  app.post<{ Params: Params; Body: Record<string, unknown> | undefined }>(
    INVOKE_ROUTE,
    {
      config: { access: 'authenticated' },
      childLoggerFactory: requestChildLogger,
      schema: {
        operationId: 'InvokeOperation',
        summary: 'Call a connector operation',
        description:
          "Calls an operation of the connection's connector with the connection's credentials. The body holds the inputs by parameter name (path, query, header and formData parameters) and `body` for the request body; inputs are validated against the operation (400 invalid_input names the parameter). The upstream's status, headers (without Set-Cookie and hop-by-hop headers) and body are returned as they are. Limits: 500 calls per connection per 60 s unless the connector sets another (429 with Retry-After). Polling triggers answer with an X-Portico-Trigger-State header; send it back on the next poll to get only new items (202 when there are none).",
        tags: ['Gateway'],
        params: {
          type: 'object',
          required: ['id', 'operationId'],
          properties: {
            id: { type: 'string', description: 'Connection id.' },
            operationId: { type: 'string', description: "The operation's operationId in the connector definition." },
          },
        },
        body: {
          type: 'object',
          description:
            'Inputs by parameter name, and `body` for the request body; may be left out when there are none.',
          additionalProperties: true,
        },
      },
      // The schemas document the route; the gateway validates inputs against the operation itself, and a call
      // without inputs may send no body at all (checked in the handler).
      validatorCompiler: () => (data: unknown) => ({ value: data }),
    },
    async (req, reply) => {
      const inputs = inputsOf(req.body);
      const trigger = decodeTriggerState(req.headers[TRIGGER_STATE_HEADER]);
      const result = await app.gateway.call(req.principal!.user, req.params.id, {
        kind: 'invoke',
        operationId: req.params.operationId,
        inputs,
        ...(trigger ? { trigger } : {}),
      });
      return answer(reply, result);
    },
  );

  await app.register(async (raw) => {
    // Raw mode forwards bodies as they came: no JSON parsing, any content type.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) =>
      done(null, body),
    );
    raw.route<{ Params: { connector: string; connectionId: string; '*': string }; Body: Buffer | undefined }>({
      method: [...RAW_METHODS],
      url: '/apim/:connector/:connectionId/*',
      config: { access: 'authenticated' },
      childLoggerFactory: requestChildLogger,
      schema: { hide: true },
      handler: async (req, reply) => {
        const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
        const result = await app.gateway.call(req.principal!.user, req.params.connectionId, {
          kind: 'forward',
          connectorName: req.params.connector,
          method: req.method,
          path: rawPath(req.url),
          headers: req.headers,
          ...(body ? { body } : {}),
        });
        return answer(reply, result);
      },
    });
  });
}
