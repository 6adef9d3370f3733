import { describe, expect, it } from 'vitest';
import { noUnusedComponents } from '../../src/validate/rules/no-unused-components.ts';
import { refTargetExists } from '../../src/validate/rules/ref-target-exists.ts';
import { securitySchemeDefined } from '../../src/validate/rules/security-scheme-defined.ts';
import { securityScopesDefined } from '../../src/validate/rules/security-scopes-defined.ts';
import { serverUrlValid } from '../../src/validate/rules/server-url-valid.ts';
import { check, oas3, ok, pointers, swagger2 } from './fixtures.ts';

describe('ref-target-exists', () => {
  it('accepts refs that resolve, including escaped tokens', () => {
    const doc = swagger2(
      { '/a': { get: { responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/a~1b' } } } } } },
      { definitions: { 'a/b': { type: 'object', properties: { next: { $ref: '#/definitions/a~1b' } } } } },
    );
    expect(check(refTargetExists, doc)).toEqual([]);
  });

  it('reports a missing target, a circular chain and an invalid pointer', () => {
    const doc = oas3(
      {},
      {
        components: {
          schemas: {
            A: { $ref: '#/components/schemas/B' },
            B: { $ref: '#/components/schemas/A' },
            C: { $ref: '#/components/schemas/Nope' },
            D: { $ref: '#nope' },
          },
        },
      },
    );
    const findings = check(refTargetExists, doc, '3.0');
    expect(pointers(findings).sort()).toEqual([
      '/components/schemas/A/$ref',
      '/components/schemas/B/$ref',
      '/components/schemas/C/$ref',
      '/components/schemas/D/$ref',
    ]);
    const byPointer = new Map(findings.map((f) => [f.pointer, f.message]));
    expect(byPointer.get('/components/schemas/A/$ref')).toContain('circular');
    expect(byPointer.get('/components/schemas/C/$ref')).toContain('does not exist');
  });

  it('resolves 3.1 anchor references and reports unknown anchors', () => {
    const doc = oas3(
      {},
      { components: { schemas: { A: { $anchor: 'pet', type: 'object' }, B: { $ref: '#pet' }, C: { $ref: '#cat' } } } },
      '3.1.0',
    );
    expect(pointers(check(refTargetExists, doc, '3.1'))).toEqual(['/components/schemas/C/$ref']);
    // Before 3.1 a plain-name fragment is not a valid reference at all.
    expect(pointers(check(refTargetExists, doc, '3.0')).sort()).toEqual([
      '/components/schemas/B/$ref',
      '/components/schemas/C/$ref',
    ]);
  });

  it('reports in the order it always did: the last member first, an object before what it contains', () => {
    const doc = oas3(
      {},
      {
        components: {
          schemas: {
            A: { $ref: '#/nope/a', properties: { x: { $ref: '#/nope/x' }, y: { items: { $ref: '#/nope/y' } } } },
            B: { allOf: [{ $ref: '#/nope/b0' }, { $ref: '#/nope/b1' }] },
          },
        },
        'x-extra': { $ref: '#/nope/extension' },
      },
      '3.1.0',
    );
    expect(pointers(check(refTargetExists, doc, '3.1'))).toEqual([
      '/x-extra/$ref',
      '/components/schemas/B/allOf/1/$ref',
      '/components/schemas/B/allOf/0/$ref',
      '/components/schemas/A/$ref',
      '/components/schemas/A/properties/y/items/$ref',
      '/components/schemas/A/properties/x/$ref',
    ]);
  });

  it('ignores $ref-like keys inside example data', () => {
    const doc = swagger2({}, { definitions: { A: { type: 'object', example: { $ref: '#/not/a/ref' } } } });
    expect(check(refTargetExists, doc)).toEqual([]);
  });
});

describe('security-scheme-defined', () => {
  it('accepts requirements that name defined schemes (2.0 and 3.x)', () => {
    const s2 = swagger2(
      { '/a': { get: { security: [{ key: [] }], responses: ok } } },
      { securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } }, security: [{ key: [] }] },
    );
    expect(check(securitySchemeDefined, s2)).toEqual([]);
    const s3 = oas3(
      {},
      { components: { securitySchemes: { key: { type: 'http', scheme: 'basic' } } }, security: [{ key: [] }] },
    );
    expect(check(securitySchemeDefined, s3, '3.0')).toEqual([]);
  });

  it('reports an undefined scheme at the root and on an operation', () => {
    const doc = swagger2(
      { '/a': { get: { security: [{ oauth: [] }], responses: ok } } },
      { securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } }, security: [{ basic: [] }] },
    );
    const findings = check(securitySchemeDefined, doc);
    expect(pointers(findings)).toEqual(['/security/0/basic', '/paths/~1a/get/security/0/oauth']);
    expect(findings[0]!.message).toContain('defined: key');
  });
});

describe('security-scopes-defined', () => {
  const flows = { authorizationCode: { authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: { read: 'r' } } };

  it('accepts declared scopes (3.x flows and 2.0 scopes)', () => {
    const s3 = oas3(
      {},
      { components: { securitySchemes: { o: { type: 'oauth2', flows } } }, security: [{ o: ['read'] }] },
    );
    expect(check(securityScopesDefined, s3, '3.0')).toEqual([]);
    const s2 = swagger2(
      {},
      {
        securityDefinitions: {
          o: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://a', scopes: { read: 'r' } },
        },
        security: [{ o: ['read'] }],
      },
    );
    expect(check(securityScopesDefined, s2)).toEqual([]);
  });

  it('reports an undeclared scope', () => {
    const doc = oas3(
      {},
      { components: { securitySchemes: { o: { type: 'oauth2', flows } } }, security: [{ o: ['read', 'write'] }] },
    );
    expect(pointers(check(securityScopesDefined, doc, '3.0'))).toEqual(['/security/0/o/1']);
  });
});

describe('server-url-valid', () => {
  it('accepts absolute, relative and templated URLs with defined variables', () => {
    const doc = oas3(
      { '/a': { servers: [{ url: '/v2' }], get: { servers: [{ url: 'https://ops.example.com' }], responses: ok } } },
      {
        servers: [
          { url: 'https://api.example.com/v1' },
          { url: 'https://{region}.example.com', variables: { region: { default: 'eu', enum: ['eu', 'us'] } } },
        ],
      },
    );
    expect(check(serverUrlValid, doc, '3.0')).toEqual([]);
  });

  it('reports empty URLs, undefined variables, defaults outside the enum and unparseable URLs', () => {
    const doc = oas3(
      { '/a': { get: { servers: [{ url: 'http://exa mple.com' }], responses: ok } } },
      {
        servers: [
          { url: '' },
          { url: 'https://{tenant}.example.com' },
          { url: 'https://{r}.example.com', variables: { r: { default: 'xx', enum: ['eu'] } } },
          { url: 'https://a.example.com}' },
        ],
      },
    );
    expect(pointers(check(serverUrlValid, doc, '3.1'))).toEqual([
      '/servers/0/url',
      '/servers/1/url',
      '/servers/2/variables/r/default',
      '/servers/3/url',
      '/paths/~1a/get/servers/0/url',
    ]);
  });

  it('does not apply to Swagger 2.0', () => {
    expect(check(serverUrlValid, swagger2({}, { servers: [{ url: '' }] }), '2.0')).toEqual([]);
  });
});

describe('no-unused-components', () => {
  it('reports 2.0 definitions and parameters nothing references', () => {
    const doc = swagger2(
      { '/a': { get: { parameters: [{ $ref: '#/parameters/used' }], responses: ok } } },
      {
        parameters: {
          used: { name: 'a', in: 'query', type: 'string' },
          spare: { name: 'b', in: 'query', type: 'string' },
        },
        definitions: { Lonely: { type: 'object' } },
      },
    );
    expect(pointers(check(noUnusedComponents, doc)).sort()).toEqual(['/definitions/Lonely', '/parameters/spare']);
  });

  it('counts references into a part, discriminator subtypes and mapping targets as uses', () => {
    const doc = oas3(
      {
        '/a': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet/properties/name' } } },
              },
            },
          },
        },
      },
      {
        components: {
          schemas: {
            Pet: {
              type: 'object',
              discriminator: { propertyName: 'kind', mapping: { bird: 'Bird' } },
              properties: { name: {} },
            },
            Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }] },
            Bird: { type: 'object' },
            Unused: { type: 'string' },
          },
        },
      },
    );
    expect(pointers(check(noUnusedComponents, doc, '3.0'))).toEqual(['/components/schemas/Unused']);
  });
});
