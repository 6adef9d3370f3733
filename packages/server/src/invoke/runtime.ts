/**
 * One gateway per server process, wired to the server: the rate limiter chosen by configuration (Redis, else
 * PostgreSQL when the store is PostgreSQL, else memory), metrics, batched usage records, the runtime cache, and
 * the OAuth token hook. `call` turns a connection id plus an invoke or raw request into a gateway response.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import {
  createGateway,
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type ForwardRequest,
  type Gateway,
  type GatewayResponse,
  type InvokeRequest,
  type RateLimiter,
} from '../gateway/index.ts';
import { createPostgresRateLimiter, sweepRateLimits } from '../gateway-store/index.ts';
import type { Keyring } from '../secrets/index.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/users.ts';
import { resolveAccessToken, type TokenFailure, type TokenSource } from './access-token.ts';
import {
  type AccessDecision,
  type CachedConnection,
  createRuntimeCache,
  isOAuthConnection,
  type RuntimeCache,
} from './cache.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';
import { createUsageRecorder, type UsageRecorder } from './usage.ts';

export interface GatewayRuntimeDeps {
  config: Config;
  store: Store;
  keyring: Keyring;
  registry: Registry;
  log: FastifyBaseLogger;
  /** Override the limiter (tests); default chosen from the configuration. */
  rateLimiter?: RateLimiter;
}

/** What the caller asks for: an operation by id with inputs, or a raw request in `/apim` form. */
export type RuntimeRequest =
  | {
      kind: 'invoke';
      operationId: string;
      inputs: Record<string, unknown>;
      /** Polling triggers: the query the previous poll answered with (`X-Portico-Trigger-State`). */
      trigger?: { query: Record<string, string> };
    }
  | {
      kind: 'forward';
      method: string;
      path: string;
      headers: Record<string, string | string[] | undefined>;
      body?: Buffer;
      /** The connector name in the raw URL; must be the connection's connector. */
      connectorName: string;
    };

/** A refusal before the gateway is called (unknown connection, no access): a management API error code. */
export interface RuntimeRefusal {
  refused: 'connection_not_found' | 'forbidden' | 'connector_version_not_found';
  message: string;
}

export interface GatewayRuntime {
  gateway: Gateway;
  cache: RuntimeCache;
  usage: UsageRecorder;
  metrics: GatewayMetrics;
  limiter: 'redis' | 'postgres' | 'memory' | 'custom';
  /** The OAuth token manager, once the oauth feature provides one (see resolveAccessToken). */
  tokens: TokenSource | undefined;
  /** Runs one call for `user` through connection `connectionId`. */
  call(user: User, connectionId: string, request: RuntimeRequest): Promise<GatewayResponse | RuntimeRefusal>;
  close(): Promise<void>;
}

function allowList(config: Config): string[] {
  return config.gatewayAllowHosts.map((h) => (h.kind === 'host' ? h.host : `${h.address}/${h.prefix}`));
}

/** A response the runtime answers itself (no upstream call), in the standard error body. */
function errorResponse(error: TokenFailure): GatewayResponse {
  const body = { error: { code: error.code, message: error.message } };
  return {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body)),
    durationMs: 0,
  };
}

/** Creates the runtime; `close()` flushes usage and closes the upstream pools and the limiter. */
export function createGatewayRuntime(deps: GatewayRuntimeDeps): GatewayRuntime {
  const { config, store, log } = deps;
  let limiterKind: GatewayRuntime['limiter'] = 'custom';
  let limiter = deps.rateLimiter;
  let sweep: NodeJS.Timeout | undefined;
  if (!limiter) {
    if (config.redisUrl) {
      limiterKind = 'redis';
      limiter = createRedisRateLimiter({
        url: config.redisUrl,
        onError: (err) => log.warn({ err: { message: err.message } }, 'gateway rate limiter: Redis failed'),
      });
    } else if (store.dialect === 'postgres') {
      limiterKind = 'postgres';
      limiter = createPostgresRateLimiter(store.db, {
        onError: (err) => log.warn({ err: { message: err.message } }, 'gateway rate limiter: PostgreSQL failed'),
      });
      // Counters of connections idle for an hour are useless (they restart at 1); any node may sweep them.
      sweep = setInterval(() => {
        sweepRateLimits(store.db).catch((err: Error) =>
          log.warn({ err: { message: err.message } }, 'gateway rate limiter: sweep failed'),
        );
      }, 3_600_000);
      sweep.unref();
    } else {
      limiterKind = 'memory';
      limiter = createMemoryRateLimiter();
    }
  }
  const metrics = createGatewayMetrics(deps.registry);
  const gateway = createGateway({
    allowHosts: allowList(config),
    rateLimiter: limiter,
    onResult: (result) => metrics.record(result),
  });
  const cache = createRuntimeCache({ db: store.db, keyring: deps.keyring });
  const usage = createUsageRecorder(store.db, {
    onError: (err) => log.warn({ err: { message: err.message } }, 'gateway usage record failed'),
  });

  function notFound(connectionId: string): RuntimeRefusal {
    return {
      refused: 'connection_not_found',
      message: `There is no connection "${connectionId}" of yours; list yours with GET /api/v1/environments/{env}/connections.`,
    };
  }

  /** The connection when the caller may use it, else the refusal. */
  function decide(
    connectionId: string,
    connection: CachedConnection,
    decision: AccessDecision,
  ): CachedConnection | RuntimeRefusal {
    if (!decision.allowed) {
      if (decision.code === 'connection_not_found') return notFound(connectionId);
      return {
        refused: 'forbidden',
        message: `The connector "${connection.connectorName}" of connection ${connectionId} is no longer shared with you; ask its owner to share it again.`,
      };
    }
    if (!connection.version) {
      return {
        refused: 'connector_version_not_found',
        message: `The connector "${connection.connectorName}" has no current version.`,
      };
    }
    return connection;
  }

  /** The connection from memory when both it and the caller's access decision are fresh there (the hot path). */
  function prepareFromMemory(user: User, connectionId: string): CachedConnection | RuntimeRefusal | undefined {
    const connection = cache.freshConnection(connectionId);
    const decision = connection && cache.freshAccess(user, connection);
    return connection && decision ? decide(connectionId, connection, decision) : undefined;
  }

  async function prepare(user: User, connectionId: string): Promise<CachedConnection | RuntimeRefusal> {
    const connection = await cache.connection(connectionId);
    if (!connection) return notFound(connectionId);
    return decide(connectionId, connection, await cache.access(user, connection));
  }

  // The raw-mode URL of a connection, built once per connection and public URL (which can change after listen).
  const baseUrls = new WeakMap<CachedConnection, { publicUrl: string; url: string }>();
  function baseUrlOf(connection: CachedConnection): string {
    const known = baseUrls.get(connection);
    if (known && known.publicUrl === config.publicUrl) return known.url;
    const url = `${config.publicUrl}/apim/${encodeURIComponent(connection.connectorName)}/${encodeURIComponent(connection.id)}`;
    baseUrls.set(connection, { publicUrl: config.publicUrl, url });
    return url;
  }

  const runtime: GatewayRuntime = {
    gateway,
    cache,
    usage,
    metrics,
    limiter: limiterKind,
    tokens: undefined,

    async call(user, connectionId, request) {
      const prepared = prepareFromMemory(user, connectionId) ?? (await prepare(user, connectionId));
      if ('refused' in prepared) return prepared;
      const connection = prepared;
      const version = connection.version!;
      if (request.kind === 'forward' && request.connectorName !== connection.connectorName) {
        return {
          refused: 'connection_not_found',
          message: `Connection ${connectionId} is not a connection to "${request.connectorName}".`,
        };
      }
      let parameters = connection.parameters;
      let refreshAccessToken: (() => Promise<string | undefined>) | undefined;
      if (isOAuthConnection(connection)) {
        const outcome = await resolveAccessToken(runtime.tokens, connectionId, connection.connectorName);
        if ('error' in outcome) return errorResponse(outcome.error);
        parameters = { ...parameters, accessToken: outcome.token };
        const tokens = runtime.tokens;
        if (tokens?.refreshAccessToken) {
          refreshAccessToken = async () => {
            const fresh = await tokens.refreshAccessToken!(connectionId, outcome.token).catch(() => undefined);
            metrics.refresh(connection.connectorName, fresh ? 'ok' : 'failed');
            return fresh;
          };
        }
      }
      let response: GatewayResponse;
      if (request.kind === 'invoke') {
        const call: InvokeRequest = {
          connector: version.connector,
          connectionParameters: parameters,
          connectionId,
          rateLimit: version.rateLimit,
          gatewayBaseUrl: baseUrlOf(connection),
          operationId: request.operationId,
          inputs: request.inputs,
        };
        if (refreshAccessToken) call.refreshAccessToken = refreshAccessToken;
        if (request.trigger) call.trigger = request.trigger;
        response = await gateway.invoke(call);
      } else {
        const call: ForwardRequest = {
          connector: version.connector,
          connectionParameters: parameters,
          connectionId,
          rateLimit: version.rateLimit,
          gatewayBaseUrl: baseUrlOf(connection),
          method: request.method,
          path: request.path,
          headers: request.headers,
        };
        if (refreshAccessToken) call.refreshAccessToken = refreshAccessToken;
        if (request.body !== undefined) call.body = request.body;
        response = await gateway.forward(call);
      }
      const code = response.error?.code;
      if (response.operationId && code !== 'throttled' && code !== 'operation_not_found') {
        usage.add(connectionId, response.operationId);
      }
      return response;
    },

    async close() {
      if (sweep) clearInterval(sweep);
      await usage.close();
      await gateway.close();
      await limiter.close?.();
    },
  };
  return runtime;
}
