/**
 * fast-check generators of structurally plausible OpenAPI 3.0 / 3.1 and Swagger 2.0 documents:
 * every location and style of parameter, nested combinators, nullability, and `$ref`s between
 * named schemas (cycles included).
 */
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/types.ts';

const SCHEMA_NAMES = ['Alpha', 'Beta', 'Gamma'] as const;
const PRIMITIVES = ['string', 'integer', 'number', 'boolean'] as const;

type Flavor = '3.0' | '3.1' | '2.0';

function refTo(flavor: Flavor, name: string): JsonObject {
  return { $ref: flavor === '2.0' ? `#/definitions/${name}` : `#/components/schemas/${name}` };
}

function primitiveSchema(flavor: Flavor): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      type: fc.constantFrom(...PRIMITIVES),
      nullable: fc.boolean(),
      description: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    })
    .map(({ type, nullable, description }) => {
      const out: JsonObject = { type };
      if (type === 'string' && nullable) out.format = 'date-time';
      if (nullable) {
        if (flavor === '3.1') out.type = [type, 'null'];
        else if (flavor === '3.0') out.nullable = true;
        else out['x-nullable'] = true;
      }
      if (description !== undefined) out.description = description;
      return out;
    });
}

/** A schema of bounded depth with combinators and references to the named schemas. */
export function schemaArb(flavor: Flavor): fc.Arbitrary<JsonObject> {
  const { schema } = fc.letrec<{ schema: JsonObject }>((tie) => {
    const child = (): fc.Arbitrary<JsonObject> => tie('schema') as fc.Arbitrary<JsonObject>;
    const options: Array<fc.Arbitrary<JsonObject>> = [
      primitiveSchema(flavor),
      fc.constantFrom(...SCHEMA_NAMES).map((name) => refTo(flavor, name)),
      child().map((items) => ({ type: 'array', items })),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), child(), { maxKeys: 3 }).chain((properties) =>
        fc.subarray(Object.keys(properties)).map((required) => {
          const out: JsonObject = { type: 'object', properties };
          if (required.length > 0) out.required = required;
          return out;
        }),
      ),
      fc.array(child(), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
    ];
    if (flavor !== '2.0') {
      options.push(
        fc.array(child(), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ oneOf })),
        fc.array(child(), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
        child().map((not) => ({ type: 'string', not })),
      );
    }
    if (flavor === '3.1') {
      options.push(
        fc.constantFrom<JsonObject>(
          { const: 'fixed' },
          { type: 'null' },
          { type: ['string', 'integer'] },
          { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' } },
          { type: 'object', unevaluatedProperties: false, dependentRequired: { a: ['b'] } },
          { type: 'number', exclusiveMinimum: 1, examples: [2, 3] },
          Object.fromEntries([
            ['if', { type: 'string' }],
            ['then', { minLength: 1 }],
            ['else', { type: 'integer' }],
          ]) as unknown as JsonObject,
        ),
        child().map((inner) => ({ oneOf: [inner, { type: 'null' }] })),
      );
    }
    return { schema: fc.oneof({ depthSize: 'small', maxDepth: 3 }, ...options) };
  });
  return schema;
}

/** A named schema: an object whose properties may refer to any named schema (cycles included). */
function namedSchemaArb(flavor: Flavor): fc.Arbitrary<JsonObject> {
  return fc.dictionary(fc.constantFrom('x', 'y'), schemaArb(flavor), { minKeys: 1, maxKeys: 2 }).map((properties) => ({
    type: 'object',
    properties: { ...properties },
  }));
}

const paramSchema3 = fc.oneof(
  fc.constantFrom(...PRIMITIVES).map((type): JsonObject => ({ type })),
  fc.constantFrom(...PRIMITIVES).map((type): JsonObject => ({ type: 'array', items: { type } })),
  fc.constant<JsonObject>({ type: 'object', properties: { x: { type: 'string' } } }),
  fc.constant<JsonObject>({ $ref: '#/components/schemas/Alpha' }),
);

/** A 3.x parameter of any location and style. */
function parameter3(name: string): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      location: fc.constantFrom('query', 'header', 'cookie'),
      schema: paramSchema3,
      style: fc.constantFrom(undefined, 'form', 'spaceDelimited', 'pipeDelimited', 'deepObject'),
      explode: fc.option(fc.boolean(), { nil: undefined }),
      content: fc.boolean(),
      deprecated: fc.boolean(),
    })
    .map(({ location, schema, style, explode, content, deprecated }) => {
      const out: JsonObject = { name, in: location };
      if (content) out.content = { 'application/json': { schema } };
      else out.schema = schema;
      if (style !== undefined && location === 'query' && !content) out.style = style;
      if (explode !== undefined && !content) out.explode = explode;
      if (deprecated) out.deprecated = true;
      return out;
    });
}

const MEDIA_TYPES = ['application/json', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded'];

function content3(flavor: Flavor): fc.Arbitrary<JsonObject> {
  return fc
    .array(fc.tuple(fc.constantFrom(...MEDIA_TYPES), schemaArb(flavor)), { minLength: 1, maxLength: 3 })
    .map((entries) => {
      const out: JsonObject = {};
      for (const [mediaType, schema] of entries) {
        out[mediaType] = {
          schema: mediaType.includes('form')
            ? { type: 'object', properties: { f: schema, g: { type: 'string', format: 'binary' } } }
            : schema,
        };
      }
      return out;
    });
}

function operation3(flavor: Flavor, id: string, pathParam: boolean): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      params: fc
        .uniqueArray(fc.constantFrom('p', 'q', 'r'), { maxLength: 3 })
        .chain((names) => fc.tuple(...names.map(parameter3))),
      body: fc.option(content3(flavor), { nil: undefined }),
      response: fc.option(content3(flavor), { nil: undefined }),
      status: fc.constantFrom('200', '201', '2XX', 'default'),
      callbacks: fc.boolean(),
      security: fc.subarray(['key', 'bearer', 'oauth', 'oidc', 'cookieKey']),
    })
    .map(({ params, body, response, status, callbacks, security }) => {
      const parameters: JsonValue[] = [...params];
      if (pathParam) parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
      const op: JsonObject = {
        operationId: id,
        parameters,
        responses: { [status]: { description: 'ok', ...(response ? { content: response } : {}) } },
      };
      if (body) op.requestBody = { content: body, required: true };
      if (callbacks)
        op.callbacks = { cb: { '{$request.body#/url}': { post: { responses: { '200': { description: 'ok' } } } } } };
      if (security.length > 0) op.security = security.map((name) => ({ [name]: [] }));
      return op;
    });
}

const SECURITY_SCHEMES_3: JsonObject = {
  key: { type: 'apiKey', in: 'header', name: 'X-Key' },
  cookieKey: { type: 'apiKey', in: 'cookie', name: 'k' },
  bearer: { type: 'http', scheme: 'bearer' },
  oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration' },
  oauth: {
    type: 'oauth2',
    flows: {
      implicit: { authorizationUrl: 'https://id.example.com/a', scopes: { s: 'scope' } },
      clientCredentials: { tokenUrl: 'https://id.example.com/t', scopes: { s: 'scope' } },
    },
  },
};

/** A random OpenAPI 3.0 or 3.1 document. */
export function openApi3Arb(flavor: '3.0' | '3.1'): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      schemas: fc.tuple(...SCHEMA_NAMES.map(() => namedSchemaArb(flavor))),
      paths: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }),
      methods: fc.subarray(['get', 'post', 'put', 'delete', 'trace'] as const, { minLength: 1 }),
      servers: fc.array(
        fc.constantFrom(
          'https://api.example.com/v1',
          'http://api.example.com/v1',
          '/relative',
          'https://{env}.example.com',
        ),
        { maxLength: 3 },
      ),
    })
    .chain(({ schemas, paths, methods, servers }) => {
      const ops = paths.flatMap((p) => methods.map((m) => [p, m] as const));
      return fc.tuple(...ops.map(([p, m]) => operation3(flavor, `${m}_${p}`, p !== 'a'))).map((operations) => {
        const pathsObject: JsonObject = {};
        ops.forEach(([p, m], i) => {
          const key = p === 'a' ? '/a' : `/${p}/{id}`;
          const item = (pathsObject[key] ?? {}) as JsonObject;
          item[m] = operations[i]!;
          pathsObject[key] = item;
        });
        const doc: JsonObject = {
          openapi: flavor === '3.0' ? '3.0.3' : '3.1.0',
          info: { title: 'Generated', version: '1' },
          servers: servers.map(
            (url): JsonObject => (url.includes('{env}') ? { url, variables: { env: { default: 'dev' } } } : { url }),
          ),
          paths: pathsObject,
          components: {
            schemas: Object.fromEntries(SCHEMA_NAMES.map((name, i) => [name, schemas[i]!])),
            securitySchemes: SECURITY_SCHEMES_3,
          },
        };
        if (flavor === '3.1') doc.webhooks = { ping: { post: { responses: { '200': { description: 'ok' } } } } };
        return doc;
      });
    });
}

function parameter2(name: string): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      location: fc.constantFrom('query', 'header'),
      array: fc.boolean(),
      type: fc.constantFrom(...PRIMITIVES),
      format: fc.constantFrom(undefined, 'csv', 'ssv', 'pipes', 'tsv', 'multi'),
    })
    .map(({ location, array, type, format }) => {
      if (!array) return { name, in: location, type };
      const out: JsonObject = { name, in: location, type: 'array', items: { type } };
      if (format !== undefined && !(format === 'multi' && location === 'header')) out.collectionFormat = format;
      return out;
    });
}

/** A random Swagger 2.0 document. */
export function swagger2Arb(): fc.Arbitrary<JsonObject> {
  const operation = (id: string, pathParam: boolean) =>
    fc
      .record({
        params: fc
          .uniqueArray(fc.constantFrom('p', 'q', 'r'), { maxLength: 3 })
          .chain((names) => fc.tuple(...names.map(parameter2))),
        body: fc.oneof(
          fc.constant(undefined),
          schemaArb('2.0').map((schema) => ({ kind: 'body' as const, schema })),
          fc.constant({ kind: 'form' as const }),
        ),
        response: fc.option(schemaArb('2.0'), { nil: undefined }),
        security: fc.subarray(['key', 'basic', 'oauth']),
      })
      .map(({ params, body, response, security }) => {
        const parameters: JsonValue[] = [...params];
        if (pathParam) parameters.push({ name: 'id', in: 'path', required: true, type: 'string' });
        const op: JsonObject = {
          operationId: id,
          responses: { '200': { description: 'ok', ...(response ? { schema: response } : {}) } },
        };
        if (body?.kind === 'body') parameters.push({ name: 'payload', in: 'body', schema: body.schema });
        if (body?.kind === 'form') {
          parameters.push(
            { name: 'upload', in: 'formData', type: 'file' },
            { name: 'note', in: 'formData', type: 'string' },
          );
          op.consumes = ['multipart/form-data'];
        }
        op.parameters = parameters;
        if (security.length > 0) op.security = security.map((name) => ({ [name]: [] }));
        return op;
      });
  return fc
    .record({
      schemas: fc.tuple(...SCHEMA_NAMES.map(() => namedSchemaArb('2.0'))),
      paths: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
      methods: fc.subarray(['get', 'post', 'put'] as const, { minLength: 1 }),
      host: fc.option(fc.constantFrom('api.example.com', 'localhost:8080'), { nil: undefined }),
    })
    .chain(({ schemas, paths, methods, host }) => {
      const ops = paths.flatMap((p) => methods.map((m) => [p, m] as const));
      return fc.tuple(...ops.map(([p, m]) => operation(`${m}_${p}`, p !== 'a'))).map((operations) => {
        const pathsObject: JsonObject = {};
        ops.forEach(([p, m], i) => {
          const key = p === 'a' ? '/a' : `/${p}/{id}`;
          const item = (pathsObject[key] ?? {}) as JsonObject;
          item[m] = operations[i]!;
          pathsObject[key] = item;
        });
        const doc: JsonObject = {
          swagger: '2.0',
          info: { title: 'Generated', version: '1' },
          paths: pathsObject,
          definitions: Object.fromEntries(SCHEMA_NAMES.map((name, i) => [name, schemas[i]!])),
          securityDefinitions: {
            key: { type: 'apiKey', in: 'query', name: 'key' },
            basic: { type: 'basic' },
            oauth: { type: 'oauth2', flow: 'password', tokenUrl: 'https://id.example.com/t', scopes: {} },
          },
        };
        if (host !== undefined) {
          doc.host = host;
          doc.basePath = '/v1';
          doc.schemes = ['https'];
        }
        return doc;
      });
    });
}
