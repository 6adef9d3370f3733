import { describe, expect, it } from 'vitest';
import {
  connectionParametersFromProperties,
  normalizeApiProperties,
  readConnectorPackage,
} from '../../src/powerplatform/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { cleanDocument } from './documents.ts';

const definition = JSON.stringify(cleanDocument());

describe('readConnectorPackage', () => {
  it('reads UTF-8 bytes with a byte-order mark', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${definition}`);
    const read = readConnectorPackage({ apiDefinition: bytes });
    expect(read.findings).toEqual([]);
    expect(read.definition).toEqual(cleanDocument());
    expect(read.properties).toEqual({});
  });

  it('reports broken JSON with the file, line and column instead of throwing', () => {
    const read = readConnectorPackage({
      apiDefinition: definition,
      apiProperties: '{\n  "properties": {\n    "iconBrandColor": ,\n  }\n}',
    });
    expect(read.findings).toHaveLength(1);
    expect(read.findings[0]).toMatchObject({
      rule: 'pp-package-json',
      severity: 'error',
      source: 'apiProperties.json',
      line: 3,
    });
  });

  it('reports an OpenAPI 3 definition as an error', () => {
    const read = readConnectorPackage({ apiDefinition: JSON.stringify({ openapi: '3.0.0', info: {}, paths: {} }) });
    expect(read.findings).toMatchObject([{ rule: 'pp-package-definition', severity: 'error' }]);
  });

  it('parses settings.json when given', () => {
    const read = readConnectorPackage({ apiDefinition: definition, settings: '{"connectorId":"abc"}' });
    expect(read.settings).toEqual({ connectorId: 'abc' });
  });
});

describe('normalizeApiProperties', () => {
  const deviant = (): JsonObject => ({
    properties: {
      iconBrandColor: '#000000',
      connectionParameters: {
        token: {
          type: 'oauthSetting',
          oAuthSettings: {
            identityProvider: 'oauth2',
            clientId: 'abc',
            clientSecret: 'do-not-export',
            redirectMode: 'direct',
            redirectUrl: ['https://global.consent.azure-apim.net/redirect', 'https://other'],
            properties: { IsOnbehalfofLoginSupported: true },
            customParameters: { AuthorizationUrl: { value: 'https://id/a' } },
          },
          uiDefinition: { constraints: { required: true, hidden: false } },
        },
        other: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'DocuSign' } },
      },
      policyTemplateInstances: [
        { templateId: 'SetProperty', parameters: {} },
        { templateId: 'moveproperties', parameters: {} },
      ],
    },
  });

  it('normalizes the safe deviations and lists each one', () => {
    const { properties, normalizations } = normalizeApiProperties(deviant());
    const token = ((properties.properties as JsonObject).connectionParameters as JsonObject).token as JsonObject;
    expect(token.uiDefinition).toEqual({ constraints: { required: 'true', hidden: 'false' } });
    expect(token.oAuthSettings).toEqual({
      identityProvider: 'oauth2',
      clientId: 'abc',
      redirectMode: 'Direct',
      redirectUrl: 'https://global.consent.azure-apim.net/redirect',
      properties: { IsOnbehalfofLoginSupported: true, IsFirstParty: 'False' },
      customParameters: { authorizationUrl: { value: 'https://id/a' } },
    });
    expect(((properties.properties as JsonObject).policyTemplateInstances as JsonObject[])[0]!.templateId).toBe(
      'setproperty',
    );
    expect(normalizations.length).toBe(8);
    expect(JSON.stringify(properties)).not.toContain('do-not-export');
  });

  it('keeps unknown identity providers and policy templates with an info finding', () => {
    const { properties, findings } = normalizeApiProperties(deviant());
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['info', 'Identity provider "DocuSign" is not in the paconn schema; kept as is.'],
      ['info', 'Policy template "moveproperties" is not in the paconn schema; kept as is.'],
    ]);
    expect(JSON.stringify(properties)).toContain('"DocuSign"');
    expect(JSON.stringify(properties)).toContain('"moveproperties"');
  });

  it('reports a file without a properties object as an error', () => {
    expect(normalizeApiProperties({ connectionParameters: {} }).findings[0]).toMatchObject({
      severity: 'error',
      rule: 'pp-properties',
    });
  });
});

describe('connectionParametersFromProperties', () => {
  it('describes an API key connection', () => {
    const info = connectionParametersFromProperties({
      properties: {
        connectionParameters: {
          api_key: {
            type: 'securestring',
            uiDefinition: { displayName: 'API Key', constraints: { required: 'true' } },
          },
        },
      },
    });
    expect(info).toEqual({
      type: 'apiKey',
      parameters: [
        { name: 'api_key', type: 'securestring', label: 'API Key', required: true, secret: true, hidden: false },
      ],
    });
  });

  it('describes basic auth with a visible username (clearText) and a secret password', () => {
    const info = connectionParametersFromProperties({
      properties: {
        connectionParameters: {
          username: {
            type: 'securestring',
            uiDefinition: { displayName: 'Username', constraints: { clearText: true, required: 'true' } },
          },
          password: {
            type: 'securestring',
            uiDefinition: { displayName: 'Password', constraints: { clearText: false, required: true } },
          },
        },
      },
    });
    expect(info.type).toBe('basic');
    expect(info.parameters.map((p) => [p.name, p.secret, p.required])).toEqual([
      ['username', false, true],
      ['password', true, true],
    ]);
  });

  it('describes Entra ID and generic OAuth settings', () => {
    const aad = connectionParametersFromProperties({
      properties: {
        connectionParameters: {
          token: {
            type: 'oauthSetting',
            oAuthSettings: {
              identityProvider: 'aad',
              clientId: 'id',
              scopes: ['User.Read Mail.Read'],
              customParameters: {
                resourceUri: { value: 'https://graph.microsoft.com' },
                tenantId: { value: 'common' },
                loginUri: { value: 'https://login.microsoftonline.com' },
              },
            },
          },
        },
      },
    });
    expect(aad.type).toBe('aad');
    expect(aad.oauth).toEqual({
      identityProvider: 'aad',
      clientId: 'id',
      scopes: ['User.Read', 'Mail.Read'],
      resourceUri: 'https://graph.microsoft.com',
      loginUri: 'https://login.microsoftonline.com',
      tenantId: 'common',
    });
    const generic = connectionParametersFromProperties({
      properties: {
        connectionParameters: {
          token: {
            type: 'oauthSetting',
            oAuthSettings: { identityProvider: 'oauth2', customParameters: { tokenUrl: { value: 'https://id/t' } } },
          },
        },
      },
    });
    expect(generic).toMatchObject({ type: 'oauth2', oauth: { tokenUrl: 'https://id/t', scopes: [] } });
  });

  it('describes no auth and multi-auth parameter sets', () => {
    expect(connectionParametersFromProperties({ properties: { connectionParameters: {} } })).toEqual({
      type: 'none',
      parameters: [],
    });
    const multi = connectionParametersFromProperties({
      properties: {
        connectionParameterSets: {
          values: [
            {
              name: 'key',
              uiDefinition: { displayName: 'API key' },
              parameters: { api_key: { type: 'securestring' } },
            },
            { name: 'basic', parameters: { username: { type: 'string' }, password: { type: 'securestring' } } },
          ],
        },
      },
    });
    expect(multi.type).toBe('multi');
    expect(multi.sets?.map((s) => [s.name, s.label, s.type])).toEqual([
      ['key', 'API key', 'apiKey'],
      ['basic', 'basic', 'basic'],
    ]);
  });
});
