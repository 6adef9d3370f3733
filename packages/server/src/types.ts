/** Fastify type extensions: the shared decorations every feature plugin can rely on. */
import type { Access, AppRole, EnvironmentRole } from './auth/roles.ts';
import type { Config } from './config.ts';
import type { Metrics } from './metrics.ts';
import type { RouteEntry } from './plugins/openapi.ts';
import type { Keyring } from './secrets/index.ts';
import type { ApiApp } from './store/apps.ts';
import type { Environment } from './store/environments.ts';
import type { Store } from './store/store.ts';
import type { User } from './store/users.ts';

/** Who is calling: a signed-in user (portal session) or a personal access token. */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** Hash of the session id, when via a session (sign-out deletes it). */
  sessionIdHash?: string;
  /** Id of the token, when via a personal access token. */
  tokenId?: string;
}

/** What the access check resolved for this request, so handlers do not look it up again. */
export interface RequestScope {
  environment?: Environment;
  environmentRole?: EnvironmentRole;
  app?: ApiApp;
  appRole?: AppRole;
}

import type { DefinitionAnalyzer } from './apps/analysis.ts';
import type { TokenCache } from './auth/token-cache.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: Store;
    metrics: Metrics;
    /** Envelope encryption for credentials and OAuth client secrets (see secrets/). */
    keyring: Keyring;
    /** Every route with its access rule, in registration order (for the route × role test and docs). */
    routeTable: readonly RouteEntry[];
    /** Recent bearer-token lookups (auth/token-cache.ts); clear it when tokens or users change. */
    tokenCache: TokenCache;
    /** Definition analysis off the event loop (apps/analysis.ts). */
    analyzer: DefinitionAnalyzer;
  }
  interface FastifyRequest {
    principal: Principal | null;
    scope: RequestScope;
  }
  interface FastifyContextConfig {
    /** Who may call this route; required on every /api/v1 route (see auth/roles.ts). */
    access?: Access;
  }
}
