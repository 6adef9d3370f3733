/** Fixtures for the OAuth tests: connector packages that sign in at the test provider, and an app wired to it. */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { getStoredTokens } from '../../src/oauth/store.ts';
import type { TokenSet } from '../../src/oauth/token-client.ts';
import { openTokens } from '../../src/oauth/tokens.ts';
import type { Keyring } from '../../src/secrets/index.ts';
import type { Store } from '../../src/store/store.ts';
import { addUser, makeApp, type TestApp, type TestUser } from './app.ts';

export const PUBLIC_URL = 'http://portico.test';
export const CONNECTIONS = '/api/v1/environments/default/connections';
export const CONNECTORS = '/api/v1/environments/default/connectors';
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
export type Json = Record<string, any>;

/** A minimal connector package whose oauthSetting has the given oAuthSettings (plus extra connection parameters). */
export function oauthPackage(
  oAuthSettings: Record<string, unknown>,
  extraParameters: Record<string, unknown> = {},
  upstream: { host: string; scheme: 'http' | 'https' } = { host: 'api.example.com', scheme: 'https' },
): { apiDefinition: string; apiProperties: string } {
  const definition = {
    swagger: '2.0',
    info: { title: 'OAuth Test API', version: '1.0.0', description: 'An API that signs in with OAuth.' },
    host: upstream.host,
    basePath: '/',
    schemes: [upstream.scheme],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/me': {
        get: {
          operationId: 'GetMe',
          summary: 'Who am I',
          description: 'Returns the signed-in user.',
          responses: { '200': { description: 'OK', schema: { type: 'object' } } },
        },
      },
    },
    securityDefinitions: {
      oauth2: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://login.example.com/auth',
        tokenUrl: 'https://login.example.com/token',
        scopes: {},
      },
    },
    security: [{ oauth2: [] }],
  };
  const properties = {
    properties: {
      connectionParameters: {
        token: { type: 'oauthSetting', oAuthSettings: { redirectMode: 'GlobalPerConnector', ...oAuthSettings } },
        ...extraParameters,
      },
      iconBrandColor: '#007ee5',
      publisher: 'Portico tests',
      stackOwner: 'Portico tests',
    },
  };
  return { apiDefinition: JSON.stringify(definition), apiProperties: JSON.stringify(properties) };
}

/** The generic OAuth 2.0 settings of a connector that signs in at `issuer` (oidc-provider's default paths). */
export function genericSettings(issuer: string, clientId: string): Record<string, unknown> {
  return {
    identityProvider: 'oauth2',
    clientId,
    scopes: ['openid', 'offline_access'],
    customParameters: {
      authorizationUrl: { value: `${issuer}/auth` },
      tokenUrl: { value: `${issuer}/token` },
      refreshUrl: { value: `${issuer}/token` },
    },
  };
}

export interface OAuthApp {
  t: TestApp;
  owner: TestUser;
  other: TestUser;
  logLines: string[];
  /** Every response body the test received, to scan for secrets. */
  bodies: string[];
  call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    who: TestUser,
    payload?: unknown,
  ): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
  /** Sends the provider's redirect (a URL under PUBLIC_URL) to the app, as the browser would. */
  land(url: string, who?: TestUser): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** An app over the given store (default: fresh SQLite) that may reach 127.0.0.1, with a log capture. */
export async function oauthApp(options: { store?: Store; config?: Partial<Config> } = {}): Promise<OAuthApp> {
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const t = await makeApp({
    config: { publicUrl: PUBLIC_URL, gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }], ...options.config },
    logger: createLogger('trace', stream),
    ...(options.store ? { store: options.store } : {}),
  });
  const owner = await addUser(t.store);
  const other = await addUser(t.store);
  const bodies: string[] = [];
  const record = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    bodies.push(res.body, JSON.stringify(res.headers));
    return res;
  };
  return {
    t,
    owner,
    other,
    logLines,
    bodies,
    call: async (method, url, who, payload) =>
      record(
        await t.app.inject({
          method,
          url,
          headers: who.auth,
          ...(payload === undefined ? {} : { payload: payload as Json }),
        }),
      ),
    land: async (url, who) => {
      const target = new URL(url);
      return record(
        await t.app.inject({
          method: 'GET',
          url: `${target.pathname}${target.search}`,
          ...(who ? { headers: who.auth } : {}),
        }),
      );
    },
    close: () => t.close(),
  };
}

/** The decrypted tokens of a connection, read straight from the store (tests only). */
export async function storedTokens(
  store: Store,
  keyring: Keyring,
  connectionId: string,
): Promise<TokenSet | undefined> {
  const row = await getStoredTokens(store.db, connectionId);
  return row ? openTokens(keyring, row) : undefined;
}

/** The app's keyring. */
export function keyringOf(app: FastifyInstance): Keyring {
  return app.keyring;
}
