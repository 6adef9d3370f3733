import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeOperationId } from '../../src/powerplatform/fix/names.ts';
import {
  applyPowerPlatformFixes,
  applyPreConversionFixes,
  BEARER_DESCRIPTION,
  powerplatformRules,
  powerplatformRuleset,
  runRules,
} from '../../src/powerplatform/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { cleanDocument, parts } from './documents.ts';

const errorsAndWarnings = (doc: JsonObject) =>
  runRules(doc, powerplatformRules, powerplatformRuleset).filter((f) => f.severity !== 'info');

describe('applyPowerPlatformFixes', () => {
  it('changes nothing on a clean document and never mutates its input', () => {
    const input = cleanDocument();
    const before = JSON.stringify(input);
    const { document, fixes } = applyPowerPlatformFixes(input);
    expect(fixes).toEqual([]);
    expect(document).toEqual(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('generates missing operationIds from method and path, and sanitizes and de-duplicates invalid ones', () => {
    const doc = cleanDocument();
    delete parts(doc).listPets.operationId;
    parts(doc).createPet.operationId = 'create-pet';
    parts(doc).getPet.operationId = 'CreatePet';
    const { document, fixes, renamedOperations } = applyPowerPlatformFixes(doc);
    const p = parts(document);
    expect(p.listPets.operationId).toBe('GetPets');
    expect(p.getPet.operationId).toBe('CreatePet');
    expect(p.createPet.operationId).toBe('createPet_2');
    expect(renamedOperations).toEqual({ 'create-pet': 'createPet_2' });
    expect(fixes.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['pp-operation-id-required', 'pp-operation-id-characters']),
    );
  });

  it('updates x-ms-dynamic-values references when it renames an operation', () => {
    const doc = cleanDocument();
    parts(doc).listPets.operationId = 'list-pets';
    parts(doc).petId['x-ms-dynamic-values'] = { operationId: 'list-pets', 'value-path': 'id' };
    const { document } = applyPowerPlatformFixes(doc);
    expect(parts(document).petId['x-ms-dynamic-values']).toEqual({ operationId: 'listPets', 'value-path': 'id' });
  });

  it('adds summaries from the description or the operationId and trims trailing periods', () => {
    const doc = cleanDocument();
    delete parts(doc).listPets.summary;
    parts(doc).listPets.description = 'Lists every pet of the store. Paged.';
    delete parts(doc).getPet.summary;
    parts(doc).createPet.summary = 'Create a pet.';
    const { document } = applyPowerPlatformFixes(doc);
    expect(parts(document).listPets.summary).toBe('Lists every pet of the store');
    expect(parts(document).getPet.summary).toBe('Get pet');
    expect(parts(document).createPet.summary).toBe('Create a pet');
  });

  it('labels parameters in Title Case and makes path parameters required and single-encoded', () => {
    const doc = cleanDocument();
    (parts(doc).listPets.parameters as JsonObject[]).push({ name: 'page_size', in: 'query', type: 'integer' });
    parts(doc).petId.required = false;
    delete parts(doc).petId['x-ms-url-encoding'];
    delete parts(doc).petId['x-ms-summary'];
    const { document } = applyPowerPlatformFixes(doc);
    expect((parts(document).listPets.parameters as JsonObject[])[1]!['x-ms-summary']).toBe('Page Size');
    expect(parts(document).petId).toMatchObject({
      required: true,
      'x-ms-url-encoding': 'single',
      'x-ms-summary': 'Pet Id',
    });
  });

  it('turns an Authorization header parameter into an API key when the document has no security', () => {
    const doc = cleanDocument();
    delete doc.securityDefinitions;
    delete doc.security;
    (parts(doc).listPets.parameters as JsonObject[]).unshift({
      name: 'Authorization',
      in: 'header',
      type: 'string',
      required: true,
    });
    const { document } = applyPowerPlatformFixes(doc);
    expect(document.securityDefinitions).toEqual({
      api_key: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
    });
    expect(document.security).toEqual([{ api_key: [] }]);
    expect(parts(document).listPets.parameters).toHaveLength(1);
  });

  it('removes Authorization header parameters', () => {
    const doc = cleanDocument();
    (parts(doc).listPets.parameters as JsonObject[]).unshift({ name: 'authorization', in: 'header', type: 'string' });
    const { document, fixes } = applyPowerPlatformFixes(doc);
    expect(parts(document).listPets.parameters).toEqual(parts(cleanDocument()).listPets.parameters);
    expect(fixes).toContainEqual(
      expect.objectContaining({ rule: 'pp-authorization-header', pointer: '/paths/~1pets/get/parameters/0' }),
    );
  });

  it('moves a query string out of a path into internal query parameters', () => {
    const doc = cleanDocument();
    parts(doc).paths['/search?kind=dog&fresh'] = {
      get: { operationId: 'SearchDogs', summary: 'Search dogs', responses: { '200': { description: 'OK' } } },
    };
    const { document } = applyPowerPlatformFixes(doc);
    const search = parts(document).paths['/search']!.get!;
    expect(parts(document).paths['/search?kind=dog&fresh']).toBeUndefined();
    expect(search.parameters).toEqual([
      {
        name: 'kind',
        in: 'query',
        required: true,
        type: 'string',
        default: 'dog',
        'x-ms-visibility': 'internal',
        enum: ['dog'],
      },
      {
        name: 'fresh',
        in: 'query',
        required: true,
        type: 'string',
        default: '',
        'x-ms-visibility': 'internal',
        allowEmptyValue: true,
      },
    ]);
  });

  it('adds a 200 response from a lone default response and drops default schemas', () => {
    const doc = cleanDocument();
    parts(doc).getPet.responses = { default: { description: 'The pet', schema: { $ref: '#/definitions/Pet' } } };
    const { document } = applyPowerPlatformFixes(doc);
    expect(parts(document).getPet.responses).toEqual({
      '200': { description: 'The pet', schema: { $ref: '#/definitions/Pet' } },
      default: { description: 'The pet' },
    });
  });

  it('fixes the visibility and formats of a default response copied as 200 after operations were renamed', () => {
    const doc = cleanDocument();
    parts(doc).listPets.operationId = 'list-pets';
    parts(doc).getPet.responses = {
      default: {
        description: 'The pet',
        headers: { 'X-Rate': { type: 'integer', format: 'int', 'x-ms-visibility': 'Advanced' } },
        schema: { type: 'object', properties: { link: { type: 'string', format: 'url' } } },
      },
    };
    const { document, fixes } = applyPowerPlatformFixes(doc);
    const at = '/paths/~1pets~1{petId}/get/responses/200';
    expect(fixes.filter((f) => f.rule === 'pp-x-ms-visibility' || f.rule === 'pp-schema-format')).toEqual([
      { rule: 'pp-x-ms-visibility', pointer: `${at}/headers/X-Rate/x-ms-visibility`, message: expect.any(String) },
      { rule: 'pp-schema-format', pointer: `${at}/headers/X-Rate/format`, message: 'format "int" → "int32".' },
      { rule: 'pp-schema-format', pointer: `${at}/schema/properties/link/format`, message: 'format "url" → "uri".' },
    ]);
    expect((parts(document).getPet.responses as JsonObject)['200']).toMatchObject({
      headers: { 'X-Rate': { format: 'int32', 'x-ms-visibility': 'advanced' } },
    });
  });

  it('fixes host, basePath, schemes, title, description and formats', () => {
    const doc = cleanDocument();
    doc.host = 'https://api.example.com/v2';
    delete doc.basePath;
    delete doc.schemes;
    parts(doc).info.title = 'Pet Store API: the official one!';
    delete parts(doc).info.description;
    parts(doc).petProperties.id!.format = 'uri-reference';
    parts(doc).petProperties.name!.format = 'hostname';
    const { document } = applyPowerPlatformFixes(doc);
    expect(document).toMatchObject({ host: 'api.example.com', basePath: '/v2', schemes: ['https'] });
    expect(parts(document).info.title).toBe('Pet Store API the official one');
    expect(String(parts(document).info.description).length).toBeGreaterThanOrEqual(30);
    expect(parts(document).petProperties.id!.format).toBe('uri');
    expect(parts(document).petProperties.name!.format).toBeUndefined();
  });

  it('keeps one security definition when types are mixed, preferring OAuth authorization code', () => {
    const doc = cleanDocument();
    doc.securityDefinitions = {
      basic: { type: 'basic' },
      key: { type: 'apiKey', in: 'header', name: 'X-Key' },
      oauth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://id.example.com/a',
        tokenUrl: 'https://id.example.com/t',
        scopes: {},
      },
    };
    doc.security = [{ basic: [] }, { key: [] }, { oauth: [] }];
    const { document, fixes } = applyPowerPlatformFixes(doc);
    expect(Object.keys(document.securityDefinitions as JsonObject)).toEqual(['oauth']);
    expect(document.security).toEqual([{ oauth: [] }]);
    expect(fixes.filter((f) => f.rule === 'pp-security-definitions')).toHaveLength(2);
  });

  it('leaves a document with every fixable problem without errors or fixable warnings', () => {
    const doc = cleanDocument();
    delete parts(doc).listPets.operationId;
    delete parts(doc).listPets.summary;
    delete parts(doc).limit['x-ms-summary'];
    parts(doc).petId.required = false;
    parts(doc).getPet.responses = { default: { description: 'Pet', schema: { type: 'object' } } };
    doc.host = 'http://api.example.com';
    const findings = errorsAndWarnings(applyPowerPlatformFixes(doc).document);
    expect(findings).toEqual([]);
  });
});

describe('applyPreConversionFixes', () => {
  const openapi = (schemes: JsonObject, security: JsonObject[]): JsonObject => ({
    openapi: '3.0.3',
    info: { title: 'T', version: '1' },
    paths: { '/a': { get: { security, responses: { '200': { description: 'OK' } } } } },
    components: { securitySchemes: schemes },
    security,
  });

  it('turns http bearer into an Authorization API key that asks for "Bearer <token>"', () => {
    const { document, fixes } = applyPreConversionFixes(
      openapi({ token: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, [{ token: [] }]),
    );
    expect((document.components as JsonObject).securitySchemes).toEqual({
      token: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: BEARER_DESCRIPTION,
        'x-bearerFormat': 'JWT',
      },
    });
    expect(fixes[0]).toMatchObject({ rule: 'pp-security-bearer', pointer: '/components/securitySchemes/token' });
  });

  it('keeps only the authorization code flow and the best of several schemes', () => {
    const flows = {
      authorizationCode: { authorizationUrl: 'https://id/a', tokenUrl: 'https://id/t', scopes: {} },
      clientCredentials: { tokenUrl: 'https://id/t', scopes: {} },
    };
    const { document, fixes } = applyPreConversionFixes(
      openapi({ basic: { type: 'http', scheme: 'basic' }, oauth: { type: 'oauth2', flows } }, [
        { basic: [] },
        { oauth: [] },
      ]),
    );
    const schemes = (document.components as JsonObject).securitySchemes as JsonObject;
    expect(Object.keys(schemes)).toEqual(['oauth']);
    expect(Object.keys((schemes.oauth as JsonObject).flows as JsonObject)).toEqual(['authorizationCode']);
    expect(document.security).toEqual([{ oauth: [] }]);
    expect(fixes.map((f) => f.message).join('\n')).toMatch(/Dropped security scheme "basic"/);
  });

  it('keeps several API keys that are required together', () => {
    const input = openapi(
      { id: { type: 'apiKey', in: 'header', name: 'X-Id' }, key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
      [{ id: [], key: [] }],
    );
    expect(applyPreConversionFixes(input).fixes).toEqual([]);
  });
});

describe('sanitizeOperationId', () => {
  /** The rule as first written: split on runs of other characters, camel-case the pieces after the first. */
  function byPieces(id: string): string {
    const pieces = id.split(/[^A-Za-z0-9_]+/).filter((p) => p !== '');
    const result = pieces.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
    return /^[0-9]/.test(result) ? `Op${result}` : result;
  }

  it('keeps letters, digits and _, camel-casing across dropped characters', () => {
    expect(sanitizeOperationId('Gists_list-public')).toBe('Gists_listPublic');
    expect(sanitizeOperationId('--repos/get.by id')).toBe('reposGetById');
    expect(sanitizeOperationId('2fa enable')).toBe('Op2faEnable');
    expect(sanitizeOperationId('é-ü')).toBe('');
  });

  it('matches the piecewise rule on any text', () => {
    const unit = fc.constantFrom(...'aqzAQZ09_-. /é{}~'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (id) => sanitizeOperationId(id) === byPieces(id)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (id) => sanitizeOperationId(id) === byPieces(id)),
      { numRuns: 2000 },
    );
  });
});
