/**
 * Where and how a connection signs in: the provider endpoints, client and scopes of a connector's OAuth
 * settings, for generic OAuth 2.0 (`oauth2`), URL templates (`oauth2generic`) and Microsoft Entra ID (`aad`,
 * v1 with `resource` or v2 with scopes). Pure: the caller passes the decrypted client secret.
 */
import type { JsonObject, OAuthInfo } from '@portico/openapi';
import { oauthOf, requirementsOf } from '../connectors/auth.ts';
import { fail } from '../errors.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything the flow and the token requests need, resolved for one connection. */
export interface ProviderSettings {
  kind: 'oauth2' | 'oauth2generic' | 'aad';
  clientId: string;
  /** Absent for public clients (PKCE only). */
  clientSecret?: string;
  authorizationUrl: string;
  tokenUrl: string;
  refreshUrl: string;
  scopes: string[];
  scopeDelimiter: string;
  /** Extra parameters of the authorization request (Entra ID v1: `resource`). */
  authorizationParams: Record<string, string>;
  /** Extra parameters of every token request (Entra ID v1: `resource`). */
  tokenParams: Record<string, string>;
  /** `oauth2generic`: the query string template of the authorization URL, e.g. `?client_id={clientId}&…`. */
  authorizationQueryTemplate?: string;
  /** `oauth2generic`: the body templates of token requests. */
  tokenBodyTemplate?: string;
  refreshBodyTemplate?: string;
  /** Values of `{name}` placeholders, by lower-cased name (connection parameters without their `token:` prefix). */
  values: Record<string, string>;
}

/** What a connection contributes: its parameter set, and its parameters (plain and secret). */
export interface ConnectionValues {
  parameterSet?: string;
  parameters: Readonly<Record<string, string>>;
  secrets?: Readonly<Record<string, string>>;
}

/** The raw oAuthSettings object of the connection's parameter set (for the template fields the core leaves out). */
function rawSettings(properties: JsonObject, parameterSet: string | undefined): JsonObject | undefined {
  const root = isObject(properties.properties) ? properties.properties : properties;
  const maps: JsonObject[] = [];
  const sets = root.connectionParameterSets;
  if (isObject(sets) && Array.isArray(sets.values)) {
    for (const set of sets.values) {
      if (!isObject(set) || !isObject(set.parameters)) continue;
      if (parameterSet === undefined || set.name === parameterSet) maps.push(set.parameters);
    }
  } else if (isObject(root.connectionParameters)) maps.push(root.connectionParameters);
  for (const map of maps) {
    for (const parameter of Object.values(map)) {
      if (!isObject(parameter) || parameter.type !== 'oauthSetting') continue;
      const settings = parameter.oAuthSettings ?? parameter.oauthSettings;
      if (isObject(settings)) return settings;
    }
  }
  return undefined;
}

/** The OAuth settings of the connection's parameter set (or of the connector). */
export function oauthInfoFor(properties: JsonObject, parameterSet?: string): OAuthInfo | undefined {
  const req = requirementsOf(properties);
  if (parameterSet !== undefined && req.sets) return req.sets.find((s) => s.name === parameterSet)?.oauth;
  return oauthOf(req);
}

function custom(settings: JsonObject | undefined, name: string): string | undefined {
  const params = isObject(settings?.customParameters) ? settings.customParameters : {};
  const entry = Object.entries(params).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return isObject(entry) && typeof entry.value === 'string' && entry.value.trim() !== '' ? entry.value : undefined;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.:-]+)\}/g;

/** Fills `{name}` placeholders (case-insensitive); `encode` URL-encodes the values (query and body templates). */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  options: { encode: boolean; where: string },
): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values[name.toLowerCase()];
    if (value === undefined) {
      fail(
        'oauth_settings_invalid',
        `The ${options.where} of this connector uses {${name}}, which neither the connector nor the connection provides; add a connection parameter "${name}" or fix the template.`,
      );
    }
    return options.encode ? encodeURIComponent(value) : value;
  });
}

function absoluteUrl(value: string | undefined, what: string, connector: string): string {
  if (value === undefined) {
    fail(
      'oauth_settings_invalid',
      `Connector "${connector}" has no OAuth ${what}; answer "auth.${what}" on the connector.`,
    );
  }
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // reported below
  }
  fail('oauth_settings_invalid', `The OAuth ${what} of connector "${connector}" is not an http(s) URL: "${value}".`);
}

function isPlaceholder(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^\[\[.*\]\]$|^<<.*>>$|^\{\{.*\}\}$/.test(value.trim());
}

/** Resolves the provider settings of a connection; fails with `oauth_settings_invalid` naming what is missing. */
export function resolveProviderSettings(input: {
  connector: string;
  properties: JsonObject;
  connection: ConnectionValues;
  clientSecret?: string;
  redirectUri: string;
}): ProviderSettings {
  const info = oauthInfoFor(input.properties, input.connection.parameterSet);
  if (!info) fail('oauth_settings_invalid', `Connector "${input.connector}" does not sign in with OAuth 2.0.`);
  const raw = rawSettings(input.properties, input.connection.parameterSet);
  if (isPlaceholder(info.clientId)) {
    fail(
      'oauth_settings_invalid',
      `Connector "${input.connector}" has no OAuth client id; answer "auth.clientId" on the connector.`,
    );
  }
  const clientId = info.clientId as string;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...input.connection.parameters, ...input.connection.secrets })) {
    const bare = name.replace(/^token:/i, '').toLowerCase();
    values[bare] = value;
    values[name.toLowerCase()] = value;
  }
  const provider = info.identityProvider.toLowerCase();
  const delimiter = custom(raw, 'scopeListDelimiter') ?? ' ';
  const scopes = info.scopes.map((s) =>
    s.includes('{') ? fillTemplate(s, values, { encode: false, where: 'scopes' }) : s,
  );
  const builtIn = {
    clientid: clientId,
    redirecturl: input.redirectUri,
    scopes: scopes.join(delimiter),
    ...(input.clientSecret !== undefined ? { clientsecret: input.clientSecret } : {}),
  };
  for (const [k, v] of Object.entries(builtIn)) if (values[k] === undefined) values[k] = v;
  if (values.scope === undefined) values.scope = builtIn.scopes;
  const base = {
    clientId,
    ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
    scopeDelimiter: delimiter,
    values,
  };

  if (provider.startsWith('aad')) {
    const login = (info.loginUri ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
    const tenant = encodeURIComponent(values.tenantid ?? info.tenantId ?? 'common');
    const resource = info.resourceUri;
    const path = resource ? 'oauth2' : 'oauth2/v2.0';
    const token = absoluteUrl(`${login}/${tenant}/${path}/token`, 'tokenUrl', input.connector);
    const v2Scopes = scopes.includes('offline_access') ? scopes : [...scopes, 'offline_access'];
    return {
      ...base,
      kind: 'aad',
      authorizationUrl: absoluteUrl(`${login}/${tenant}/${path}/authorize`, 'loginUri', input.connector),
      tokenUrl: token,
      refreshUrl: token,
      scopes: resource ? scopes : v2Scopes,
      authorizationParams: resource ? { resource } : {},
      tokenParams: resource ? { resource } : {},
    };
  }

  const generic = provider === 'oauth2generic';
  const url = (value: string | undefined, what: string) =>
    absoluteUrl(
      value !== undefined && generic ? fillTemplate(value, values, { encode: false, where: what }) : value,
      what,
      input.connector,
    );
  const tokenUrl = url(info.tokenUrl, 'tokenUrl');
  const settings: ProviderSettings = {
    ...base,
    kind: generic ? 'oauth2generic' : 'oauth2',
    authorizationUrl: url(info.authorizationUrl, 'authorizationUrl'),
    tokenUrl,
    refreshUrl: info.refreshUrl ? url(info.refreshUrl, 'refreshUrl') : tokenUrl,
    scopes,
    authorizationParams: {},
    tokenParams: {},
  };
  if (generic) {
    const query = custom(raw, 'authorizationUrlQueryStringTemplate');
    const tokenBody = custom(raw, 'tokenBodyTemplate');
    const refreshBody = custom(raw, 'refreshBodyTemplate');
    if (query) settings.authorizationQueryTemplate = query;
    if (tokenBody) settings.tokenBodyTemplate = tokenBody;
    if (refreshBody) settings.refreshBodyTemplate = refreshBody;
  }
  return settings;
}

/** The scopes of a client-credentials request: no user, so no `openid`/`offline_access`. */
export function clientCredentialScopes(settings: ProviderSettings): string[] {
  return settings.scopes.filter((s) => s !== 'openid' && s !== 'offline_access' && s !== 'profile');
}
