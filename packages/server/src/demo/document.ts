// The OpenAPI 3.0.3 document of the demo API; the server validates its input against these same schemas.

/** The subset of JSON Schema the demo API uses (and checks) in its document. */
export interface DemoSchema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  format?: string;
  description?: string;
  enum?: readonly (string | number)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: DemoSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, DemoSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  minProperties?: number;
  readOnly?: boolean;
  example?: unknown;
}

/** Categories an item can have (an enum in the document). */
export const CATEGORIES = ['hardware', 'software', 'furniture', 'supplies'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Sort orders of the list operation. */
export const SORTS = ['name', '-name', 'quantity', '-quantity', 'price', '-price', 'id'] as const;

export const MAX_PAGE_SIZE = 50;

/** Port `portico demo` should prefer for the demo API; the built-in connector's default base URL uses it. */
export const DEMO_DEFAULT_PORT = 4010;

const ref = (name: string): DemoSchema => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const itemFields: Record<string, DemoSchema> = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: 100,
    description: 'Display name of the item.',
    example: 'Standing desk',
  },
  sku: {
    type: 'string',
    pattern: '^[A-Z]{3}-[0-9]{4}$',
    description: 'Stock keeping unit, unique, like ABC-1234.',
    example: 'FUR-0001',
  },
  category: { type: 'string', enum: CATEGORIES, description: 'Category of the item.' },
  quantity: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000, description: 'Units in stock.' },
  price: { type: 'number', format: 'double', minimum: 0, description: 'Unit price in euros.' },
  tags: {
    type: 'array',
    maxItems: 10,
    uniqueItems: true,
    items: { type: 'string', minLength: 1, maxLength: 30 },
    description: 'Free-form labels.',
  },
};

export const schemas: Record<string, DemoSchema> = {
  Item: {
    type: 'object',
    required: ['id', 'name', 'sku', 'category', 'quantity', 'price', 'tags', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer', format: 'int32', readOnly: true, description: 'Identifier assigned by the API.' },
      ...itemFields,
      createdAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When the item was created.' },
      updatedAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When the item last changed.' },
    },
  },
  NewItem: {
    type: 'object',
    required: ['name', 'sku', 'category', 'price'],
    additionalProperties: false,
    properties: {
      ...itemFields,
      quantity: { ...itemFields.quantity, default: 0 },
      tags: { ...itemFields.tags, default: [] },
    },
  },
  ItemUpdate: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: itemFields,
    description: 'The fields to change; the others keep their values.',
  },
  ItemPage: {
    type: 'object',
    required: ['items', 'page', 'pageSize', 'total'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: ref('Item') },
      page: { type: 'integer', format: 'int32', minimum: 1 },
      pageSize: { type: 'integer', format: 'int32', minimum: 1 },
      total: { type: 'integer', format: 'int32', minimum: 0, description: 'Items matching the filters, on all pages.' },
      nextLink: { type: 'string', format: 'uri', description: 'URL of the next page; absent on the last page.' },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'items'],
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['ok'] },
      items: { type: 'integer', format: 'int32', minimum: 0, description: 'Items in the inventory.' },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: {
            type: 'string',
            enum: [
              'unauthorized',
              'bad-request',
              'not-found',
              'conflict',
              'method-not-allowed',
              'unsupported-media-type',
              'payload-too-large',
            ],
          },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              required: ['in', 'name', 'message'],
              additionalProperties: false,
              properties: {
                in: { type: 'string', enum: ['path', 'query', 'header', 'body'] },
                name: { type: 'string', description: 'Parameter name, or JSON Pointer into the body.' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
};

const itemIdParam = {
  name: 'itemId',
  in: 'path',
  required: true,
  description: 'Identifier of the item.',
  schema: { type: 'integer', format: 'int32', minimum: 1 },
};

const common401 = error('The X-API-Key header is missing or wrong.');

/** Builds the demo API's OpenAPI 3.0.3 document for the URL the API is served at. */
export function demoDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Portico Demo Inventory',
      version: '1.0.0',
      description:
        'A small inventory API that ships with Portico for demos and tests. Every operation needs the X-API-Key header.',
      license: { name: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'Items', description: 'Stock items.' },
      { name: 'Status', description: 'API status.' },
    ],
    security: [{ apiKey: [] }],
    'x-ms-capabilities': { testConnection: { operationId: 'GetHealth', parameters: {} } },
    paths: {
      '/health': {
        get: {
          operationId: 'GetHealth',
          tags: ['Status'],
          summary: 'Check the API and the key',
          description: 'Answers 200 when the API runs and the API key is valid; used to test connections.',
          responses: {
            '200': { description: 'The API is up.', content: { 'application/json': { schema: ref('Health') } } },
            '401': common401,
          },
        },
      },
      '/items': {
        get: {
          operationId: 'ListItems',
          tags: ['Items'],
          summary: 'List items',
          description: 'Lists items, filtered and sorted, one page at a time.',
          'x-ms-pageable': { nextLinkName: 'nextLink' },
          parameters: [
            {
              name: 'category',
              in: 'query',
              description: 'Only items of this category.',
              schema: { type: 'string', enum: CATEGORIES },
            },
            {
              name: 'minQuantity',
              in: 'query',
              description: 'Only items with at least this many units in stock.',
              schema: { type: 'integer', format: 'int32', minimum: 0 },
            },
            {
              name: 'tags',
              in: 'query',
              description: 'Only items carrying all these tags (comma-separated).',
              style: 'form',
              explode: false,
              schema: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 30 } },
            },
            {
              name: 'q',
              in: 'query',
              description: 'Text to find in the name or SKU.',
              schema: { type: 'string', maxLength: 100 },
            },
            {
              name: 'sort',
              in: 'query',
              description: 'Sort order; "-" sorts descending.',
              schema: { type: 'string', enum: SORTS, default: 'id' },
            },
            {
              name: 'page',
              in: 'query',
              description: 'Page number, from 1.',
              schema: { type: 'integer', format: 'int32', minimum: 1, default: 1 },
            },
            {
              name: 'pageSize',
              in: 'query',
              description: 'Items per page.',
              schema: { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE, default: 10 },
            },
            {
              name: 'X-Request-Id',
              in: 'header',
              description: 'Correlation id, echoed in the response header of the same name.',
              schema: { type: 'string', maxLength: 64 },
            },
          ],
          responses: {
            '200': {
              description: 'One page of items.',
              headers: {
                'X-Request-Id': { description: 'The correlation id sent, if any.', schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: ref('ItemPage') } },
            },
            '400': error('A query parameter is invalid.'),
            '401': common401,
          },
        },
        post: {
          operationId: 'CreateItem',
          tags: ['Items'],
          summary: 'Create an item',
          description: 'Adds an item; the SKU must be unused.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('NewItem') } } },
          responses: {
            '201': {
              description: 'The item was created.',
              headers: { Location: { description: 'URL of the new item.', schema: { type: 'string', format: 'uri' } } },
              content: { 'application/json': { schema: ref('Item') } },
            },
            '400': error('The body is invalid.'),
            '401': common401,
            '409': error('An item with this SKU exists.'),
          },
        },
      },
      '/items/{itemId}': {
        parameters: [itemIdParam],
        get: {
          operationId: 'GetItem',
          tags: ['Items'],
          summary: 'Get an item',
          description: 'Returns one item.',
          responses: {
            '200': { description: 'The item.', content: { 'application/json': { schema: ref('Item') } } },
            '400': error('The item id is invalid.'),
            '401': common401,
            '404': error('No item has this id.'),
          },
        },
        patch: {
          operationId: 'UpdateItem',
          tags: ['Items'],
          summary: 'Update an item',
          description: 'Changes the given fields of an item.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('ItemUpdate') } } },
          responses: {
            '200': { description: 'The updated item.', content: { 'application/json': { schema: ref('Item') } } },
            '400': error('The body or the item id is invalid.'),
            '401': common401,
            '404': error('No item has this id.'),
            '409': error('Another item has this SKU.'),
          },
        },
        delete: {
          operationId: 'DeleteItem',
          tags: ['Items'],
          summary: 'Delete an item',
          description: 'Removes an item.',
          responses: {
            '204': { description: 'The item was deleted.' },
            '400': error('The item id is invalid.'),
            '401': common401,
            '404': error('No item has this id.'),
          },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'The demo API key printed by `portico demo`.',
        },
      },
    },
  };
}
