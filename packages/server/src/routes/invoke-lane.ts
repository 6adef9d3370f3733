/**
 * The invoke fast lane: a call to `POST /api/v1/connections/{id}/operations/{operationId}` that needs nothing but
 * the gateway — a bearer token in the token cache, a JSON object of inputs — is answered
 * from the node:http server's request event, before Fastify's routing, hooks and reply machinery, which cost about
 * a sixth of such a call's CPU (bench/README.md).
 *
 * The lane decides from the request line and headers alone, before a byte of the body is read, and leaves every
 * other request to Fastify untouched: another method or path, a query string or an encoded path segment, another
 * content type, no or a chunked body, one over the body limit, `Expect`, a trigger state, a token that is not
 * cached or that the authentication hook would refuse or have to write, every call while the app closes, and
 * every call at log level debug or trace (where Fastify writes more about a request) or at info behind a trusted
 * proxy (where the logged client address comes from X-Forwarded-For). What it does after that is shared with the
 * route (routes/invoke.ts): the inputs parser, the runtime call, the error bodies (plugins/errors.ts), the
 * principal check (plugins/auth.ts), the request ids and child loggers (plugins/request-logger.ts) and the request
 * metrics. At info it writes the two lines Fastify writes per request. The response is written as Fastify's
 * `reply.send` writes a Buffer or a stream. `test/invoke-lane.test.ts` sends the same calls through both lanes and
 * compares the answers and the log lines.
 * `PORTICO_GATEWAY_FAST_LANE=false` turns the lane off.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline, type Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayResponse } from '../gateway/index.ts';
import { cachedBearerPrincipal } from '../plugins/auth.ts';
import { toPorticoError } from '../plugins/errors.ts';
import { requestChildLogger } from '../plugins/request-logger.ts';
import type { User } from '../store/users.ts';
import { acceptedResult, INVOKE_ROUTE, inputsOf, parseInputsText, TRIGGER_STATE_HEADER } from './invoke.ts';

/**
 * The calls the lane takes: path segments of unreserved characters only (so Fastify would pass them on as they
 * are, undecoded), at most 100 of them (find-my-way's parameter limit), and no query string.
 */
const LANE_PATH = /^\/api\/v1\/connections\/([\w.~-]{1,100})\/operations\/([\w.~-]{1,100})$/;

/** `application/json`, alone or with a charset (what the route's parser takes without a second look). */
const JSON_TYPE = /^application\/json\s*(?:;\s*charset=utf-8\s*)?$/i;

/** Log levels at which Fastify may write more about a request than the lane does: it steps aside. */
const VERBOSE_LEVELS = new Set(['debug', 'trace']);

const JSON_ERROR_TYPE = 'application/json; charset=utf-8';

function ignore(): void {}

interface LaneCall {
  user: User;
  connectionId: string;
  operationId: string;
  started: number;
  req: IncomingMessage;
  id: string;
  /** The request's logger while requests are logged (log level info), as Fastify's route would log with. */
  log: FastifyBaseLogger | undefined;
}

export interface InvokeLaneOptions {
  /** The app's request id generator, the one Fastify's `genReqId` uses. */
  requestId: () => string;
}

/** Puts the lane in front of Fastify's request handler on the app's HTTP server once the app is ready. */
export const invokeLanePlugin = fp(
  async (app: FastifyInstance, options: InvokeLaneOptions) => {
    // While the app closes, Fastify answers (503, or with Connection: close); the lane steps aside.
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    app.addHook('onReady', (done) => {
      installInvokeLane(app, options.requestId, () => closing);
      done();
    });
  },
  { name: 'portico-invoke-lane', dependencies: ['portico-gateway', 'portico-auth', 'portico-metrics'] },
);

function installInvokeLane(app: FastifyInstance, requestId: () => string, closing: () => boolean): void {
  const { server } = app;
  const [fastify] = server.listeners('request') as RequestListener[];
  if (!fastify) throw new Error('The invoke lane needs the Fastify server to have its request handler.');
  const strict = app.getDefaultJsonParser('error', 'error');
  const { bodyLimit, trustProxy } = app.config;

  /** The call this lane takes, or undefined to leave the request to Fastify. */
  function laneCall(req: IncomingMessage): LaneCall | undefined {
    if (req.method !== 'POST' || closing()) return undefined;
    const url = req.url;
    if (url === undefined || !url.startsWith('/api/v1/connections/')) return undefined;
    const match = LANE_PATH.exec(url);
    if (!match) return undefined;
    const { headers } = req;
    const type = headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type)) return undefined;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= bodyLimit) || headers['transfer-encoding'] !== undefined) return undefined;
    if (headers.expect !== undefined || headers[TRIGGER_STATE_HEADER] !== undefined) return undefined;
    const { level } = app.log;
    if (VERBOSE_LEVELS.has(level)) return undefined;
    const logging = level === 'info';
    // A logged request names the client's address, which behind a trusted proxy Fastify reads from X-Forwarded-For.
    if (logging && trustProxy) return undefined;
    const principal = cachedBearerPrincipal(app, headers.authorization);
    if (!principal) return undefined;
    const id = requestId();
    return {
      user: principal.user,
      connectionId: match[1] as string,
      operationId: match[2] as string,
      started: performance.now(),
      id,
      req,
      log: logging ? requestChildLogger.call(app, app.log, { reqId: id }, {}, req) : undefined,
    };
  }

  /** The request's logger (made now for a warning or an error when requests are not logged). */
  function logOf(call: LaneCall): FastifyBaseLogger {
    return call.log ?? requestChildLogger.call(app, app.log, { reqId: call.id }, {}, call.req);
  }

  function record(res: ServerResponse, call: LaneCall): void {
    app.metrics.recordRequest(INVOKE_ROUTE, 'POST', res.statusCode, (performance.now() - call.started) / 1000);
  }

  /**
   * Answers with the standard error body, as the errors plugin does for the route; after a body that did not
   * parse, the connection is closed, as Fastify closes it (the client may still be sending).
   */
  function fail(res: ServerResponse, call: LaneCall, error: unknown, unparsed = false): void {
    const mapped = toPorticoError(error, { contentType: 'application/json', bodyLimit });
    if (mapped.statusCode >= 500) logOf(call).error({ err: error }, 'request failed');
    else call.log?.info({ code: mapped.code }, mapped.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text = JSON.stringify(mapped.toBody());
    const headers: Record<string, string | number> = {
      'content-type': JSON_ERROR_TYPE,
      'content-length': Buffer.byteLength(text),
    };
    if (unparsed) headers.connection = 'close';
    res.writeHead(mapped.statusCode, headers);
    res.end(text);
    record(res, call);
  }

  /** Writes the gateway's answer as Fastify's reply writes a Buffer or a stream. */
  function send(res: ServerResponse, call: LaneCall, result: GatewayResponse): void {
    const { status, headers, body } = result;
    if (status < 100 || status > 599) throw new Error(`The gateway answered with status ${status}.`);
    if (status < 200 || status === 204) {
      // No body, and no content type or length, on such answers.
      const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
      res.writeHead(status, rest);
      res.end();
      if (!Buffer.isBuffer(body)) body.on('error', ignore).resume();
      record(res, call);
      return;
    }
    if (Buffer.isBuffer(body)) {
      const out = { ...headers };
      if (out['content-type'] === undefined) out['content-type'] = 'application/octet-stream';
      if (out['content-length'] === undefined || Number(out['content-length']) !== body.length)
        out['content-length'] = String(body.length);
      res.writeHead(status, out);
      res.end(body);
      record(res, call);
      return;
    }
    stream(res, call, status, headers, body);
  }

  /**
   * A large body: it starts with the part already read past the buffering threshold, so its headers always go
   * out with a first chunk; a failure after that (the upstream breaking off, the size limit) can only cut the
   * response, as Fastify cuts it.
   */
  function stream(
    res: ServerResponse,
    call: LaneCall,
    status: number,
    headers: Record<string, string | string[]>,
    body: Readable,
  ): void {
    res.statusCode = status;
    for (const name in headers) res.setHeader(name, headers[name] as string | string[]);
    pipeline(body, res, (error) => {
      if (error) logOf(call).warn({ err: error }, 'response terminated with an error with headers already sent');
      record(res, call);
    });
  }

  function serve(req: IncomingMessage, res: ServerResponse, call: LaneCall): void {
    const { log } = call;
    if (log) {
      // The two lines Fastify writes for every request, with the same fields (logger.ts serializes `req`).
      const { socket } = req;
      log.info(
        { req: { id: call.id, method: req.method, url: req.url, ip: socket.remoteAddress, headers: req.headers } },
        'incoming request',
      );
      res.once('finish', () =>
        log.info(
          { res: { statusCode: res.statusCode }, responseTime: performance.now() - call.started },
          'request completed',
        ),
      );
    }
    const chunks: Buffer[] = [];
    // A client that goes away mid-body gets no answer; its request's error must not end the process.
    req.on('error', ignore);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text =
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      // Fastify's JSON parser does not read the request it is given.
      parseInputsText(strict, undefined as unknown as FastifyRequest, text, (error, parsed) => {
        if (error) {
          fail(res, call, error, true);
          return;
        }
        let inputs: Record<string, unknown>;
        try {
          inputs = inputsOf(parsed);
        } catch (refused) {
          fail(res, call, refused);
          return;
        }
        app.gateway
          .call(call.user, call.connectionId, { kind: 'invoke', operationId: call.operationId, inputs })
          .then((result) => send(res, call, acceptedResult(result)))
          .catch((failure: unknown) => fail(res, call, failure));
      });
    });
  }

  server.removeListener('request', fastify);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const call = laneCall(req);
    if (call) serve(req, res, call);
    else fastify.call(server, req, res);
  });
}
