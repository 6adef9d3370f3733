/** Describes what authentication a connector needs, from its apiProperties.json, for the maker's connection form. */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

export type ConnectionAuthType = 'oauth2' | 'aad' | 'apiKey' | 'basic' | 'none' | 'multi';

export interface ConnectionParameterInfo {
  name: string;
  /** paconn type: string, securestring, int, bool, oauthSetting, gatewaySetting. */
  type: string;
  label: string;
  description?: string;
  tooltip?: string;
  required: boolean;
  /** True for values that must be stored encrypted and never shown again. */
  secret: boolean;
  hidden: boolean;
  defaultValue?: string;
  allowedValues?: Array<{ value: string; label: string }>;
}

export interface OAuthInfo {
  identityProvider: string;
  clientId?: string;
  scopes: string[];
  redirectMode?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  resourceUri?: string;
  loginUri?: string;
  tenantId?: string;
}

export interface ConnectionRequirements {
  type: ConnectionAuthType;
  parameters: ConnectionParameterInfo[];
  oauth?: OAuthInfo;
  /** For `multi`: each alternative the maker picks from. */
  sets?: Array<{ name: string; label: string; description?: string } & Omit<ConnectionRequirements, 'sets'>>;
}

const text = (v: JsonValue | undefined) => (typeof v === 'string' ? v : undefined);
const flag = (v: JsonValue | undefined, fallback: boolean) =>
  v === undefined ? fallback : v === true || String(v).toLowerCase() === 'true';

/** Normalised description of the connection parameters of an apiProperties.json document (any deviations tolerated). */
export function connectionParametersFromProperties(properties: JsonObject): ConnectionRequirements {
  const root = isObject(properties.properties) ? properties.properties : properties;
  const sets = root.connectionParameterSets;
  if (isObject(sets) && Array.isArray(sets.values) && sets.values.length > 0) {
    const list = sets.values.filter(isObject).map((set) => {
      const ui = isObject(set.uiDefinition) ? set.uiDefinition : {};
      const described = describeParameters(isObject(set.parameters) ? set.parameters : {});
      const entry: NonNullable<ConnectionRequirements['sets']>[number] = {
        name: String(set.name ?? ''),
        label: text(ui.displayName) ?? text(ui.displayname) ?? String(set.name ?? ''),
        ...described,
      };
      const description = text(ui.description);
      if (description !== undefined) entry.description = description;
      return entry;
    });
    return { type: 'multi', parameters: [], sets: list };
  }
  return describeParameters(isObject(root.connectionParameters) ? root.connectionParameters : {});
}

function describeParameters(parameters: JsonObject): Omit<ConnectionRequirements, 'sets'> {
  const list: ConnectionParameterInfo[] = [];
  let oauth: OAuthInfo | undefined;
  for (const [name, raw] of Object.entries(parameters)) {
    if (!isObject(raw)) continue;
    const ui = isObject(raw.uiDefinition) ? raw.uiDefinition : {};
    const constraints = isObject(ui.constraints) ? ui.constraints : {};
    const type = String(raw.type ?? 'string');
    const info: ConnectionParameterInfo = {
      name,
      type,
      label: text(ui.displayName) ?? name,
      required: flag(constraints.required, type !== 'gatewaySetting'),
      secret: type === 'securestring' && !(name === 'username' && constraints.clearText === true),
      hidden: flag(constraints.hidden, false),
    };
    const description = text(ui.description) ?? (isObject(ui.schema) ? text(ui.schema.description) : undefined);
    if (description !== undefined) info.description = description;
    if (text(ui.tooltip) !== undefined) info.tooltip = text(ui.tooltip)!;
    if (typeof raw.defaultValue === 'string') info.defaultValue = raw.defaultValue;
    const allowed = Array.isArray(constraints.allowedValues)
      ? constraints.allowedValues
      : Array.isArray(raw.allowedValues)
        ? raw.allowedValues
        : undefined;
    if (allowed) {
      info.allowedValues = allowed.filter(isObject).map((a) => ({
        value: String(a.value ?? ''),
        label:
          text(a.text) ??
          (isObject(a.uiDefinition) ? text(a.uiDefinition.displayName) : undefined) ??
          String(a.value ?? ''),
      }));
    }
    const settings = isObject(raw.oAuthSettings)
      ? raw.oAuthSettings
      : isObject(raw.oauthSettings)
        ? raw.oauthSettings
        : undefined;
    if (type === 'oauthSetting' && settings) {
      oauth = describeOAuth(settings);
      info.secret = true;
    }
    list.push(info);
  }
  return { type: authType(list, oauth), parameters: list, ...(oauth ? { oauth } : {}) };
}

function describeOAuth(settings: JsonObject): OAuthInfo {
  const custom = isObject(settings.customParameters) ? settings.customParameters : {};
  const value = (key: string) => {
    const entry = Object.entries(custom).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    return isObject(entry) ? text(entry.value) : undefined;
  };
  const info: OAuthInfo = {
    identityProvider: String(settings.identityProvider ?? 'oauth2'),
    scopes: Array.isArray(settings.scopes)
      ? settings.scopes.flatMap((s) => (typeof s === 'string' ? s.split(/\s+/).filter(Boolean) : []))
      : [],
  };
  const optional: Array<[keyof OAuthInfo, string | undefined]> = [
    ['clientId', text(settings.clientId)],
    ['redirectMode', text(settings.redirectMode)],
    ['authorizationUrl', value('authorizationUrl') ?? value('authorizationUrlTemplate')],
    ['tokenUrl', value('tokenUrl') ?? value('tokenUrlTemplate')],
    ['refreshUrl', value('refreshUrl') ?? value('refreshUrlTemplate')],
    ['resourceUri', value('resourceUri')],
    ['loginUri', value('loginUri') ?? value('loginUriAAD')],
    ['tenantId', value('tenantId')],
  ];
  for (const [key, v] of optional) if (v !== undefined) (info as unknown as Record<string, string>)[key] = v;
  return info;
}

function authType(list: ConnectionParameterInfo[], oauth: OAuthInfo | undefined): ConnectionAuthType {
  if (oauth) return oauth.identityProvider.startsWith('aad') ? 'aad' : 'oauth2';
  const names = new Set(list.map((p) => p.name));
  if (names.has('username') && names.has('password')) return 'basic';
  if (names.has('api_key') || list.some((p) => p.type === 'securestring')) return 'apiKey';
  return 'none';
}
