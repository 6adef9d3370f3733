// OAuth 2.0 connections: authorization code + PKCE, client credentials, token storage and refresh.
import { Counter, type Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Keyring } from '../secrets/index.ts';
import type { Store } from '../store/store.ts';
import { createTokenManager, type TokenManager } from './token-manager.ts';

export {
  connectionMeta,
  isOAuthConnection,
  loadOAuthContext,
  type OAuthContext,
  type OAuthDeps,
  type OAuthGrant,
  redirectUriOf,
} from './context.ts';
export {
  type AuthorizationOutcome,
  authorizationUrlFor,
  completeAuthorization,
  connectClientCredentials,
  type RedirectQuery,
  STATE_TTL_MS,
  startAuthorization,
} from './flow.ts';
export { withRefreshLock } from './lock.ts';
export { codeChallenge, hashState, randomToken } from './pkce.ts';
export { clientCredentialScopes, fillTemplate, type ProviderSettings, resolveProviderSettings } from './settings.ts';
export { clientCredentials, exchangeCode, refreshTokens, type TokenResult, type TokenSet } from './token-client.ts';
export { createTokenManager, type TokenManager, type TokenManagerOptions } from './token-manager.ts';
export { tokenContext } from './tokens.ts';

/** The OAuth dependencies of a server, from its store, keyring and configuration. */
export function oauthDepsOf(server: { store: Store; keyring: Keyring; config: Config }) {
  return {
    store: server.store,
    keyring: server.keyring,
    publicUrl: server.config.publicUrl,
    allowHosts: server.config.gatewayAllowHosts.map((h) => (h.kind === 'host' ? h.host : `${h.address}/${h.prefix}`)),
  };
}

const managers = new WeakMap<Store, TokenManager>();

/**
 * The token manager of a server: one per store, shared by every route of the process (the OAuth routes and the
 * gateway's), so its cache and single-flight cover all of them. Pass `app` (a Fastify instance) or its parts.
 */
export function oauthTokensOf(server: {
  store: Store;
  keyring: Keyring;
  config: Config;
  metrics?: { registry: Registry };
}): TokenManager {
  let manager = managers.get(server.store);
  if (!manager) {
    const counter = server.metrics
      ? new Counter({
          name: 'portico_oauth_token_requests_total',
          help: 'OAuth token requests made by the token manager (refreshes and client-credentials renewals), by grant and outcome.',
          labelNames: ['grant', 'outcome'],
          registers: [server.metrics.registry],
        })
      : undefined;
    manager = createTokenManager({
      ...oauthDepsOf(server),
      ...(counter ? { onTokenRequest: (e) => counter.inc({ grant: e.grant, outcome: e.outcome }) } : {}),
    });
    managers.set(server.store, manager);
  }
  return manager;
}
export { type OAuthRewrapReport, rewrapOAuthSecrets } from './rewrap.ts';
