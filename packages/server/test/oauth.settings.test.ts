/**
 * Resolving a connector's OAuth settings (pure) and the guard on token endpoints: Entra ID v1/v2 URL layout,
 * templates with connection parameters, clear errors for what is missing, and private token endpoints refused
 * unless allow-listed.
 */
import type { JsonObject } from '@portico/openapi';
import { describe, expect, it } from 'vitest';
import type { PorticoError } from '../src/errors.ts';
import { clientCredentials, resolveProviderSettings } from '../src/oauth/index.ts';

function properties(oAuthSettings: Record<string, unknown>, extra: Record<string, unknown> = {}): JsonObject {
  return {
    properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings }, ...extra } },
  } as JsonObject;
}

const redirectUri = 'https://portico.example.com/redirect/c';

describe('resolveProviderSettings', () => {
  it('uses Entra ID v2 endpoints of the common tenant by default, adding offline_access to the scopes', () => {
    const s = resolveProviderSettings({
      connector: 'c',
      properties: properties({ identityProvider: 'aad', clientId: 'app-1', scopes: ['User.Read'] }),
      connection: { parameters: {} },
      clientSecret: 'cs',
      redirectUri,
    });
    expect(s).toMatchObject({
      kind: 'aad',
      authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      scopes: ['User.Read', 'offline_access'],
      authorizationParams: {},
    });
  });

  it('uses Entra ID v1 endpoints with the resource when resourceUri is set, on the given login URL and tenant', () => {
    const s = resolveProviderSettings({
      connector: 'c',
      properties: properties({
        identityProvider: 'aad',
        clientId: 'app-1',
        scopes: [],
        customParameters: {
          loginUri: { value: 'https://login.microsoftonline.us/' },
          tenantId: { value: 'contoso.onmicrosoft.com' },
          resourceUri: { value: 'https://graph.microsoft.us' },
        },
      }),
      connection: { parameters: {} },
      redirectUri,
    });
    expect(s.authorizationUrl).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/authorize');
    expect(s.tokenUrl).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/token');
    expect(s.authorizationParams).toEqual({ resource: 'https://graph.microsoft.us' });
    expect(s.tokenParams).toEqual({ resource: 'https://graph.microsoft.us' });
    expect(s.clientSecret).toBeUndefined();
  });

  it('fills oauth2generic URL templates from connection parameters, without their token: prefix', () => {
    const s = resolveProviderSettings({
      connector: 'zoho',
      properties: properties(
        {
          identityProvider: 'oauth2generic',
          clientId: 'zoho-app',
          scopes: ['a', 'b'],
          customParameters: {
            authorizationUrlTemplate: { value: 'https://accounts.zoho{CustomHost}/oauth/v2/auth' },
            tokenUrlTemplate: { value: 'https://accounts.zoho{CustomHost}/oauth/v2/token' },
            scopeListDelimiter: { value: ',' },
          },
        },
        { 'token:customHost': { type: 'string' } },
      ),
      connection: { parameters: { 'token:customHost': '.eu' } },
      redirectUri,
    });
    expect(s.authorizationUrl).toBe('https://accounts.zoho.eu/oauth/v2/auth');
    expect(s.refreshUrl).toBe('https://accounts.zoho.eu/oauth/v2/token');
    expect(s.values.scopes).toBe('a,b');
  });

  it('names a template placeholder nobody provides, a missing token URL and a placeholder client id', () => {
    const attempt = (settings: Record<string, unknown>) => {
      try {
        resolveProviderSettings({
          connector: 'x',
          properties: properties(settings),
          connection: { parameters: {} },
          redirectUri,
        });
        return undefined;
      } catch (err) {
        return err as PorticoError;
      }
    };
    const unknown = attempt({
      identityProvider: 'oauth2generic',
      clientId: 'id',
      customParameters: {
        authorizationUrlTemplate: { value: 'https://{Instance}.example.com/auth' },
        tokenUrlTemplate: { value: 'https://example.com/token' },
      },
    });
    expect(unknown?.code).toBe('oauth_settings_invalid');
    expect(unknown?.message).toContain('{Instance}');
    const noToken = attempt({
      identityProvider: 'oauth2',
      clientId: 'id',
      customParameters: { authorizationUrl: { value: 'https://example.com/auth' } },
    });
    expect(noToken?.message).toContain('tokenUrl');
    const placeholder = attempt({ identityProvider: 'oauth2', clientId: '[[CLIENT_ID]]' });
    expect(placeholder?.message).toContain('client id');
  });
});

describe('token endpoint guard', () => {
  it('refuses a token endpoint on a private address unless it is allow-listed', async () => {
    const settings = resolveProviderSettings({
      connector: 'c',
      properties: properties({
        identityProvider: 'oauth2',
        clientId: 'id',
        customParameters: {
          authorizationUrl: { value: 'http://127.0.0.1:9/auth' },
          tokenUrl: { value: 'http://127.0.0.1:9/token' },
        },
      }),
      connection: { parameters: {} },
      redirectUri,
    });
    const refused = await clientCredentials(settings, { allowHosts: [] });
    expect(refused).toMatchObject({ ok: false, kind: 'transport' });
    expect(!refused.ok && refused.kind === 'transport' && refused.message).toContain('private address');
    const allowed = await clientCredentials(settings, { allowHosts: ['127.0.0.1'] });
    expect(allowed).toMatchObject({ ok: false, kind: 'transport' });
    expect(!allowed.ok && allowed.kind === 'transport' && allowed.message).toContain('could not be reached');
  });
});
