/** Portico's own management API ships as the built-in connector `portico`, generated from the routes. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage } from '../../openapi/test/helpers/check-package.ts';
import { PORTICO_CONNECTOR_FILES, type PorticoConnectorFiles, porticoConnectorFiles } from '../src/self-connector.ts';
import { addUser, json, makeApp, type TestApp } from './helpers/app.ts';

const committedDir = new URL('../../../connectors/portico/', import.meta.url);

let t: TestApp;
let generated: PorticoConnectorFiles;

beforeAll(async () => {
  t = await makeApp();
  generated = await porticoConnectorFiles(t.app);
});
afterAll(async () => t.close());

describe('the portico built-in connector', () => {
  it('is up to date with the routes (run `npm run generate:connector` when this fails)', () => {
    for (const name of PORTICO_CONNECTOR_FILES) {
      const committed = readFileSync(new URL(name, committedDir), 'utf8');
      expect(committed, `connectors/portico/${name} is stale`).toBe(generated[name]);
    }
  });

  it('passes the Power Platform schemas, the Swagger 2.0 schema and swagger-parser', async () => {
    expect(await checkPackage(generated)).toEqual([]);
  });

  it('asks for the server URL and a personal access token sent as the Authorization header', () => {
    const definition = JSON.parse(generated['apiDefinition.swagger.json']);
    const properties = JSON.parse(generated['apiProperties.json']).properties;
    expect(Object.keys(properties.connectionParameters)).toEqual(['portico_url', 'api_key']);
    expect(properties.connectionParameters.api_key.type).toBe('securestring');
    expect(Object.values(definition.securityDefinitions)).toEqual([
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
    ]);
    expect(properties.policyTemplateInstances[0].templateId).toBe('dynamichosturl');
    const operationIds = Object.values(definition.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.values(item))
      .map((op) => op.operationId);
    expect(operationIds).toEqual(expect.arrayContaining(['GetMe', 'ListEnvironments', 'CreateToken']));
  });

  it('is loaded at start and listed in every environment as a read-only built-in', async () => {
    const { auth } = await addUser(t.store);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/environments/default/connectors', headers: auth });
    expect(res.statusCode).toBe(200);
    const body = json<{ items: Array<{ name: string; builtIn: boolean; readOnly: boolean }> }>(res);
    expect(body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'portico', builtIn: true, readOnly: true })]),
    );
  });
});
