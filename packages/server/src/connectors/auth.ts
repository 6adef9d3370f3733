/**
 * The authentication side of a connector: which questions to ask (from apiProperties.json through the core's
 * connectionParametersFromProperties), applying the maker's answers to the properties, the summary shown
 * later (never a secret), and the OAuth redirect URLs to register.
 */
import {
  type ConnectionRequirements,
  connectionParametersFromProperties,
  type JsonObject,
  type JsonValue,
  type OAuthInfo,
} from '@portico/openapi';
import { fail } from '../errors.ts';
import type { AuthAnswers, AuthQuestion } from './types.ts';

/** The authentication a connector uses, as the portal shows it. */
export type AuthType = ConnectionRequirements['type'];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Client ids shipped as placeholders in public packages ("[[CLIENT_ID]]", "<<Please add…>>"). */
function isPlaceholder(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^\[\[.*\]\]$|^<<.*>>$|^\{\{.*\}\}$/.test(value.trim());
}

/** What the connector needs, with multi-auth packages reduced to their first OAuth set when there is one. */
export function requirementsOf(properties: JsonObject): ConnectionRequirements {
  return connectionParametersFromProperties(properties);
}

/** The OAuth settings a connector declares (first OAuth alternative of a multi-auth package). */
export function oauthOf(req: ConnectionRequirements): OAuthInfo | undefined {
  return req.oauth ?? req.sets?.find((s) => s.oauth)?.oauth;
}

function isEntra(oauth: OAuthInfo): boolean {
  return oauth.identityProvider.toLowerCase().startsWith('aad');
}

/** The questions to ask before creating the connector. */
export function authQuestions(properties: JsonObject): AuthQuestion[] {
  const req = requirementsOf(properties);
  const oauth = oauthOf(req);
  if (oauth) {
    const q = (key: keyof AuthAnswers, label: string, description: string, required: boolean, def?: string) => {
      const question: AuthQuestion = { key, label, description, required, secret: key === 'clientSecret' };
      if (def !== undefined && !isPlaceholder(def)) question.default = def;
      return question;
    };
    const common = [
      q(
        'clientId',
        'Client ID',
        'The client (application) ID of the app registered with the identity provider.',
        isPlaceholder(oauth.clientId),
        oauth.clientId,
      ),
      q(
        'clientSecret',
        'Client secret',
        'The secret of that app registration; stored encrypted and never shown again.',
        true,
      ),
    ];
    if (isEntra(oauth)) {
      return [
        ...common,
        q(
          'resourceUri',
          'Resource URL',
          'The resource (audience) the tokens are for, e.g. https://graph.microsoft.com.',
          false,
          oauth.resourceUri,
        ),
        q(
          'loginUri',
          'Login URL',
          'The Microsoft Entra ID sign-in authority.',
          false,
          oauth.loginUri ?? 'https://login.microsoftonline.com',
        ),
        q(
          'tenantId',
          'Tenant ID',
          'The directory (tenant) ID, or "common" for any organisation.',
          false,
          oauth.tenantId ?? 'common',
        ),
      ];
    }
    const scopes: AuthQuestion = {
      key: 'scopes',
      label: 'Scopes',
      description: 'The OAuth scopes to request.',
      required: false,
      secret: false,
      default: oauth.scopes,
    };
    return [
      ...common,
      q(
        'authorizationUrl',
        'Authorization URL',
        'Where users sign in and grant access.',
        !oauth.authorizationUrl,
        oauth.authorizationUrl,
      ),
      q('tokenUrl', 'Token URL', 'Where codes are exchanged for tokens.', !oauth.tokenUrl, oauth.tokenUrl),
      q(
        'refreshUrl',
        'Refresh URL',
        'Where tokens are refreshed (usually the token URL).',
        false,
        oauth.refreshUrl ?? oauth.tokenUrl,
      ),
      scopes,
    ];
  }
  if (req.type === 'apiKey') {
    const key = req.parameters.find((p) => p.secret) ?? req.parameters[0];
    return [
      {
        key: 'apiKeyLabel',
        label: 'Parameter label',
        description: 'The label users see when they enter their API key in a new connection.',
        required: false,
        secret: false,
        ...(key ? { default: key.label } : {}),
      },
    ];
  }
  return [];
}

/**
 * Checks the answers against the questions and writes the non-secret ones into a copy of the properties.
 * Returns the properties to store and the client secret to encrypt (if any). Fails with every missing answer.
 */
export function applyAuthAnswers(
  properties: JsonObject,
  answers: AuthAnswers,
  options: { hasStoredSecret: boolean },
): { properties: JsonObject; clientSecret: string | undefined } {
  const questions = authQuestions(properties);
  const asked = new Set(questions.map((q) => q.key));
  const extra = (Object.keys(answers) as Array<keyof AuthAnswers>).filter(
    (k) => answers[k] !== undefined && !asked.has(k),
  );
  if (extra.length > 0) {
    const type = requirementsOf(properties).type;
    fail(
      'bad_request',
      `This connector uses ${type} authentication, so ${extra.map((k) => `"auth.${k}"`).join(', ')} does not apply; remove it.`,
      { fields: extra },
    );
  }
  const copy = structuredClone(properties);
  // A secret shipped inside a package is never stored nor used: the maker answers it.
  removePackagedSecrets(copy);
  const clientSecret = answers.clientSecret;
  const missing = questions.filter((q) => {
    if (!q.required) return false;
    if (q.key === 'clientSecret') return clientSecret === undefined && !options.hasStoredSecret;
    const value = answers[q.key];
    return (
      (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) && q.default === undefined
    );
  });
  if (missing.length > 0) {
    fail(
      'auth_answers_missing',
      `Answer the authentication questions: ${missing.map((q) => `"auth.${q.key}" (${q.label})`).join(', ')}.`,
      { missing: missing.map((q) => ({ key: q.key, label: q.label, description: q.description })) },
    );
  }
  for (const settings of oauthSettingsOf(copy)) writeOAuth(settings, answers);
  if (answers.apiKeyLabel !== undefined) writeApiKeyLabel(copy, answers.apiKeyLabel);
  return { properties: copy, clientSecret };
}

/** Every oAuthSettings object in the properties (single parameters and multi-auth sets). */
function oauthSettingsOf(properties: JsonObject): JsonObject[] {
  const root = isObject(properties.properties) ? properties.properties : properties;
  const parameterMaps: JsonObject[] = [];
  if (isObject(root.connectionParameters)) parameterMaps.push(root.connectionParameters);
  const sets = root.connectionParameterSets;
  if (isObject(sets) && Array.isArray(sets.values)) {
    for (const set of sets.values) if (isObject(set) && isObject(set.parameters)) parameterMaps.push(set.parameters);
  }
  const out: JsonObject[] = [];
  for (const map of parameterMaps) {
    for (const parameter of Object.values(map)) {
      if (!isObject(parameter) || parameter.type !== 'oauthSetting') continue;
      const settings = isObject(parameter.oAuthSettings)
        ? parameter.oAuthSettings
        : isObject(parameter.oauthSettings)
          ? parameter.oauthSettings
          : undefined;
      if (settings) out.push(settings);
    }
  }
  return out;
}

/** Removes client secrets a package may carry in its oAuthSettings (they must never be stored in clear); returns where. */
export function removePackagedSecrets(properties: JsonObject): string[] {
  const removed: string[] = [];
  for (const settings of oauthSettingsOf(properties)) {
    for (const key of Object.keys(settings)) {
      if (key.toLowerCase() !== 'clientsecret') continue;
      delete settings[key];
      removed.push(key);
    }
  }
  return removed;
}

function setCustom(settings: JsonObject, names: string[], value: string | undefined): void {
  if (value === undefined) return;
  const custom: JsonObject = isObject(settings.customParameters) ? settings.customParameters : {};
  settings.customParameters = custom;
  const existing = Object.keys(custom).find((k) => names.some((n) => n.toLowerCase() === k.toLowerCase()));
  custom[existing ?? (names[0] as string)] = { value };
}

function writeOAuth(settings: JsonObject, answers: AuthAnswers): void {
  if (answers.clientId !== undefined) settings.clientId = answers.clientId;
  if (answers.scopes !== undefined) settings.scopes = answers.scopes as JsonValue;
  setCustom(settings, ['resourceUri'], answers.resourceUri);
  setCustom(settings, ['loginUri', 'loginUriAAD'], answers.loginUri);
  setCustom(settings, ['tenantId'], answers.tenantId);
  setCustom(settings, ['authorizationUrl', 'authorizationUrlTemplate'], answers.authorizationUrl);
  setCustom(settings, ['tokenUrl', 'tokenUrlTemplate'], answers.tokenUrl);
  setCustom(settings, ['refreshUrl', 'refreshUrlTemplate'], answers.refreshUrl);
}

function writeApiKeyLabel(properties: JsonObject, label: string): void {
  const root = isObject(properties.properties) ? properties.properties : properties;
  const params = isObject(root.connectionParameters) ? root.connectionParameters : {};
  const entry =
    Object.entries(params).find(([name]) => name === 'api_key') ??
    Object.entries(params).find(([, p]) => isObject(p) && p.type === 'securestring');
  if (!entry || !isObject(entry[1])) return;
  const ui: JsonObject = isObject(entry[1].uiDefinition) ? entry[1].uiDefinition : {};
  entry[1].uiDefinition = { ...ui, displayName: label };
}

/** The redirect URLs to register with the identity provider: the global one and the connector's own. */
export function redirectUrls(publicUrl: string, connectorName: string | undefined, properties?: JsonObject) {
  const global = `${publicUrl}/redirect`;
  const perConnector = connectorName ? `${publicUrl}/redirect/${encodeURIComponent(connectorName)}` : undefined;
  const mode = properties ? oauthOf(requirementsOf(properties))?.redirectMode?.toLowerCase() : undefined;
  return {
    global,
    ...(perConnector ? { perConnector } : {}),
    /** The one to register, following the package's redirectMode (GlobalPerConnector unless it says Global). */
    register: mode === 'global' || !perConnector ? global : perConnector,
  };
}

/** The authentication summary of a stored connector: types, labels and OAuth settings, never a secret. */
export function authSummary(properties: JsonObject, hasClientSecret: boolean) {
  const req = requirementsOf(properties);
  const oauth = oauthOf(req);
  const parameters = (req.parameters.length > 0 ? req.parameters : (req.sets?.[0]?.parameters ?? []))
    .filter((p) => p.type !== 'oauthSetting')
    .map((p) => ({
      name: p.name,
      label: p.label,
      type: p.type,
      required: p.required,
      secret: p.secret,
      ...(p.defaultValue !== undefined && !p.secret ? { defaultValue: p.defaultValue } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
    }));
  return {
    type: req.type,
    parameters,
    ...(oauth
      ? {
          oauth: {
            identityProvider: oauth.identityProvider,
            ...(oauth.clientId && !isPlaceholder(oauth.clientId) ? { clientId: oauth.clientId } : {}),
            scopes: oauth.scopes,
            ...pick(oauth, [
              'redirectMode',
              'authorizationUrl',
              'tokenUrl',
              'refreshUrl',
              'resourceUri',
              'loginUri',
              'tenantId',
            ]),
            hasClientSecret,
          },
        }
      : {}),
    ...(req.sets ? { sets: req.sets.map((s) => ({ name: s.name, label: s.label, type: s.type })) } : {}),
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
