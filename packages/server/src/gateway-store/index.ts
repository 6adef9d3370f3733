/** Database-backed pieces of the gateway: the PostgreSQL rate limiter shared by several Portico processes. */
export {
  createPostgresRateLimiter,
  type PostgresRateLimiterOptions,
  sweepRateLimits,
} from './rate-limit-postgres.ts';
