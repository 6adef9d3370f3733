/** Fixtures of the invoke tests: the demo API as a connector, connections over the management API, invoke calls. */
import type { FastifyInstance } from 'fastify';
import { demoPackageTexts } from './connectors.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
export type Json = Record<string, any>;

export const CONNECTORS = '/api/v1/environments/default/connectors';
export const CONNECTIONS = '/api/v1/environments/default/connections';

/** The demo inventory package's properties with extra settings (policies, a rate limit). */
export function demoProperties(
  extra: { policies?: Json[]; rateLimit?: { calls: number; periodSeconds: number } } = {},
) {
  const props = JSON.parse(demoPackageTexts().apiProperties) as Json;
  if (extra.policies) props.properties.policyTemplateInstances.push(...extra.policies);
  if (extra.rateLimit) props.properties['x-portico-rate-limit'] = extra.rateLimit;
  return JSON.stringify(props);
}

/** Creates a connector from the demo package (with optional extra properties) as `auth`'s user. */
export async function createDemoConnector(
  app: FastifyInstance,
  auth: Record<string, string>,
  name: string,
  properties = demoProperties(),
): Promise<Json> {
  const res = await app.inject({
    method: 'POST',
    url: CONNECTORS,
    headers: auth,
    payload: { apiDefinition: demoPackageTexts().apiDefinition, apiProperties: properties, name },
  });
  if (res.statusCode !== 201) throw new Error(`connector ${name}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Json;
}

/** Creates a connection with the given parameters; returns its id. */
export async function createConnection(
  app: FastifyInstance,
  auth: Record<string, string>,
  connector: string,
  parameters: Record<string, string>,
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: CONNECTIONS, headers: auth, payload: { connector, parameters } });
  if (res.statusCode !== 201) throw new Error(`connection to ${connector}: ${res.statusCode} ${res.body}`);
  return (JSON.parse(res.body) as Json).id as string;
}

/** Invokes an operation through the management API. */
export function invoke(
  app: FastifyInstance,
  auth: Record<string, string>,
  connectionId: string,
  operationId: string,
  inputs?: Json,
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/connections/${encodeURIComponent(connectionId)}/operations/${encodeURIComponent(operationId)}`,
    headers: auth,
    ...(inputs !== undefined ? { payload: inputs } : {}),
  });
}

/** A Swagger 2.0 API-key connector for a recording upstream on `host`: GetThing (path id, query verbose). */
export function echoPackage(
  host: string,
  extra: { policies?: Json[]; rateLimit?: { calls: number; periodSeconds: number } } = {},
) {
  const definition = {
    swagger: '2.0',
    info: { title: 'Echo API', version: '1.0', description: 'Answers with what it received.' },
    host,
    basePath: '/api',
    schemes: ['http'],
    consumes: ['application/json'],
    produces: ['application/json'],
    securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    security: [{ api_key: [] }],
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'GetThing',
          summary: 'Get a thing',
          description: 'Returns one thing.',
          parameters: [
            { name: 'id', in: 'path', required: true, type: 'integer', description: 'Thing id.' },
            { name: 'verbose', in: 'query', required: false, type: 'boolean', description: 'More detail.' },
          ],
          responses: { '200': { description: 'The thing.', schema: { type: 'object' } } },
        },
      },
    },
  };
  const properties: Json = {
    properties: {
      connectionParameters: {
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'API key',
            description: 'The API key',
            tooltip: 'Sent in X-Key',
            constraints: { tabIndex: 1, clearText: false, required: 'true' },
          },
        },
      },
      iconBrandColor: '#3b5bdb',
      capabilities: [],
      policyTemplateInstances: extra.policies ?? [],
      publisher: 'Portico tests',
      stackOwner: 'Portico tests',
    },
  };
  if (extra.rateLimit) properties.properties['x-portico-rate-limit'] = extra.rateLimit;
  return { apiDefinition: JSON.stringify(definition), apiProperties: JSON.stringify(properties) };
}

/** A `setheader` policy instance that sets `name: value` on every request. */
export function setHeaderPolicy(name: string, value: string): Json {
  return {
    templateId: 'setheader',
    title: `Set ${name}`,
    parameters: {
      'x-ms-apimTemplateParameter.name': name,
      'x-ms-apimTemplateParameter.value': value,
      'x-ms-apimTemplateParameter.existsAction': 'override',
      'x-ms-apimTemplate-policySection': 'Request',
    },
  };
}

/** Creates a connector from package texts as `auth`'s user; returns the create answer. */
export async function createConnectorFrom(
  app: FastifyInstance,
  auth: Record<string, string>,
  name: string,
  pkg: { apiDefinition: string; apiProperties: string },
): Promise<Json> {
  const res = await app.inject({ method: 'POST', url: CONNECTORS, headers: auth, payload: { ...pkg, name } });
  if (res.statusCode !== 201) throw new Error(`connector ${name}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Json;
}
