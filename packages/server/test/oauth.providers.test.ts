/**
 * The identity providers Portico signs in with, each against a real provider on 127.0.0.1: Microsoft Entra ID
 * (`aad`) v2 (scopes, `offline_access` added) and v1 (`resource`), on Entra's URL layout
 * `{loginUri}/{tenant}/oauth2[/v2.0]/authorize|token`; and `oauth2generic` URL and body templates filled from
 * connection parameters.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenManager, oauthDepsOf, type TokenManager } from '../src/oauth/index.ts';
import { json } from './helpers/app.ts';
import {
  CONNECTIONS,
  CONNECTORS,
  type Json,
  type OAuthApp,
  oauthApp,
  oauthPackage,
  PUBLIC_URL,
  storedTokens,
} from './helpers/oauth.ts';
import { followToRedirect, startTestProvider, type TestProvider } from './helpers/oidc.ts';

let o: OAuthApp;
let clock = Date.now();
let tokens: TokenManager;
const providers: TestProvider[] = [];

beforeAll(async () => {
  o = await oauthApp();
  tokens = createTokenManager({ ...oauthDepsOf(o.t.app), now: () => clock });
});

beforeEach(() => {
  clock = Date.now();
});

afterAll(async () => {
  await o?.close();
  for (const p of providers) await p.close();
});

async function provider(options: Parameters<typeof startTestProvider>[0]): Promise<TestProvider> {
  const p = await startTestProvider({ accessTokenTtl: 300, ...options });
  providers.push(p);
  return p;
}

async function connector(name: string, settings: Record<string, unknown>, auth: Json, extra: Json = {}) {
  const res = await o.call('POST', CONNECTORS, o.owner, { ...oauthPackage(settings, extra), name, auth });
  expect(res.statusCode, res.body).toBe(201);
}

/** Creates a connection, signs in through the provider and returns the connection and its authorization URL. */
async function connect(name: string, parameters: Json = {}) {
  const created = await o.call('POST', CONNECTIONS, o.owner, { connector: name, parameters });
  expect(created.statusCode, created.body).toBe(201);
  const body = json<Json>(created);
  const page = await o.land(await followToRedirect(body.authorizationUrl, PUBLIC_URL));
  expect(page.statusCode, page.body).toBe(200);
  return { id: body.id as string, authorizationUrl: new URL(body.authorizationUrl) };
}

describe('Microsoft Entra ID (aad)', () => {
  it('v2: signs in at {loginUri}/{tenant}/oauth2/v2.0/authorize with scopes plus offline_access, and refreshes', async () => {
    const p = await provider({
      redirectUris: [`${PUBLIC_URL}/redirect/entra-v2`],
      routes: { authorization: '/contoso/oauth2/v2.0/authorize', token: '/contoso/oauth2/v2.0/token' },
    });
    await connector(
      'entra-v2',
      { identityProvider: 'aad', clientId: p.clientId, scopes: ['openid'] },
      { clientSecret: p.clientSecret, loginUri: `${p.issuer}/`, tenantId: 'contoso' },
    );
    const { id, authorizationUrl } = await connect('entra-v2');
    expect(authorizationUrl.pathname).toBe('/contoso/oauth2/v2.0/authorize');
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid offline_access');
    expect(authorizationUrl.searchParams.has('resource')).toBe(false);
    const first = await tokens.getAccessToken(id);
    clock += 301_000;
    expect(await tokens.getAccessToken(id)).not.toBe(first);
    expect(p.tokenRequests.refresh_token).toBe(1);
  });

  it('v1: sends the resource on the authorization and token requests at {loginUri}/{tenant}/oauth2/…', async () => {
    const resource = 'https://graph.example.com';
    const p = await provider({
      redirectUris: [`${PUBLIC_URL}/redirect/entra-v1`],
      routes: { authorization: '/fabrikam/oauth2/authorize', token: '/fabrikam/oauth2/token' },
      resources: [resource],
    });
    await connector(
      'entra-v1',
      { identityProvider: 'aad', clientId: p.clientId, scopes: ['openid', 'offline_access'] },
      { clientSecret: p.clientSecret, loginUri: p.issuer, tenantId: 'fabrikam', resourceUri: resource },
    );
    const { id, authorizationUrl } = await connect('entra-v1');
    expect(authorizationUrl.pathname).toBe('/fabrikam/oauth2/authorize');
    expect(authorizationUrl.searchParams.get('resource')).toBe(resource);
    expect(p.tokenRequests.authorization_code).toBe(1);
    const stored = await storedTokens(o.t.store, o.t.app.keyring, id);
    expect(stored?.accessToken).toBeTruthy();
    clock += 301_000;
    expect(await tokens.getAccessToken(id)).not.toBe(stored?.accessToken);
    expect(p.tokenRequests.refresh_token).toBe(1);
    expect(p.tokenParams.map((t) => [t.grant, t.resource])).toEqual([
      ['authorization_code', resource],
      ['refresh_token', resource],
    ]);
  });
});

describe('generic OAuth 2.0 with URL templates (oauth2generic)', () => {
  it('fills the URL, query and body templates from the connector and the connection parameters', async () => {
    const p = await provider({ redirectUris: [`${PUBLIC_URL}/redirect/templated`] });
    const host = new URL(p.issuer).host;
    await connector(
      'templated',
      {
        identityProvider: 'oauth2generic',
        clientId: p.clientId,
        scopes: ['openid', 'offline_access'],
        customParameters: {
          authorizationUrlTemplate: { value: 'http://{Host}/auth' },
          authorizationUrlQueryStringTemplate: {
            value:
              '?client_id={clientId}&response_type=code&redirect_uri={redirectUrl}&scope={Scopes}&state={State}&prompt=consent',
          },
          tokenUrlTemplate: { value: 'http://{Host}/token' },
          tokenBodyTemplate: {
            value:
              'code={code}&grant_type=authorization_code&redirect_uri={redirectUrl}&client_id={clientId}&client_secret={clientSecret}',
          },
          refreshUrlTemplate: { value: 'http://{Host}/token' },
          refreshBodyTemplate: {
            value:
              'grant_type=refresh_token&refresh_token={refreshToken}&client_id={clientId}&client_secret={clientSecret}',
          },
        },
      },
      { clientSecret: p.clientSecret },
      { 'token:host': { type: 'string', uiDefinition: { displayName: 'Host', constraints: { required: 'true' } } } },
    );
    const { id, authorizationUrl } = await connect('templated', { 'token:host': host });
    expect(authorizationUrl.host).toBe(host);
    expect(authorizationUrl.searchParams.get('prompt')).toBe('consent');
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid offline_access');
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const first = await tokens.getAccessToken(id);
    clock += 301_000;
    expect(await tokens.getAccessToken(id)).not.toBe(first);
    expect(p.tokenRequests).toMatchObject({ authorization_code: 1, refresh_token: 1 });
    // The body templates put the client secret in the body; PKCE's verifier is added to the code exchange.
    expect(p.tokenParams[0]?.names).toEqual(expect.arrayContaining(['client_secret', 'code_verifier', 'redirect_uri']));
    expect(p.tokenParams[1]?.names).toEqual(expect.arrayContaining(['client_secret', 'refresh_token']));
  });
});
