/**
 * A stand-in for Microsoft Entra ID in browser tests: the server tests' real OAuth provider (oidc-provider),
 * answering at Entra ID's v1 paths `/{tenant}/oauth2/authorize|token` with the `resource` indicator, behind a
 * pass-through proxy that notes every access token the token endpoint issues, and a protected API that only
 * answers calls carrying one of those tokens (as an API checking Entra ID's tokens would).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestProvider, type TestProvider } from '../../../packages/server/test/helpers/oidc.ts';

export interface EntraStandIn {
  provider: TestProvider;
  /** What a connector's "Login URL" is set to: `{loginUri}/{tenant}/oauth2/…` reach the provider. */
  loginUri: string;
  tenant: string;
  resource: string;
  /** Access tokens the token endpoint issued, in order. */
  issued: string[];
  /** The protected API's base URL (`http://127.0.0.1:port`); `GET /me` needs a token the provider issued. */
  apiUrl: string;
  /** Calls the protected API received, with whether their token was one the provider issued. */
  apiCalls: Array<{ path: string; accepted: boolean }>;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Starts the provider, its recording proxy and the protected API, all on 127.0.0.1. */
export async function startEntraStandIn(options: {
  redirectUris: string[];
  tenant?: string;
  resource?: string;
}): Promise<EntraStandIn> {
  const tenant = options.tenant ?? 'contoso';
  const resource = options.resource ?? 'https://directory.contoso.test';
  const tokenPath = `/${tenant}/oauth2/token`;
  const provider = await startTestProvider({
    redirectUris: options.redirectUris,
    accessTokenTtl: 300,
    routes: { authorization: `/${tenant}/oauth2/authorize`, token: tokenPath },
    resources: [resource],
  });
  const target = new URL(provider.issuer);
  const issued: string[] = [];
  const apiCalls: EntraStandIn['apiCalls'] = [];

  // Everything passes through unchanged; the token endpoint's answers are read on the way back.
  const proxy = createServer((req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (req.method === 'POST' && req.url?.split('?')[0] === tokenPath && answer.statusCode === 200) {
            const token = (JSON.parse(body.toString('utf8')) as { access_token?: string }).access_token;
            if (token) issued.push(token);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const loginUri = await listen(proxy);

  const api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const accepted = Boolean(token && issued.includes(token));
    apiCalls.push({ path: req.url ?? '/', accepted });
    res.writeHead(accepted ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        accepted
          ? { displayName: 'Grace Hopper', mail: 'grace@contoso.test', tenant }
          : { error: { code: 'InvalidAuthenticationToken', message: 'The access token is not valid.' } },
      ),
    );
  });
  const apiUrl = await listen(api);

  return {
    provider,
    loginUri,
    tenant,
    resource,
    issued,
    apiUrl,
    apiCalls,
    async close() {
      await Promise.all([close(api), close(proxy), provider.close()]);
    },
  };
}
