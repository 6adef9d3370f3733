/** Each conversion pass run alone on a small working copy. */
import { describe, expect, it } from 'vitest';
import { ConvertContext } from '../../src/convert/context.ts';
import { bodyParamsToRequestBodies } from '../../src/convert/passes/body-params-to-request-bodies.ts';
import { componentsToDefinitions } from '../../src/convert/passes/components-to-definitions.ts';
import { hoistDefs } from '../../src/convert/passes/hoist-defs.ts';
import { hostToServers } from '../../src/convert/passes/host-to-servers.ts';
import { parametersToV2 } from '../../src/convert/passes/parameters-to-v2.ts';
import { parametersToV3, styleFor } from '../../src/convert/passes/parameters-to-v3.ts';
import { requestBodiesToBodyParams } from '../../src/convert/passes/request-bodies-to-body-params.ts';
import { responsesToV2 } from '../../src/convert/passes/responses-to-v2.ts';
import { responsesToV3 } from '../../src/convert/passes/responses-to-v3.ts';
import { repairRefs, rewriteRefsPass } from '../../src/convert/passes/rewrite-refs.ts';
import { schemaDowngrade } from '../../src/convert/passes/schema-downgrade.ts';
import { schemaUpgradeFrom2, schemaUpgradeTo31 } from '../../src/convert/passes/schema-upgrade.ts';
import { securityDefinitionsToV3 } from '../../src/convert/passes/security-definitions-to-v3.ts';
import { securitySchemesToV2 } from '../../src/convert/passes/security-schemes-to-v2.ts';
import { serversToHost, splitServerUrl } from '../../src/convert/passes/servers-to-host.ts';
import { v3OnlyFeatures } from '../../src/convert/passes/v3-only-features.ts';
import { v31Document } from '../../src/convert/passes/v31-document.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';

function run(
  pass: { run(c: ConvertContext): void },
  document: JsonObject,
  from: OasVersion,
  to: OasVersion,
): ConvertContext {
  const context = new ConvertContext(document, from, to);
  pass.run(context);
  return context;
}

const op = (extra: JsonObject): JsonObject => ({
  paths: { '/x': { post: { responses: { '200': { description: 'ok' } }, ...extra } } },
});

describe('servers-to-host', () => {
  it('takes host, basePath and schemes from the first server, substituting variables', () => {
    const document: JsonObject = {
      servers: [
        { url: 'https://{tenant}.example.com/api', variables: { tenant: { default: 'acme' } } },
        { url: 'http://acme.example.com/api' },
      ],
    };
    const context = run(serversToHost, document, '3.0', '2.0');
    expect(document).toEqual({ host: 'acme.example.com', basePath: '/api', schemes: ['https', 'http'] });
    expect(context.losses.map((l) => l.kind)).toEqual(['server-variables']);
  });

  it('splits absolute, protocol-relative and relative URLs', () => {
    expect(splitServerUrl('https://a.example.com:8443/v1/')).toEqual({
      scheme: 'https',
      host: 'a.example.com:8443',
      basePath: '/v1',
    });
    expect(splitServerUrl('//a.example.com')).toEqual({ host: 'a.example.com', basePath: '/' });
    expect(splitServerUrl('v2')).toEqual({ basePath: '/v2' });
  });
});

describe('host-to-servers', () => {
  it('builds one server per scheme', () => {
    const document: JsonObject = { host: 'h.example.com', basePath: '/b', schemes: ['https', 'wss'] };
    run(hostToServers, document, '2.0', '3.0');
    expect(document).toEqual({ servers: [{ url: 'https://h.example.com/b' }, { url: 'wss://h.example.com/b' }] });
  });
});

describe('schema-downgrade', () => {
  it('turns 3.1 nullable type arrays into nullable: true for 3.0 without a loss', () => {
    const document: JsonObject = { components: { schemas: { A: { type: ['string', 'null'] } } } };
    const context = run(schemaDowngrade, document, '3.1', '3.0');
    expect(document).toEqual({ components: { schemas: { A: { type: 'string', nullable: true } } } });
    expect(context.losses).toEqual([]);
  });

  it('keeps several oneOf branches as x-oneOf for 2.0 and records the loss at the source keyword', () => {
    const document: JsonObject = {
      components: { schemas: { A: { oneOf: [{ type: 'string' }, { type: 'integer' }], nullable: true } } },
    };
    const context = run(schemaDowngrade, document, '3.0', '2.0');
    expect(document).toEqual({
      components: { schemas: { A: { 'x-nullable': true, 'x-oneOf': [{ type: 'string' }, { type: 'integer' }] } } },
    });
    expect(context.losses.map((l) => [l.kind, l.pointer])).toEqual([
      ['nullable', '/components/schemas/A/nullable'],
      ['oneOf', '/components/schemas/A/oneOf'],
    ]);
  });

  it('walks a 20 000-level deep schema without overflowing the stack', () => {
    const root: JsonObject = {};
    let node = root;
    for (let i = 0; i < 20_000; i++) {
      const child: JsonObject = { nullable: true };
      node.type = 'object';
      node.properties = { next: child };
      node = child;
    }
    const context = run(schemaDowngrade, { components: { schemas: { Deep: root } } }, '3.0', '2.0');
    expect(context.losses).toHaveLength(20_000);
    expect(node['x-nullable']).toBe(true);
  });
});

describe('schema-upgrade-from-2', () => {
  it('restores what a downgrade kept as extensions', () => {
    const document: JsonObject = {
      definitions: {
        A: {
          type: 'object',
          required: ['a'],
          properties: { a: { type: 'string', 'x-nullable': true } },
          'x-oneOf': [{ properties: { b: { type: 'file' } } }],
          'x-required': ['b'],
          discriminator: 'a',
          'x-discriminator-mapping': { x: '#/definitions/A' },
        },
      },
    };
    run(schemaUpgradeFrom2, document, '2.0', '3.0');
    expect(document.definitions).toEqual({
      A: {
        type: 'object',
        required: ['a', 'b'],
        properties: { a: { type: 'string', nullable: true } },
        oneOf: [{ properties: { b: { type: 'string', format: 'binary' } } }],
        discriminator: { propertyName: 'a', mapping: { x: '#/definitions/A' } },
      },
    });
  });
});

describe('schema-upgrade-to-3.1', () => {
  it('turns nullable, boolean exclusive bounds and example into their 3.1 forms', () => {
    const document: JsonObject = {
      components: {
        schemas: { A: { type: 'integer', nullable: true, minimum: 1, exclusiveMinimum: true, example: 2 } },
      },
    };
    run(schemaUpgradeTo31, document, '3.0', '3.1');
    expect(document).toEqual({
      components: { schemas: { A: { type: ['integer', 'null'], exclusiveMinimum: 1, examples: [2] } } },
    });
  });
});

describe('hoist-defs', () => {
  it('moves $defs to components/schemas and rewrites references into them', () => {
    const document: JsonObject = {
      components: {
        schemas: {
          A: { $defs: { B: { type: 'string' } }, properties: { b: { $ref: '#/components/schemas/A/$defs/B' } } },
        },
      },
    };
    const context = run(hoistDefs, document, '3.1', '3.0');
    rewriteRefsPass(() => undefined).run(context);
    expect(document).toEqual({
      components: {
        schemas: { A: { properties: { b: { $ref: '#/components/schemas/A_B' } } }, A_B: { type: 'string' } },
      },
    });
  });
});

describe('parameters-to-v2', () => {
  it('maps style and explode to collectionFormat and drops cookie parameters', () => {
    const document = op({
      parameters: [
        { name: 'a', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
        { name: 'c', in: 'cookie', schema: { type: 'string' } },
      ],
    });
    const context = run(parametersToV2, document, '3.0', '2.0');
    expect((document.paths as JsonObject)['/x']).toMatchObject({
      post: {
        parameters: [{ name: 'a', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'csv' }],
      },
    });
    expect(context.losses.map((l) => l.kind)).toEqual(['cookie-parameter']);
  });
});

describe('request-bodies-to-body-params', () => {
  it('names the body parameter after x-codegen-request-body-name and lists consumes', () => {
    const document = op({
      'x-codegen-request-body-name': 'pet',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
    });
    run(requestBodiesToBodyParams, document, '3.0', '2.0');
    expect((document.paths as JsonObject)['/x']).toEqual({
      post: {
        responses: { '200': { description: 'ok' } },
        parameters: [{ name: 'pet', in: 'body', required: true, schema: { type: 'object' } }],
        consumes: ['application/json'],
      },
    });
  });
});

describe('body-params-to-request-bodies', () => {
  it('turns formData parameters into a multipart object schema', () => {
    const document: JsonObject = {
      paths: {
        '/x': {
          post: {
            consumes: ['multipart/form-data'],
            parameters: [{ name: 'f', in: 'formData', type: 'file', required: true }],
            responses: {},
          },
        },
      },
    };
    run(bodyParamsToRequestBodies, document, '2.0', '3.0');
    expect((document.paths as JsonObject)['/x']).toEqual({
      post: {
        responses: {},
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { f: { type: 'string', format: 'binary' } }, required: ['f'] },
            },
          },
        },
      },
    });
  });
});

describe('responses-to-v2', () => {
  it('collects produces from every response and keeps one schema', () => {
    const document = op({
      responses: {
        '200': {
          description: 'ok',
          content: { 'application/json': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } },
        },
      },
    });
    const context = run(responsesToV2, document, '3.0', '2.0');
    expect((document.paths as JsonObject)['/x']).toEqual({
      post: {
        responses: { '200': { description: 'ok', schema: { type: 'string' } } },
        produces: ['application/json', 'text/plain'],
      },
    });
    expect(context.losses).toEqual([]);
  });
});

describe('security-schemes-to-v2', () => {
  it('exports bearer auth as an Authorization api key', () => {
    const document: JsonObject = { components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } } };
    const context = run(securitySchemesToV2, document, '3.0', '2.0');
    expect(document.securityDefinitions).toMatchObject({ b: { type: 'apiKey', name: 'Authorization', in: 'header' } });
    expect(context.losses.map((l) => l.kind)).toEqual(['http-bearer']);
  });
});

describe('repair-refs', () => {
  it('removes dangling parameter references and empties other dangling references', () => {
    const document: JsonObject = {
      paths: {
        '/x': {
          get: {
            parameters: [{ $ref: '#/parameters/Gone' }],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Gone' } } },
          },
        },
      },
    };
    const context = run(repairRefs, document, '3.0', '2.0');
    expect(document).toEqual({
      paths: { '/x': { get: { parameters: [], responses: { '200': { description: 'ok', schema: {} } } } } },
    });
    expect(context.losses.map((l) => l.kind)).toEqual(['dangling-ref', 'dangling-ref']);
  });
});

describe('v31-document', () => {
  it('inlines components/pathItems and drops webhooks for 3.0', () => {
    const document: JsonObject = {
      openapi: '3.1.0',
      webhooks: { ping: {} },
      paths: { '/a': { $ref: '#/components/pathItems/A' } },
      components: { pathItems: { A: { get: { responses: { '200': { description: 'ok' } } } } } },
    };
    const context = run(v31Document, document, '3.1', '3.0');
    expect(document).toEqual({
      openapi: '3.1.0',
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
      components: {},
    });
    expect(context.losses.map((l) => [l.kind, l.pointer])).toEqual([['webhooks', '/webhooks/ping']]);
  });
});

describe('v3-only-features', () => {
  it('drops TRACE operations and callbacks', () => {
    const document: JsonObject = {
      paths: { '/a': { trace: { responses: {} }, get: { callbacks: { c: {} }, responses: {} } } },
    };
    const context = run(v3OnlyFeatures, document, '3.0', '2.0');
    expect(document).toEqual({ paths: { '/a': { get: { responses: {} } } } });
    expect(context.losses.map((l) => l.kind).sort()).toEqual(['callbacks', 'trace-method']);
  });
});

describe('components-to-definitions', () => {
  it('moves schemas, parameters and responses to the 2.0 root sections', () => {
    const document: JsonObject = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { A: {} }, parameters: { P: { name: 'p', in: 'query', type: 'string' } }, 'x-kept': 1 },
    };
    run(componentsToDefinitions, document, '3.0', '2.0');
    expect(document).toEqual({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {},
      definitions: { A: {} },
      parameters: { P: { name: 'p', in: 'query', type: 'string' } },
      'x-components-kept': 1,
    });
    expect(Object.keys(document)[0]).toBe('swagger');
  });
});

describe('parameters-to-v3', () => {
  it('maps collectionFormat to style and explode per location', () => {
    expect(styleFor('query', undefined)).toEqual({ style: 'form', explode: false });
    expect(styleFor('query', 'multi')).toEqual({});
    expect(styleFor('path', 'csv')).toEqual({});
    expect(styleFor('header', 'ssv')).toBeUndefined();
    expect(styleFor('query', 'tsv')).toBeUndefined();
  });

  it('builds a schema from the primitive fields and keeps x-example as example', () => {
    const document: JsonObject = {
      paths: {
        '/a': { get: { parameters: [{ name: 'n', in: 'query', type: 'integer', minimum: 1, 'x-example': 3 }] } },
      },
    };
    run(parametersToV3, document, '2.0', '3.0');
    expect((document.paths as JsonObject)['/a']).toEqual({
      get: { parameters: [{ name: 'n', in: 'query', schema: { type: 'integer', minimum: 1 }, example: 3 }] },
    });
  });
});

describe('responses-to-v3', () => {
  it('writes one content entry per produced media type, with its example', () => {
    const document: JsonObject = {
      produces: ['application/json', 'text/xml'],
      paths: {
        '/a': {
          get: {
            responses: { '200': { description: 'ok', schema: { type: 'string' }, examples: { 'text/xml': '<a/>' } } },
          },
        },
      },
    };
    run(responsesToV3, document, '2.0', '3.0');
    expect((document.paths as JsonObject)['/a']).toEqual({
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'string' } },
              'text/xml': { schema: { type: 'string' }, example: '<a/>' },
            },
          },
        },
      },
    });
  });
});

describe('security-definitions-to-v3', () => {
  it('turns the application flow into clientCredentials and basic into http basic', () => {
    const document: JsonObject = {
      securityDefinitions: {
        m: { type: 'oauth2', flow: 'application', tokenUrl: 'https://t.example.com', scopes: {} },
        b: { type: 'basic' },
      },
    };
    run(securityDefinitionsToV3, document, '2.0', '3.0');
    expect(document).toEqual({
      components: {
        securitySchemes: {
          m: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://t.example.com', scopes: {} } } },
          b: { type: 'http', scheme: 'basic' },
        },
      },
    });
  });
});
