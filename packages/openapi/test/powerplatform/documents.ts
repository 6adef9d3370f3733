/** Small Swagger 2.0 documents shared by the Power Platform tests. */
import type { JsonObject } from '../../src/types.ts';

/** A document every pp rule accepts without any finding. */
export function cleanDocument(): JsonObject {
  return {
    swagger: '2.0',
    info: {
      title: 'Pet Store',
      version: '1.0',
      description: 'Manage the pets of a pet store: list, create and read pets.',
    },
    host: 'api.example.com',
    basePath: '/v1',
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/pets': {
        get: {
          operationId: 'ListPets',
          summary: 'List pets',
          parameters: [{ name: 'limit', in: 'query', type: 'integer', 'x-ms-summary': 'Limit' }],
          responses: { '200': { description: 'OK', schema: { type: 'array', items: { $ref: '#/definitions/Pet' } } } },
        },
        post: {
          operationId: 'CreatePet',
          summary: 'Create a pet',
          parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }],
          responses: { '201': { description: 'Created', schema: { $ref: '#/definitions/Pet' } } },
        },
      },
      '/pets/{petId}': {
        get: {
          operationId: 'GetPet',
          summary: 'Get a pet',
          parameters: [
            {
              name: 'petId',
              in: 'path',
              required: true,
              type: 'string',
              'x-ms-summary': 'Pet Id',
              'x-ms-url-encoding': 'single',
            },
          ],
          responses: {
            '200': { description: 'OK', schema: { $ref: '#/definitions/Pet' } },
            default: { description: 'Error' },
          },
        },
      },
    },
    definitions: {
      Pet: {
        type: 'object',
        properties: { id: { type: 'string', 'x-ms-summary': 'Id' }, name: { type: 'string', 'x-ms-summary': 'Name' } },
      },
    },
    securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    security: [{ api_key: [] }],
  };
}

/** Typed access to the parts of `cleanDocument()` that the tests change. */
export function parts(doc: JsonObject) {
  const paths = doc.paths as Record<string, Record<string, JsonObject>>;
  const listPets = paths['/pets']!.get!;
  const createPet = paths['/pets']!.post!;
  const getPet = paths['/pets/{petId}']!.get!;
  const pet = (doc.definitions as Record<string, JsonObject>).Pet!;
  return {
    info: doc.info as JsonObject,
    paths,
    listPets,
    createPet,
    getPet,
    limit: (listPets.parameters as JsonObject[])[0]!,
    petId: (getPet.parameters as JsonObject[])[0]!,
    pet,
    petProperties: pet.properties as Record<string, JsonObject>,
  };
}
