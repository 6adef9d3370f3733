/**
 * A real OAuth 2.0 / OpenID provider (the `oidc-provider` package) on 127.0.0.1 for the OAuth tests: one client,
 * PKCE required, authorization code + refresh (rotating) + client credentials, short access-token lifetime, and
 * an interaction that signs the test user in at once. It counts token requests and can revoke refresh tokens.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Token requests received, by grant type. */
  tokenRequests: Record<string, number>;
  /** The parameter names (and `resource` value) of each token request, in order. */
  tokenParams: Array<{ grant: string; names: string[]; resource?: string }>;
  /** Revokes a refresh token (as the user or an administrator would at the provider). */
  revokeRefreshToken(token: string): Promise<void>;
  /** Makes the next authorization requests end with `error=access_denied`. */
  denyNext(on: boolean): void;
  close(): Promise<void>;
}

export interface TestProviderOptions {
  redirectUris: string[];
  /** Access token lifetime in seconds (default 5). */
  accessTokenTtl?: number;
  /** Paths of the authorization and token endpoints (e.g. Entra ID's `/common/oauth2/v2.0/authorize`). */
  routes?: { authorization?: string; token?: string };
  /** Resource indicators this provider knows (Entra ID v1 `resource`). */
  resources?: string[];
}

/** Starts the provider on 127.0.0.1 port 0. */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const clientId = 'portico-test-client';
  const clientSecret = 'provider-client-secret-0123456789abcdef';
  const tokenRequests: Record<string, number> = {};
  const tokenParams: TestProvider['tokenParams'] = [];
  let deny = false;
  let provider: Provider | undefined;
  const resources = new Set(options.resources ?? []);
  const tokenPath = options.routes?.token ?? '/token';

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/interaction/') && provider) {
        const details = await provider.interactionDetails(req, res);
        if (deny) {
          await provider.interactionFinished(
            req,
            res,
            { error: 'access_denied', error_description: 'The user said no' },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const result: Record<string, unknown> = { login: { accountId: 'test-user' } };
        if (details.prompt.name === 'consent') {
          const grant = new provider.Grant({ accountId: 'test-user', clientId });
          grant.addOIDCScope('openid offline_access');
          for (const r of resources) grant.addResourceScope(r, 'user_impersonation');
          result.consent = { grantId: await grant.save() };
        }
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
        return;
      }
      provider!.callback()(req, res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((err as Error).message));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'openid offline_access api.read',
      },
    ],
    scopes: ['openid', 'offline_access', 'api.read'],
    pkce: { required: () => true },
    ttl: {
      AccessToken: options.accessTokenTtl ?? 5,
      ClientCredentials: options.accessTokenTtl ?? 5,
      AuthorizationCode: 60,
      RefreshToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    cookies: { keys: ['portico-test-cookie-key'] },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string | string[]) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (!resources.has(resource)) throw new Error(`unknown resource ${resource}`);
          return { scope: 'user_impersonation', audience: resource, accessTokenFormat: 'opaque' };
        },
      },
    },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    ...(options.routes ? { routes: options.routes } : {}),
  } as unknown as ConstructorParameters<typeof Provider>[1]);
  // Keep the provider quiet in test output (it warns about its development defaults).
  provider.on('server_error', () => {});
  // Count token requests by grant type (after the provider parsed them).
  provider.use(
    async (
      ctx: { method: string; path: string; oidc?: { params?: Record<string, unknown> } },
      next: () => Promise<void>,
    ) => {
      await next();
      if (ctx.method === 'POST' && ctx.path === tokenPath) {
        const params = ctx.oidc?.params ?? {};
        const grant = typeof params.grant_type === 'string' ? params.grant_type : 'unknown';
        tokenRequests[grant] = (tokenRequests[grant] ?? 0) + 1;
        const names = Object.keys(params).filter((k) => params[k] !== undefined);
        tokenParams.push({
          grant,
          names,
          ...(typeof params.resource === 'string' ? { resource: params.resource } : {}),
        });
      }
    },
  );

  return {
    issuer,
    clientId,
    clientSecret,
    tokenRequests,
    tokenParams,
    async revokeRefreshToken(token: string) {
      const found = await provider!.RefreshToken.find(token);
      if (found) await found.destroy();
    },
    denyNext(on: boolean) {
      deny = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tiny cookie jar for following the provider's redirects with fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Stores the Set-Cookie headers of a response. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie header to send. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the browser's path from the authorization URL through the provider (sign-in, consent) until the
 * provider redirects to a URL starting with `stopAt`; returns that URL.
 */
export async function followToRedirect(authorizationUrl: string, stopAt: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(stopAt)) return url;
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    const location = res.headers.get('location');
    await res.arrayBuffer();
    if (!location) throw new Error(`The provider stopped at ${url} with ${res.status} and no redirect.`);
    url = new URL(location, url).toString();
  }
  throw new Error('Too many redirects at the provider.');
}
