/**
 * Portico's own management API as a built-in connector: its generated OpenAPI 3.1 document
 * (`/api/v1/openapi.json`) exported through the core's Power Platform exporter, so "Portico's API is
 * itself a connector" holds by construction. `scripts/generate-portico-connector.ts` writes the files
 * to `connectors/portico/`; a test fails when the committed files fall behind the routes.
 */
import { exportConnector, type JsonObject } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';

export const PORTICO_CONNECTOR_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json'] as const;
export type PorticoConnectorFiles = Record<(typeof PORTICO_CONNECTOR_FILES)[number], string>;

/** The URL a connection uses when the maker does not change it: `portico serve`'s default address. */
export const DEFAULT_PORTICO_URL = 'http://127.0.0.1:8080';

/** Builds the connector package files for the management API served by `app`. */
export async function porticoConnectorFiles(app: FastifyInstance): Promise<PorticoConnectorFiles> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.statusCode}`);
  const document = JSON.parse(response.body) as JsonObject;
  const result = exportConnector({ document, version: '3.1' }, { fix: true, connectorName: 'Portico' });
  const pkg = result.packages[0];
  if (!pkg || !result.importable || result.packages.length !== 1) {
    const errors = (pkg?.report.findings ?? result.findings).filter((f) => f.severity === 'error');
    throw new Error(
      `The management API does not export as one importable connector: ${errors.map((f) => `${f.rule} at ${f.pointer}: ${f.message}`).join('; ')}`,
    );
  }
  const definition = JSON.parse(pkg.files['apiDefinition.swagger.json']) as JsonObject;
  definition.host = new URL(DEFAULT_PORTICO_URL).host;
  definition.schemes = ['http', 'https'];
  const properties = withServerUrlParameter(JSON.parse(pkg.files['apiProperties.json']) as JsonObject);
  return {
    'apiDefinition.swagger.json': serialize(definition),
    'apiProperties.json': serialize(properties),
    'settings.json': serialize({ apiDefinition: 'apiDefinition.swagger.json', apiProperties: 'apiProperties.json' }),
  };
}

/** Adds a `portico_url` connection parameter and a `dynamichosturl` policy so one package serves any installation. */
function withServerUrlParameter(file: JsonObject): JsonObject {
  const properties = (file.properties ?? {}) as JsonObject;
  const existing = (properties.connectionParameters ?? {}) as JsonObject;
  const connectionParameters: JsonObject = {
    portico_url: {
      type: 'string',
      defaultValue: DEFAULT_PORTICO_URL,
      uiDefinition: {
        displayName: 'Portico URL',
        description: 'Base URL of the Portico server, as printed by `portico serve`',
        tooltip: `For example ${DEFAULT_PORTICO_URL}`,
        constraints: { tabIndex: 1, clearText: true, required: 'true' },
      },
    },
  };
  let tabIndex = 2;
  for (const [name, parameter] of Object.entries(existing)) {
    const ui = (parameter as JsonObject).uiDefinition as JsonObject | undefined;
    const constraints = ui?.constraints as JsonObject | undefined;
    if (constraints) constraints.tabIndex = tabIndex++;
    connectionParameters[name] = parameter;
  }
  const policies = Array.isArray(properties.policyTemplateInstances) ? properties.policyTemplateInstances : [];
  return {
    ...file,
    properties: {
      ...properties,
      connectionParameters,
      policyTemplateInstances: [
        {
          templateId: 'dynamichosturl',
          title: 'Call the Portico server at the connection URL',
          parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "@connectionParameters('portico_url')" },
        },
        ...policies,
      ],
      publisher: 'Portico',
      stackOwner: 'Portico',
    },
  };
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
