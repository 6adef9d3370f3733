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

/** Connection parameters for the (single, after fixes) security definition of a 2.0 document. */
export function connectionParametersFor(document: JsonObject, findings: Finding[]): JsonObject {
  const defs = isObject(document.securityDefinitions)
    ? Object.entries(document.securityDefinitions).filter(([, d]) => isObject(d))
    : [];
  const title = isObject(document.info) && typeof document.info.title === 'string' ? document.info.title : 'service';
  const first = defs[0];
  if (first === undefined) return {};
  const [name, definition] = first as [string, JsonObject];
  if (defs.length > 1) {
    findings.push({
      rule: 'pp-connection-parameters',
      severity: 'warning',
      message: `The definition has ${defs.length} security definitions; apiProperties.json describes only "${name}". Add the others as connection parameters (with setheader/setqueryparameter policies) by hand.`,
      pointer: '/securityDefinitions',
    });
  }
  if (definition.type === 'apiKey') return { api_key: apiKeyParameter(definition) };
  if (definition.type === 'basic') return cloneJson(BASIC_PARAMETERS);
  if (definition.type === 'oauth2') {
    const { parameter, notes } = oauthConnectionParameter(definition, title);
    for (const note of notes) {
      findings.push({
        rule: 'pp-connection-parameters',
        severity: note.startsWith('Replace clientId') ? 'info' : 'warning',
        message: note,
        pointer: `/securityDefinitions/${name}`,
      });
    }
    return { token: parameter };
  }
  return {};
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
    props.connectionParameters = connectionParametersFor(document, findings);
    props.iconBrandColor = options.iconBrandColor ?? DEFAULT_ICON_BRAND_COLOR;
    props.capabilities = [];
    if (contact !== undefined) {
      props.publisher = contact;
      props.stackOwner = contact;
    }
  }
  return { properties: props };
}
