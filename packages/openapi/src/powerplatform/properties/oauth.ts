/** Builds the `token` oauthSetting connection parameter from a Swagger 2.0 OAuth 2.0 definition. */
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';

/** Placeholder used when the input names no client id (the corpus convention, e.g. Coupa, PROS AI). */
export const CLIENT_ID_PLACEHOLDER = '[[CLIENT_ID]]';
export const RESOURCE_URI_PLACEHOLDER = '[[RESOURCE_URI]]';

const ENTRA_HOSTS = [
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
];

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** True when the OAuth endpoints are Microsoft Entra ID (Azure AD) ones. */
export function isEntraId(definition: JsonObject): boolean {
  const url = parseUrl(definition.authorizationUrl) ?? parseUrl(definition.tokenUrl);
  return url !== undefined && ENTRA_HOSTS.includes(url.hostname.toLowerCase());
}

/** The tenant segment of an Entra ID endpoint (`/contoso.onmicrosoft.com/oauth2/v2.0/authorize`), or `common`. */
export function entraTenant(definition: JsonObject): string {
  const url = parseUrl(definition.authorizationUrl) ?? parseUrl(definition.tokenUrl);
  const first = url?.pathname.split('/').filter((s) => s !== '')[0];
  return first !== undefined && first !== 'oauth2' ? decodeURIComponent(first) : 'common';
}

/** The resource a set of Entra ID scopes belongs to: `api://app/x` → `api://app`, `https://graph.microsoft.com/User.Read` → origin. */
export function entraResource(scopes: string[]): string | undefined {
  for (const scope of scopes) {
    const api = /^(api:\/\/[^/]+)\//.exec(scope);
    if (api) return api[1];
    const url = parseUrl(scope);
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return url.origin;
  }
  return undefined;
}

export interface OAuthSettingResult {
  parameter: JsonObject;
  notes: string[];
}

/** The oauthSetting parameter for one OAuth 2.0 security definition (never a client secret). */
export function oauthConnectionParameter(definition: JsonObject, connectorTitle: string): OAuthSettingResult {
  const notes: string[] = [];
  const scopes = isObject(definition.scopes) ? Object.keys(definition.scopes) : [];
  const flow = String(definition.flow);
  let settings: JsonObject;
  if (isEntraId(definition)) {
    const resource = entraResource(scopes);
    if (resource === undefined)
      notes.push(
        `Set oAuthSettings.customParameters.resourceUri (the Entra ID application ID URI); the scopes do not name it.`,
      );
    settings = {
      identityProvider: 'aad',
      clientId: CLIENT_ID_PLACEHOLDER,
      scopes,
      redirectMode: 'GlobalPerConnector',
      properties: { IsFirstParty: 'False' },
      customParameters: {
        loginUri: { value: 'https://login.microsoftonline.com' },
        tenantId: { value: entraTenant(definition) },
        resourceUri: { value: resource ?? RESOURCE_URI_PLACEHOLDER },
      },
    };
  } else {
    const custom: JsonObject = {};
    if (typeof definition.authorizationUrl === 'string')
      custom.authorizationUrl = { value: definition.authorizationUrl };
    if (typeof definition.tokenUrl === 'string') custom.tokenUrl = { value: definition.tokenUrl };
    const refresh = typeof definition['x-refreshUrl'] === 'string' ? definition['x-refreshUrl'] : definition.tokenUrl;
    if (typeof refresh === 'string') custom.refreshUrl = { value: refresh };
    settings = {
      identityProvider: 'oauth2',
      clientId: CLIENT_ID_PLACEHOLDER,
      scopes,
      redirectMode: 'GlobalPerConnector',
      properties: { IsFirstParty: 'False' },
      customParameters: custom,
    };
    if (flow === 'application') {
      notes.push(
        'The API offers only the OAuth 2.0 client-credentials flow; Power Platform OAuth connections sign users in with the authorization-code flow, so the connection will not work in Power Platform until the provider offers it.',
      );
    } else if (flow === 'implicit' || flow === 'password') {
      notes.push(
        `The API offers the OAuth 2.0 ${flow} flow; Power Platform uses the authorization-code flow with authorizationUrl and tokenUrl.`,
      );
    }
  }
  notes.push(
    `Replace clientId "${CLIENT_ID_PLACEHOLDER}" with your app registration's client id (and enter the client secret when you create the connector; it is never exported).`,
  );
  return {
    parameter: {
      type: 'oauthSetting',
      oAuthSettings: settings,
      uiDefinition: {
        displayName: `Sign in with your ${connectorTitle} account`,
        description: `Sign in with your ${connectorTitle} account`,
        tooltip: 'Provide your credentials',
        constraints: { required: 'true' },
      },
    },
    notes,
  };
}
