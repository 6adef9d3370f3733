/**
 * JSON Schemas of the connector and connection routes (request bodies and responses). Responses list every
 * field, so the serializer drops anything else (a second guard against leaking secrets); free-form parts
 * (findings, reports) are open objects.
 */
import { nameSchema } from '../schemas.ts';

const time = { type: 'string', format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const openObject = { type: 'object', additionalProperties: true } as const;
const openList = { type: 'array', items: openObject } as const;

export const envParams = {
  type: 'object',
  required: ['env'],
  properties: { env: { type: 'string', description: 'Environment name.' } },
} as const;

export const connectorParams = {
  type: 'object',
  required: ['env', 'connector'],
  properties: {
    env: { type: 'string', description: 'Environment name.' },
    connector: { type: 'string', description: 'Connector name.' },
  },
} as const;

/** The package sources accepted by prepare, create and update (exactly one of the four is required). */
export const packageSourceProperties = {
  apiDefinition: {
    type: 'string',
    description: 'apiDefinition.swagger.json as text (an OpenAPI 3.x document is converted).',
  },
  apiProperties: { type: 'string', description: 'apiProperties.json as text.' },
  settings: { type: 'string', description: 'settings.json as text.' },
  icon: { type: 'string', description: 'icon.png as base64.' },
  zip: { type: 'string', description: 'A zip of the package folder, as base64.' },
  definition: { type: 'string', description: 'Any OpenAPI document (2.0, 3.0, 3.1), JSON or YAML text.' },
  definitionUrl: { type: 'string', format: 'uri', description: 'A URL Portico fetches the OpenAPI document from.' },
} as const;

export const authAnswersSchema = {
  type: 'object',
  description: 'Answers to the authentication questions of the draft. The client secret is stored encrypted.',
  properties: {
    clientId: { type: 'string', maxLength: 500 },
    clientSecret: { type: 'string', maxLength: 4000, description: 'Stored encrypted, never returned.' },
    resourceUri: { type: 'string', maxLength: 2000 },
    loginUri: { type: 'string', maxLength: 2000 },
    tenantId: { type: 'string', maxLength: 200 },
    authorizationUrl: { type: 'string', maxLength: 2000 },
    tokenUrl: { type: 'string', maxLength: 2000 },
    refreshUrl: { type: 'string', maxLength: 2000 },
    scopes: { type: 'array', items: { type: 'string', maxLength: 500 }, maxItems: 100 },
    apiKeyLabel: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const prepareBody = {
  type: 'object',
  properties: { ...packageSourceProperties, name: nameSchema },
} as const;

export const createBody = {
  type: 'object',
  required: ['name'],
  properties: {
    draftId: { type: 'string', description: 'The draft from POST …/connectors/prepare.' },
    ...packageSourceProperties,
    name: nameSchema,
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    auth: authAnswersSchema,
  },
} as const;

export const updateBody = {
  type: 'object',
  properties: {
    draftId: { type: 'string', description: 'A draft from POST …/connectors/prepare with the new definition.' },
    ...packageSourceProperties,
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    auth: authAnswersSchema,
  },
} as const;

const redirectUrlsSchema = {
  type: 'object',
  properties: {
    global: { type: 'string' },
    perConnector: { type: 'string' },
    register: { type: 'string', description: 'The one to register with the identity provider.' },
  },
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    source: { type: 'string', enum: ['package', 'openapi'] },
    inputVersion: { type: 'string' },
    importable: { type: 'boolean' },
    findings: openList,
    fixes: openList,
    losses: openList,
    normalizations: openList,
  },
} as const;

const operationSchema = {
  type: 'object',
  properties: {
    operationId: { type: 'string' },
    method: { type: 'string' },
    path: { type: 'string' },
    summary: { type: 'string' },
    description: { type: 'string' },
    deprecated: { type: 'boolean' },
    visibility: { type: 'string' },
    trigger: { type: 'boolean' },
    findings: openList,
  },
} as const;

const parameterSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    label: { type: 'string' },
    type: { type: 'string' },
    required: { type: 'boolean' },
    secret: { type: 'boolean' },
    defaultValue: { type: 'string' },
    description: { type: 'string' },
  },
} as const;

const questionSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    label: { type: 'string' },
    description: { type: 'string' },
    required: { type: 'boolean' },
    secret: { type: 'boolean' },
    default: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  },
} as const;

export const draftSchema = {
  type: 'object',
  required: ['draftId', 'auth', 'operations', 'report', 'redirectUrls'],
  properties: {
    draftId: { type: 'string' },
    expiresAt: time,
    suggestedName: { type: 'string' },
    title: nullableString,
    auth: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['oauth2', 'aad', 'apiKey', 'basic', 'none', 'multi'] },
        questions: { type: 'array', items: questionSchema },
        connectionParameters: { type: 'array', items: parameterSchema },
      },
    },
    redirectUrls: redirectUrlsSchema,
    operations: { type: 'array', items: operationSchema },
    report: reportSchema,
  },
} as const;

const connectorEntryProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  displayName: { type: 'string' },
  description: nullableString,
  builtIn: { type: 'boolean' },
  readOnly: { type: 'boolean' },
  iconBrandColor: nullableString,
  hasIcon: { type: 'boolean' },
  authType: { type: 'string' },
  version: { type: ['integer', 'null'] },
  operationCount: { type: 'integer' },
  sourceAppId: nullableString,
  createdAt: time,
  updatedAt: time,
  createdBy: nullableString,
} as const;

export const connectorEntrySchema = {
  type: 'object',
  required: ['id', 'name', 'builtIn', 'authType'],
  properties: connectorEntryProperties,
} as const;

export const versionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    current: { type: 'boolean' },
    sourceRevisionId: nullableString,
    hasClientSecret: { type: 'boolean' },
    createdAt: time,
    createdBy: nullableString,
  },
} as const;

export const connectorDetailSchema = {
  type: 'object',
  required: ['id', 'name', 'auth', 'operations'],
  properties: {
    ...connectorEntryProperties,
    created: { type: 'boolean', description: 'True when this call created the connector (express export).' },
    auth: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        parameters: { type: 'array', items: parameterSchema },
        oauth: {
          type: 'object',
          properties: {
            identityProvider: { type: 'string' },
            clientId: { type: 'string' },
            scopes: { type: 'array', items: { type: 'string' } },
            redirectMode: { type: 'string' },
            authorizationUrl: { type: 'string' },
            tokenUrl: { type: 'string' },
            refreshUrl: { type: 'string' },
            resourceUri: { type: 'string' },
            loginUri: { type: 'string' },
            tenantId: { type: 'string' },
            hasClientSecret: { type: 'boolean' },
          },
        },
        sets: openList,
      },
    },
    redirectUrls: redirectUrlsSchema,
    operations: { type: 'array', items: operationSchema },
    report: reportSchema,
    versions: { type: 'array', items: versionSchema },
  },
} as const;

export const shareSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', description: '"environment" or "user:<id>".' },
    userId: nullableString,
    email: nullableString,
    permission: { type: 'string', enum: ['use', 'edit'] },
    createdAt: time,
  },
} as const;

export const connectionSchema = {
  type: 'object',
  required: ['id', 'connector', 'status'],
  description: 'A connection: never its credentials.',
  properties: {
    id: { type: 'string' },
    connector: { type: 'string', description: 'Connector name.' },
    connectorId: { type: 'string' },
    environment: { type: 'string' },
    ownerId: { type: 'string' },
    displayName: { type: 'string' },
    authType: { type: 'string' },
    status: { type: 'string', enum: ['connected', 'error', 'unauthenticated', 'pending', 'needs_reauthentication'] },
    statusMessage: nullableString,
    parameters: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      description: 'Non-secret parameters only.',
    },
    secretParameters: { type: 'array', items: { type: 'string' }, description: 'Names of the secret parameters set.' },
    grant: {
      type: 'string',
      enum: ['authorization_code', 'client_credentials'],
      description: 'OAuth connections: how tokens are obtained.',
    },
    createdAt: time,
    updatedAt: time,
    lastTestedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const idSchema = { type: 'string' } as const;
