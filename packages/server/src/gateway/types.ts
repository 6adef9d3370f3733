/** Public shapes of the runtime gateway: what a caller sends, what it gets back, and the hooks it can give. */
import type { Readable } from 'node:stream';
import type { JsonObject, JsonValue } from '@portico/openapi';
import type { GatewayError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';

/** A connector as the gateway needs it: its Swagger 2.0 definition and its apiProperties.json. */
export interface GatewayConnector {
  name: string;
  /** Cache key of this connector version (e.g. its revision id or content hash); without it, object identity. */
  version?: string;
  definition: JsonObject;
  /** The whole apiProperties.json (`{ properties: { … } }`) or its `properties` object. */
  properties?: JsonObject;
}

/** Outcome of a polling trigger call: the new items and the query to send on the next poll. */
export interface TriggerResult {
  items: JsonValue[];
  /** Query parameters for the next poll (pass back as `trigger.query`); unchanged when there were no items. */
  nextQuery: Record<string, string>;
}

interface CallBase {
  connector: GatewayConnector;
  /** Decrypted connection values by apiProperties name (`api_key`, `username`, `password`, …), plus `accessToken`. */
  connectionParameters: Record<string, string>;
  /** Key of the per-connection rate limit; no limit is applied without it. */
  connectionId?: string;
  /** Overrides the gateway's default calls per window for this connection. */
  rateLimit?: { limit: number; windowMs: number };
  /** Public URL prefix of the raw mode for this connection (`https://host/apim/{connector}/{connectionId}`); used by `updatenextlink`. */
  gatewayBaseUrl?: string;
  /** Called once when an OAuth upstream answers 401; returns a fresh access token, or undefined when re-authentication is needed. */
  refreshAccessToken?: () => Promise<string | undefined>;
  /** State of a polling trigger (`pollingtrigger` policy): the `nextQuery` of the previous poll. */
  trigger?: { query: Record<string, string> };
}

/** Invoke an operation by id with inputs by parameter name (and `body`). */
export interface InvokeRequest extends CallBase {
  operationId: string;
  inputs: Record<string, unknown>;
}

/** Forward a raw request (`/apim/{connector}/{connectionId}/{path…}`): matched to an operation by method and path. */
export interface ForwardRequest extends CallBase {
  method: string;
  /** The operation's own path with its query string, e.g. `/issues/12?expand=1` (no basePath). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
}

export interface GatewayResponse {
  status: number;
  /** Response headers, lower-case, without hop-by-hop headers and Set-Cookie. */
  headers: Record<string, string | string[]>;
  /** The whole body, or a stream for bodies larger than the buffering threshold. */
  body: Buffer | Readable;
  durationMs: number;
  /** Set when the gateway itself answered (the body is then `{ "error": { code, message, details? } }`). */
  error?: GatewayError;
  /** Set for operations with a `pollingtrigger` policy that answered 2xx. */
  trigger?: TriggerResult;
  /** The operation that was called (useful in raw mode). */
  operationId?: string;
}

/** What the metrics hook receives after every call. */
export interface GatewayResult {
  connector: string;
  operationId: string;
  status: number;
  durationMs: number;
  throttled: boolean;
  errorCode?: string;
}

export interface GatewayOptions {
  /** Hosts, IPs or CIDRs of private addresses the gateway may call (PORTICO_GATEWAY_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** Upstream timeout for headers and between body chunks; default 120 000 ms. */
  timeoutMs?: number;
  /** Largest upstream response body; default 100 MiB. */
  maxResponseBytes?: number;
  /** Largest request body sent upstream; default 100 MiB. */
  maxRequestBytes?: number;
  /** Bodies up to this size are returned as a Buffer, larger ones stream; default 256 KiB. */
  bufferBytes?: number;
  /** Per-connection limiter; default an in-memory one. */
  rateLimiter?: RateLimiter;
  /** Default calls per window per connection; default 500 per 60 s. */
  rateLimit?: { limit: number; windowMs: number };
  /** How many compiled connectors to keep; default 500. */
  cacheSize?: number;
  /** Keep-alive connections per upstream origin; default 128. */
  connectionsPerOrigin?: number;
  /** Metrics hook, called after every call. */
  onResult?: (result: GatewayResult) => void;
  /** User-Agent sent upstream. */
  userAgent?: string;
}

export type { JsonObject, JsonValue };
