// Credential injection for every auth type, and OAuth re-authentication and refresh on 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayConnector } from '../src/gateway/index.ts';
import { json, op, startUpstream, swagger, type Upstream } from './gateway-helpers.ts';

let upstream: Upstream;
let gateway: Gateway;

beforeAll(async () => {
  upstream = await startUpstream();
  gateway = createGateway({ allowHosts: ['127.0.0.1'] });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

function connector(
  name: string,
  extra: Record<string, unknown>,
  properties?: Record<string, unknown>,
): GatewayConnector {
  const definition = swagger(upstream.host, { '/me': { get: op('GetMe') } }, extra as never);
  return properties ? { name, definition, properties: properties as never } : { name, definition };
}

describe('credentials', () => {
  it('sends an API key in the header its security definition names, from api_key', async () => {
    const c = connector('key-header', {
      securityDefinitions: { 'API Key': { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      security: [{ 'API Key': [] }],
    });
    const response = await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 's3cret' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)?.headers['x-api-key']).toBe('s3cret');
  });

  it('sends API keys in the query, the second one by its scheme name', async () => {
    const c = connector('key-query', {
      securityDefinitions: {
        'API Key': { type: 'apiKey', in: 'query', name: 'appKey' },
        app_id: { type: 'apiKey', in: 'query', name: 'appID' },
      },
      security: [{ 'API Key': [], app_id: [] }],
    });
    await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'k1', app_id: 'a1' },
      operationId: 'GetMe',
      inputs: {},
    });
    const url = new URL(upstream.requests.at(-1)?.url ?? '', 'http://u');
    expect(url.searchParams.get('appKey')).toBe('k1');
    expect(url.searchParams.get('appID')).toBe('a1');
  });

  it('sends basic auth from username and password, even when the document has security: []', async () => {
    const c = connector('basic', { securityDefinitions: { BasicAuth: { type: 'basic' } }, security: [] });
    await gateway.invoke({
      connector: c,
      connectionParameters: { username: 'ann', password: 'pw:1' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw:1').toString('base64')}`);
  });

  it('sends an OAuth access token as a bearer token', async () => {
    const c = connector('oauth', {
      securityDefinitions: {
        oauth2_auth: {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: 'https://a.example/auth',
          tokenUrl: 'https://a.example/token',
          scopes: {},
        },
      },
      security: [{ oauth2_auth: [] }],
    });
    await gateway.invoke({
      connector: c,
      connectionParameters: { accessToken: 'tok-1' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer tok-1');
  });

  it('treats an oauthSetting connection parameter as OAuth when the definition has no security (Planner style)', async () => {
    const c = connector(
      'planner-like',
      {},
      {
        properties: {
          connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'aad' } } },
        },
      },
    );
    await gateway.invoke({
      connector: c,
      connectionParameters: { accessToken: 'graph-token' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer graph-token');
  });

  it('answers 401 reauthentication_required without calling upstream when an OAuth connection has no token', async () => {
    const c = connector(
      'oauth-missing',
      {},
      {
        properties: {
          connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'oauth2' } } },
        },
      },
    );
    const before = upstream.requests.length;
    const response = await gateway.invoke({ connector: c, connectionParameters: {}, operationId: 'GetMe', inputs: {} });
    expect(response.status).toBe(401);
    expect(response.error?.code).toBe('reauthentication_required');
    expect(upstream.requests.length).toBe(before);
  });

  it('refreshes the token once on an upstream 401 and retries with the new token', async () => {
    upstream.handle((request, response) => {
      if (request.headers.authorization !== 'Bearer fresh') {
        response.statusCode = 401;
        response.end('{"error":"expired"}');
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    try {
      const c = connector(
        'oauth-refresh',
        {},
        {
          properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: {} } } },
        },
      );
      let refreshes = 0;
      const response = await gateway.invoke({
        connector: c,
        connectionParameters: { accessToken: 'stale' },
        operationId: 'GetMe',
        inputs: {},
        refreshAccessToken: async () => {
          refreshes++;
          return 'fresh';
        },
      });
      expect(response.status).toBe(200);
      expect(await json(response.body)).toEqual({ ok: true });
      expect(refreshes).toBe(1);
      const failed = await gateway.invoke({
        connector: c,
        connectionParameters: { accessToken: 'stale' },
        operationId: 'GetMe',
        inputs: {},
        refreshAccessToken: async () => undefined,
      });
      expect(failed.status).toBe(401);
      expect(failed.error?.code).toBe('reauthentication_required');
    } finally {
      upstream.handle((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ url: request.url }));
      });
    }
  });

  it('passes an upstream 401 through unchanged when there is no refresh hook', async () => {
    upstream.handle((_request, response) => {
      response.statusCode = 401;
      response.setHeader('www-authenticate', 'Bearer');
      response.end('{"error":"nope"}');
    });
    const c = connector('key-401', {
      securityDefinitions: { k: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    });
    const response = await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'k' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(response.status).toBe(401);
    expect(response.error).toBeUndefined();
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(await json(response.body)).toEqual({ error: 'nope' });
  });
});
