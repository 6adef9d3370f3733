/** Public API of the Portico server package. */
export { type AppDeps, buildApp } from './app.ts';
export { recordAudit, recordSystemAudit, scrubSecrets } from './audit/record.ts';
export { requireAdmin, requireAppRole, requireEnvironmentRole, requireUser } from './auth/access.ts';
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './auth/password.ts';
export { DEFAULT_ENVIRONMENT, DEFAULT_ENVIRONMENT_ROLE, type ProvisionInput, provisionUser } from './auth/provision.ts';
export {
  type Access,
  APP_ROLES,
  type AppRole,
  ENVIRONMENT_ROLES,
  type EnvironmentRole,
  ROLE_DESCRIPTIONS,
} from './auth/roles.ts';
export { hashSecret, newPersonalAccessToken, TOKEN_PREFIX } from './auth/secrets.ts';
export {
  type Config,
  ConfigError,
  type ConfigFlags,
  type ConfigProblem,
  type ConfigResult,
  type ConfigSources,
  loadConfig,
  readConfig,
  SETTINGS,
  testConfig,
} from './config.ts';
// Connector side (helper H2): connector and connection services, and key rotation over the database.
export * from './connections/index.ts';
export * from './connectors/index.ts';
// Demo mode (`portico demo`, helper L): the demo API, demo users and app.
export * from './demo-mode.ts';
export { ERRORS, type ErrorBody, type ErrorCode, fail, PorticoError } from './errors.ts';
export { FEATURES } from './features.ts';
export { createLogger } from './logger.ts';
export { type OAuthRewrapReport, rewrapOAuthSecrets } from './oauth/rewrap.ts';
export type { RouteEntry } from './plugins/openapi.ts';
export {
  createKeyring,
  generateMasterKey,
  type Keyring,
  keyFilePath,
  keyringFromKeys,
  readKeyFile,
  rotateKeyFile,
} from './secrets/index.ts';
export { FIRST_ADMIN_HINT, type RunningServer, type StartOptions, startServer } from './server.ts';
export * from './store/index.ts';
export { type RewrapReport, rewrapAllSecrets } from './store/rewrap.ts';
export { type MigrationReport, migrateOrThrow, openStore, runMigrations, type Store } from './store/store.ts';
export type { Principal, RequestScope } from './types.ts';
