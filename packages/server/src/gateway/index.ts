/** The runtime gateway engine: invoke connector operations with credentials, policies, limits and SSRF guards. */
export { type CredentialOutcome, usesOAuth } from './auth.ts';
export { type CompiledConnector, type CompiledOperation, compileConnector } from './compile.ts';
export { errorBody, GATEWAY_ERRORS, type GatewayError, type GatewayErrorCode, gatewayError } from './errors.ts';
export { compileTemplate, compileValuePath } from './expressions.ts';
export { createGateway, type Gateway } from './gateway.ts';
export { checkPolicies, POLICY_TEMPLATES } from './policies/index.ts';
export {
  createMemoryRateLimiter,
  DEFAULT_RATE_LIMIT,
  type RateLimitDecision,
  type RateLimiter,
} from './rate-limit.ts';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './rate-limit-redis.ts';
export type {
  ForwardRequest,
  GatewayConnector,
  GatewayOptions,
  GatewayResponse,
  GatewayResult,
  InvokeRequest,
  TriggerResult,
} from './types.ts';
export { ResponseTooLargeError } from './upstream.ts';
