/**
 * The application factory: `buildApp(deps)` assembles infrastructure plugins (errors, OpenAPI, auth,
 * metrics) and the feature plugins, and never listens. Tests call it and use `app.inject()`;
 * `startServer` (server.ts) listens.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { createAnalyzer, type DefinitionAnalyzer } from './apps/analysis.ts';
import type { Config } from './config.ts';
import { FEATURES } from './features.ts';
import { createLogger } from './logger.ts';
import { createMetrics, metricsPlugin } from './metrics.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { requestIdGenerator } from './plugins/request-logger.ts';
import { AJV_OPTIONS, buildValidator } from './plugins/validation.ts';
import { invokeLanePlugin } from './routes/invoke-lane.ts';
import { SHARED_SCHEMAS } from './schemas.ts';
import { createKeyring, type Keyring } from './secrets/index.ts';
import type { Store } from './store/store.ts';
import { migrateOrThrow } from './store/store.ts';
import './types.ts';

export interface AppDeps {
  config: Config;
  /** An open store; buildApp brings its schema up to date unless `migrate` is false. The caller closes it. */
  store: Store;
  /** A pino logger; default: one at `config.logLevel` writing to stdout, with secrets redacted. */
  logger?: Logger;
  /** Run migrations before building (default true; idempotent and safe across nodes). */
  migrate?: boolean;
  /** Encryption of stored secrets; default: from PORTICO_MASTER_KEY, or the key file under the data directory. */
  keyring?: Keyring;
  /** Feature plugins registered after the built-in ones (e.g. the demo API, tests). */
  extraFeatures?: FastifyPluginAsync[];
  /** Definition analysis; default: one in `config.definitionAnalysis` mode, closed with the app. */
  analyzer?: DefinitionAnalyzer;
}

/** Builds the Portico server application without listening. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  if (deps.migrate !== false) await migrateOrThrow(store);
  const logger: FastifyBaseLogger = deps.logger ?? createLogger(config.logLevel);
  const requestId = requestIdGenerator();
  const app = Fastify({
    loggerInstance: logger,
    genReqId: requestId,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { ...AJV_OPTIONS } },
    schemaController: { compilersFactory: { buildValidator } },
  });
  app.decorate('config', config);
  app.decorate('store', store);
  app.decorate(
    'keyring',
    deps.keyring ??
      createKeyring({ masterKey: config.masterKey, previousKeys: config.masterKeyPrevious, dataDir: config.dataDir }),
  );
  app.decorate('metrics', createMetrics());
  const analyzer = deps.analyzer ?? createAnalyzer(config.definitionAnalysis);
  app.decorate('analyzer', analyzer);
  if (!deps.analyzer) app.addHook('onClose', () => analyzer.close());
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(authPlugin);
  await app.register(metricsPlugin);
  for (const feature of [...FEATURES, ...(deps.extraFeatures ?? [])]) await app.register(feature);
  if (config.gatewayFastLane) await app.register(invokeLanePlugin, { requestId });
  await app.ready();
  return app;
}
