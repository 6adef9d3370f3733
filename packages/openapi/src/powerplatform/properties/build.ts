/** Builds `apiProperties.json` from a Swagger 2.0 definition's security (or carries an input package's over). */
import { isObject } from '../../pointer.ts';
import type { Finding, JsonObject, JsonValue } from '../../types.ts';
import { BEARER_DESCRIPTION } from '../fix/pre.ts';
import { cloneJson } from '../util/json.ts';
import { oauthConnectionParameter } from './oauth.ts';

export const DEFAULT_ICON_BRAND_COLOR = '#007ee5';

export interface BuildPropertiesOptions {
  iconBrandColor?: string;
  /** apiProperties.json of an input package (already normalized); its connection parameters and policies are kept. */
  carried?: JsonObject;
  /** operationIds renamed by the fixes; policy templates and script operations follow them. */
  renamedOperations?: Record<string, string>;
}

function apiKeyParameter(definition: JsonObject): JsonObject {
  const bearer = definition.description === BEARER_DESCRIPTION || definition['x-bearerFormat'] !== undefined;
  const where =
    definition.in === 'query' ? `query parameter "${String(definition.name)}"` : `header "${String(definition.name)}"`;
  return {
    type: 'securestring',
    uiDefinition: {
      displayName: bearer ? 'Bearer token' : 'API Key',
      description:
        typeof definition.description === 'string'
          ? definition.description
          : `The API key for this API, sent in the ${where}.`,
      tooltip: bearer ? 'Provide "Bearer <token>"' : 'Provide your API Key',
      constraints: { tabIndex: 2, clearText: false, required: 'true' },
    },
  };
}

const BASIC_PARAMETERS: JsonObject = {
  username: {
    type: 'securestring',
    uiDefinition: {
      displayName: 'Username',
      description: 'The username for this API',
      tooltip: 'Provide the username',
      constraints: { tabIndex: 2, clearText: true, required: 'true' },
    },
  },
  password: {
    type: 'securestring',
    uiDefinition: {
      displayName: 'Password',
      description: 'The password for this API',
      tooltip: 'Provide the password',
      constraints: { tabIndex: 3, clearText: false, required: 'true' },
    },
  },
};

/** `X-App-Token` → `x_app_token`: a connection parameter name the paconn schema accepts. */
function parameterName(key: string): string {
  const name = key
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name === '' || name === 'api_key' ? 'api_key_2' : name;
}

export interface ConnectionSettings {
  connectionParameters: JsonObject;
  /** Policies that send extra API keys (Power Platform binds only the first key of the definition itself). */
  policyTemplateInstances: JsonObject[];
}

/**
 * Connection parameters for the security definition(s) left after the fixes: one API key → `api_key`;
 * several API keys → `api_key` plus one parameter and a setheader/setqueryparameter policy per extra key
 * (the corpus convention, e.g. Annature, SchoolDigger); basic → username/password; OAuth 2.0 → `token`.
 */
export function connectionParametersFor(document: JsonObject, findings: Finding[]): ConnectionSettings {
  const defs = (
    isObject(document.securityDefinitions)
      ? Object.entries(document.securityDefinitions).filter(([, d]) => isObject(d))
      : []
  ) as Array<[string, JsonObject]>;
  const title = isObject(document.info) && typeof document.info.title === 'string' ? document.info.title : 'service';
  const result: ConnectionSettings = { connectionParameters: {}, policyTemplateInstances: [] };
  const first = defs[0];
  if (first === undefined) return result;
  const [name, definition] = first;
  if (defs.length > 1 && defs.every(([, d]) => d.type === 'apiKey')) {
    result.connectionParameters.api_key = apiKeyParameter(definition);
    defs.slice(1).forEach(([, key], index) => {
      const param = parameterName(String(key.name));
      const parameter = apiKeyParameter(key);
      ((parameter.uiDefinition as JsonObject).constraints as JsonObject).tabIndex = 3 + index;
      (parameter.uiDefinition as JsonObject).displayName = `API Key (${String(key.name)})`;
      result.connectionParameters[param] = parameter;
      const header = key.in !== 'query';
      result.policyTemplateInstances.push({
        templateId: header ? 'setheader' : 'setqueryparameter',
        title: `Send ${String(key.name)}`,
        parameters: {
          'x-ms-apimTemplateParameter.name': String(key.name),
          'x-ms-apimTemplateParameter.value': `@connectionParameters('${param}')`,
          'x-ms-apimTemplateParameter.existsAction': 'override',
          ...(header ? { 'x-ms-apimTemplate-policySection': 'Request' } : {}),
        },
      });
    });
    return result;
  }
  if (defs.length > 1) {
    findings.push({
      rule: 'pp-connection-parameters',
      severity: 'warning',
      message: `The definition has ${defs.length} security definitions; apiProperties.json describes only "${name}".`,
      pointer: '/securityDefinitions',
      fix: 'Export with --fix (keeps one), or describe the alternatives as connectionParameterSets by hand.',
    });
  }
  if (definition.type === 'apiKey') result.connectionParameters.api_key = apiKeyParameter(definition);
  else if (definition.type === 'basic') result.connectionParameters = cloneJson(BASIC_PARAMETERS);
  else if (definition.type === 'oauth2') {
    const { parameter, notes } = oauthConnectionParameter(definition, title);
    for (const note of notes) {
      findings.push({
        rule: 'pp-connection-parameters',
        severity: note.startsWith('Replace clientId') ? 'info' : 'warning',
        message: note,
        pointer: `/securityDefinitions/${name}`,
      });
    }
    result.connectionParameters.token = parameter;
  }
  return result;
}

/** Renames operationIds inside policy templates and scriptOperations. */
function renameOperations(properties: JsonObject, renames: Record<string, string>): void {
  const rename = (list: JsonValue | undefined) =>
    Array.isArray(list) ? list.map((id) => (typeof id === 'string' && id in renames ? renames[id]! : id)) : list;
  if (Array.isArray(properties.policyTemplateInstances)) {
    for (const instance of properties.policyTemplateInstances) {
      if (
        isObject(instance) &&
        isObject(instance.parameters) &&
        Array.isArray(instance.parameters['x-ms-apimTemplate-operationName'])
      ) {
        instance.parameters['x-ms-apimTemplate-operationName'] = rename(
          instance.parameters['x-ms-apimTemplate-operationName'],
        ) as JsonValue[];
      }
    }
  }
  if (Array.isArray(properties.scriptOperations))
    properties.scriptOperations = rename(properties.scriptOperations) as JsonValue[];
}

/** The apiProperties.json document for an exported package. */
export function buildApiProperties(
  document: JsonObject,
  options: BuildPropertiesOptions,
  findings: Finding[],
): JsonObject {
  const carried =
    options.carried && isObject(options.carried.properties) ? cloneJson(options.carried.properties) : undefined;
  const info = isObject(document.info) ? document.info : {};
  const contact = isObject(info.contact) && typeof info.contact.name === 'string' ? info.contact.name : undefined;
  const props: JsonObject = {};
  if (carried) {
    Object.assign(props, carried);
    if (options.iconBrandColor !== undefined) props.iconBrandColor = options.iconBrandColor;
    if (typeof props.iconBrandColor !== 'string') props.iconBrandColor = DEFAULT_ICON_BRAND_COLOR;
    renameOperations(props, options.renamedOperations ?? {});
  } else {
    const connection = connectionParametersFor(document, findings);
    props.connectionParameters = connection.connectionParameters;
    props.iconBrandColor = options.iconBrandColor ?? DEFAULT_ICON_BRAND_COLOR;
    props.capabilities = [];
    if (contact !== undefined) {
      props.publisher = contact;
      props.stackOwner = contact;
    }
    if (connection.policyTemplateInstances.length > 0)
      props.policyTemplateInstances = connection.policyTemplateInstances;
  }
  return { properties: props };
}
