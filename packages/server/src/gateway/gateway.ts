/**
 * The gateway engine: `invoke` (operation id + named inputs) and `forward` (raw path) run one pipeline —
 * rate limit, validate, build, credentials, request policies, guarded upstream call, response policies — and
 * always resolve to a GatewayResponse (gateway failures carry a typed `error`).
 */
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Finding, JsonValue } from '@portico/openapi';
import { createHostAllowList, type HostAllowList } from '../fetch/hosts.ts';
import { applyCredentials, usesOAuth } from './auth.ts';
import { type CompiledConnector, type CompiledOperation, compileConnector } from './compile.ts';
import { HeaderMap, type RequestState, type ResponseState, type SideCall } from './context.ts';
import { errorBody, failWith, type GatewayError, GatewayFailure, gatewayError } from './errors.ts';
import { responseHeaders } from './headers.ts';
import { createMemoryRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitDecision, type RateLimiter } from './rate-limit.ts';
import { buildRequest, type SerialisedRequest, serialiseRequest } from './request.ts';
import { matchOperation, type RawInputs, rawInputs } from './router.ts';
import type { ForwardRequest, GatewayConnector, GatewayOptions, GatewayResponse, InvokeRequest } from './types.ts';
import { checkHost, createUpstreamAgent, send, type UpstreamResponse } from './upstream.ts';
import { validateInputs } from './validate.ts';

export interface Gateway {
  /** Calls an operation by id with named inputs. */
  invoke(request: InvokeRequest): Promise<GatewayResponse>;
  /** Calls the operation matching a raw method and path (`/apim/{connector}/{connectionId}/{path…}`). */
  forward(request: ForwardRequest): Promise<GatewayResponse>;
  /** Compiles (and caches) a connector ahead of time; returns what could not be compiled (e.g. bad policies). */
  prepare(connector: GatewayConnector): Finding[];
  /** Drops a connector's compiled form (all versions when `version` is omitted). */
  invalidate(name: string, version?: string): void;
  /** Closes the upstream connection pools (and the rate limiter when the gateway created it). */
  close(): Promise<void>;
}

const DEFAULTS = {
  timeoutMs: 120_000,
  maxResponseBytes: 100 * 1024 * 1024,
  maxRequestBytes: 100 * 1024 * 1024,
  bufferBytes: 256 * 1024,
  cacheSize: 500,
  connectionsPerOrigin: 128,
};

function isJson(contentType: string | string[] | undefined): boolean {
  const text = Array.isArray(contentType) ? contentType[0] : contentType;
  return text !== undefined && /^application\/([\w.+-]*\+)?json\b|^text\/json\b/i.test(text);
}

const jsonProducers = new WeakMap<CompiledOperation, boolean>();

/** True when the operation produces JSON (then `Accept: application/json` is sent unless a header is set). */
function producesJson(operation: CompiledOperation): boolean {
  let known = jsonProducers.get(operation);
  if (known === undefined) {
    known = operation.produces.some((type) => isJson(type));
    jsonProducers.set(operation, known);
  }
  return known;
}

function decode(body: Buffer, encoding: string | string[] | undefined, limit: number): Buffer {
  const name = (Array.isArray(encoding) ? encoding[0] : encoding)?.trim().toLowerCase();
  const options = { maxOutputLength: limit };
  if (name === 'gzip' || name === 'x-gzip') return gunzipSync(body, options);
  if (name === 'deflate') return inflateSync(body, options);
  if (name === 'br') return brotliDecompressSync(body, options);
  return body;
}

/** Creates a gateway; every option but `allowHosts` has a documented default. */
export function createGateway(options: GatewayOptions): Gateway {
  const settings = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as typeof DEFAULTS & GatewayOptions;
  const allow: HostAllowList = createHostAllowList(options.allowHosts);
  const agent = createUpstreamAgent(allow, settings.connectionsPerOrigin);
  const ownLimiter = options.rateLimiter === undefined;
  const limiter: RateLimiter = options.rateLimiter ?? createMemoryRateLimiter();
  const defaultLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const userAgent = options.userAgent ?? 'Portico-Gateway/0.1';
  const byVersion = new Map<string, CompiledConnector>();
  const byIdentity = new WeakMap<object, CompiledConnector>();
  let recent:
    | { connector: GatewayConnector; name: string; version: string; key: string; entry: CompiledConnector }
    | undefined;

  function compiled(connector: GatewayConnector): CompiledConnector {
    if (connector.version === undefined) {
      let entry = byIdentity.get(connector.definition);
      if (!entry) {
        entry = compileConnector(connector.name, connector.definition, connector.properties);
        byIdentity.set(connector.definition, entry);
      }
      return entry;
    }
    // The most recently used connector again (the usual case): already last in LRU order, nothing to move.
    if (
      recent?.connector === connector &&
      recent.name === connector.name &&
      recent.version === connector.version &&
      byVersion.get(recent.key) === recent.entry
    )
      return recent.entry;
    const key = `${connector.name}\u0000${connector.version}`;
    let entry = byVersion.get(key);
    if (entry) {
      byVersion.delete(key);
      byVersion.set(key, entry);
    } else {
      entry = compileConnector(connector.name, connector.definition, connector.properties);
      byVersion.set(key, entry);
      if (byVersion.size > settings.cacheSize) byVersion.delete(byVersion.keys().next().value as string);
    }
    recent = { connector, name: connector.name, version: connector.version, key, entry };
    return entry;
  }

  function report(
    connector: string,
    operationId: string,
    response: GatewayResponse,
    throttled: boolean,
  ): GatewayResponse {
    const result = { connector, operationId, status: response.status, durationMs: response.durationMs, throttled };
    options.onResult?.(response.error ? { ...result, errorCode: response.error.code } : result);
    return response;
  }

  function errorResponse(
    error: GatewayError,
    started: number,
    state?: RequestState,
    operation?: CompiledOperation,
  ): GatewayResponse {
    const headers = new HeaderMap();
    headers.set('content-type', 'application/json; charset=utf-8');
    if (error.retryAfterSeconds !== undefined) headers.set('retry-after', String(error.retryAfterSeconds));
    if (state && operation)
      runResponsePolicies(operation, false, { status: error.status, headers, body: {}, request: state });
    const response: GatewayResponse = {
      status: error.status,
      headers: headers.toLowerRecord(),
      body: errorBody(error),
      durationMs: performance.now() - started,
      error,
    };
    response.operationId = operation?.operationId ?? '';
    return response;
  }

  /** True when a response policy of the section that applies (response or failure) would run. */
  function hasResponsePolicies(operation: CompiledOperation, success: boolean): boolean {
    for (const policy of operation.policies) {
      if (policy.step.onResponse && (policy.section === 'failure') !== success) return true;
    }
    return false;
  }

  function runResponsePolicies(operation: CompiledOperation, success: boolean, state: ResponseState): void {
    for (const policy of operation.policies) {
      if (!policy.step.onResponse) continue;
      if ((policy.section === 'failure') === success) continue;
      policy.step.onResponse(state);
    }
  }

  function sideCallFor(state: RequestState): SideCall {
    return async (method, target) => {
      const base = new URL(`${state.baseUrl}/`);
      const url = /^[a-z][a-z0-9+.-]*:/i.test(target)
        ? new URL(target)
        : new URL(`${state.baseUrl}${target.startsWith('/') ? '' : '/'}${target}`);
      if (url.origin !== base.origin) {
        failWith(
          'host_not_allowed',
          `A policy asked to call ${url.host}, which is not the connector's host ${base.host}.`,
        );
      }
      checkHost(url, allow);
      for (const [name, value] of state.credentialQuery ?? []) {
        if (!url.searchParams.has(name)) url.searchParams.append(name, value);
      }
      const headers = HeaderMap.from(state.headers.toRecord());
      headers.delete('content-length');
      headers.set('Accept', 'application/json');
      const request: SerialisedRequest = {
        url,
        pathAndQuery: `${url.pathname}${url.search}`,
        method,
        headers: headers.toRecord(),
      };
      const answer = await send(agent, request, settings.timeoutMs);
      const body = await answer.body.readAll(settings.maxResponseBytes, url.host, settings.timeoutMs);
      return { status: answer.status, headers: answer.headers, body };
    };
  }

  async function respond(
    operation: CompiledOperation,
    state: RequestState,
    upstream: UpstreamResponse,
    call: InvokeRequest | ForwardRequest,
    started: number,
    host: string,
  ): Promise<GatewayResponse> {
    const declared = Number(upstream.headers['content-length']);
    if (Number.isFinite(declared) && declared > settings.maxResponseBytes) {
      upstream.body.cancel();
      failWith(
        'upstream_response_too_large',
        `The response of ${host} is ${declared} bytes; the gateway returns at most ${settings.maxResponseBytes}.`,
      );
    }
    const success = upstream.status >= 200 && upstream.status < 300;
    const passed = responseHeaders(upstream.headers);
    if (!operation.readsResponseBody && !hasResponsePolicies(operation, success)) {
      // Nothing reshapes this response: the upstream's status, headers and body go back as they came.
      const body =
        upstream.body.take(Math.min(settings.bufferBytes, settings.maxResponseBytes)) ??
        (await upstream.body.readOrStream(settings.bufferBytes, settings.maxResponseBytes, host, settings.timeoutMs));
      return {
        status: upstream.status,
        headers: passed,
        body,
        durationMs: performance.now() - started,
        operationId: operation.operationId,
      };
    }
    const headers = HeaderMap.from(passed);
    const response: ResponseState = { status: upstream.status, headers, body: {}, request: state };
    if (call.gatewayBaseUrl !== undefined) response.gatewayBaseUrl = call.gatewayBaseUrl;
    let body: Buffer | Readable;
    if (success && operation.readsResponseBody) {
      const raw = await upstream.body.readAll(settings.maxResponseBytes, host, settings.timeoutMs);
      let decoded = raw;
      try {
        decoded = decode(raw, upstream.headers['content-encoding'], settings.maxResponseBytes);
      } catch {
        failWith('upstream_invalid_response', `The response of ${host} could not be decompressed.`);
      }
      let parsed: JsonValue | undefined;
      if (
        decoded.length > 0 &&
        (isJson(upstream.headers['content-type']) || upstream.headers['content-type'] === undefined)
      ) {
        try {
          parsed = JSON.parse(decoded.toString('utf8')) as JsonValue;
        } catch {
          parsed = undefined;
        }
      }
      if (parsed === undefined) {
        runResponsePolicies(operation, true, { ...response, body: {} });
        body = raw;
      } else {
        response.body.json = parsed;
        runResponsePolicies(operation, true, response);
        body = response.body.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(response.body.json));
        headers.delete('content-encoding');
        headers.delete('content-length');
        if (body.length > 0) headers.set('content-length', String(body.length));
      }
    } else {
      runResponsePolicies(operation, success, response);
      body = await upstream.body.readOrStream(
        settings.bufferBytes,
        settings.maxResponseBytes,
        host,
        settings.timeoutMs,
      );
    }
    const out: GatewayResponse = {
      status: response.status,
      headers: headers.toLowerRecord(),
      body,
      durationMs: performance.now() - started,
      operationId: operation.operationId,
    };
    if (response.trigger) out.trigger = response.trigger;
    return out;
  }

  async function pipeline(
    connector: CompiledConnector,
    operation: CompiledOperation,
    call: InvokeRequest | ForwardRequest,
    given: Record<string, unknown>,
    raw: RawInputs | undefined,
    started: number,
  ): Promise<GatewayResponse> {
    let state: RequestState | undefined;
    let upstream: UpstreamResponse | undefined;
    try {
      const inputs = validateInputs(connector, operation, given, raw?.rawBody !== undefined);
      state = buildRequest(operation, connector.baseUrl ?? '', inputs, call.connectionParameters);
      state.sideCall = sideCallFor(state);
      if (raw) {
        state.query.push(...raw.extraQuery);
        if (raw.rawBody) {
          state.body = { raw: raw.rawBody.data, contentType: raw.rawBody.contentType };
          state.headers.set('Content-Type', raw.rawBody.contentType);
        }
      }
      if (call.trigger) state.triggerQuery = call.trigger.query;
      if (applyCredentials(connector, operation, state, call.connectionParameters) === 'needs-token') {
        failWith(
          'reauthentication_required',
          'The connection has no access token; sign in again to re-authenticate it.',
        );
      }
      for (const policy of operation.policies) {
        // Most request policies are synchronous; only those that return a promise are waited for.
        const pending = policy.step.onRequest?.(state);
        if (pending) await pending;
      }
      if (state.baseUrl === '') {
        failWith(
          'connection_incomplete',
          `The connector "${connector.name}" declares no host; its definition needs a host.`,
        );
      }
      if (!state.headers.has('accept') && producesJson(operation)) state.headers.set('Accept', 'application/json');
      if (!state.headers.has('user-agent')) state.headers.set('User-Agent', userAgent);
      const request = serialiseRequest(state, settings.maxRequestBytes);
      checkHost(request.url, allow);
      upstream = await send(agent, request, settings.timeoutMs);
      if (upstream.status === 401 && call.refreshAccessToken && usesOAuth(connector, operation)) {
        await upstream.body.discard();
        const token = await call.refreshAccessToken();
        if (!token)
          failWith(
            'reauthentication_required',
            'The access token was refused and could not be refreshed; sign in again.',
          );
        state.headers.set('Authorization', `Bearer ${token}`);
        request.headers = state.headers.toRecord();
        upstream = await send(agent, request, settings.timeoutMs);
      }
      return await respond(operation, state, upstream, call, started, request.url.host);
    } catch (error) {
      // An answer that will not be passed on must not hold its upstream connection.
      upstream?.body.cancel();
      if (error instanceof GatewayFailure) return errorResponse(error.error, started, state, operation);
      throw error;
    }
  }

  /** The 429 answer when the connection is over its limit; undefined when the call may go on. */
  function limited(
    connector: CompiledConnector,
    call: InvokeRequest | ForwardRequest,
    started: number,
  ): GatewayResponse | undefined | Promise<GatewayResponse | undefined> {
    if (call.connectionId === undefined) return undefined;
    const { limit, windowMs } = call.rateLimit ?? defaultLimit;
    const decision = limiter.take(`${connector.name}:${call.connectionId}`, limit, windowMs);
    // In-process limiters answer at once: no promise to wait for on the hot path.
    return typeof (decision as Partial<PromiseLike<unknown>>).then === 'function'
      ? Promise.resolve(decision).then((answer) => refusal(answer, limit, windowMs, started))
      : refusal(decision as RateLimitDecision, limit, windowMs, started);
  }

  /** The 429 answer for a refused decision, else undefined. */
  function refusal(
    decision: RateLimitDecision,
    limit: number,
    windowMs: number,
    started: number,
  ): GatewayResponse | undefined {
    if (decision.allowed) return undefined;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    return errorResponse(
      gatewayError(
        'throttled',
        `This connection made more than ${limit} calls in ${windowMs / 1000} s; retry in ${seconds} s.`,
        {
          retryAfterSeconds: seconds,
        },
      ),
      started,
    );
  }

  return {
    async invoke(call) {
      const started = performance.now();
      const connector = compiled(call.connector);
      const operation = connector.operations.get(call.operationId);
      if (!operation) {
        const error = gatewayError(
          'operation_not_found',
          `The connector "${connector.name}" has no operation "${call.operationId}".`,
        );
        return report(connector.name, call.operationId, errorResponse(error, started), false);
      }
      const limit = limited(connector, call, started);
      const refused = limit instanceof Promise ? await limit : limit;
      if (refused)
        return report(connector.name, operation.operationId, { ...refused, operationId: operation.operationId }, true);
      const response = await pipeline(connector, operation, call, call.inputs, undefined, started);
      return report(connector.name, operation.operationId, response, response.status === 429);
    },

    async forward(call) {
      const started = performance.now();
      const connector = compiled(call.connector);
      const url = new URL(call.path.startsWith('/') ? call.path : `/${call.path}`, 'http://gateway.invalid');
      const match = matchOperation(connector, call.method, url.pathname);
      if (!match) {
        const error = gatewayError(
          'operation_not_found',
          `The connector "${connector.name}" has no operation for ${call.method.toUpperCase()} ${url.pathname}.`,
        );
        return report(connector.name, '', errorResponse(error, started), false);
      }
      const { operation } = match;
      const limit = limited(connector, call, started);
      const refused = limit instanceof Promise ? await limit : limit;
      if (refused)
        return report(connector.name, operation.operationId, { ...refused, operationId: operation.operationId }, true);
      let raw: RawInputs;
      try {
        raw = rawInputs(operation, match.pathValues, url.searchParams, call.headers, call.body);
      } catch (error) {
        if (error instanceof GatewayFailure)
          return report(
            connector.name,
            operation.operationId,
            errorResponse(error.error, started, undefined, operation),
            false,
          );
        throw error;
      }
      const response = await pipeline(connector, operation, call, raw.inputs, raw, started);
      return report(connector.name, operation.operationId, response, response.status === 429);
    },

    prepare(connector) {
      return compiled(connector).findings;
    },

    invalidate(name, version) {
      for (const key of [...byVersion.keys()]) {
        const [keyName, keyVersion] = key.split('\u0000');
        if (keyName === name && (version === undefined || keyVersion === version)) byVersion.delete(key);
      }
    },

    async close() {
      await agent.close();
      if (ownLimiter) await limiter.close?.();
    },
  };
}
