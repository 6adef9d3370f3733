/** Every kind of conversion loss, as typed data: kind → what has no equivalent in the target. */

export const LOSS_KINDS = {
  // Schemas
  oneOf: 'Swagger 2.0 schemas have no oneOf: a single non-null branch becomes allOf, several are kept as x-oneOf.',
  anyOf: 'Swagger 2.0 schemas have no anyOf: a single non-null branch becomes allOf, several are kept as x-anyOf.',
  not: 'Swagger 2.0 schemas have no not: the subschema is kept as x-not and not enforced.',
  nullable: 'Swagger 2.0 has no nullable: it becomes the x-nullable extension.',
  'type-array':
    'OpenAPI 3.1 type arrays: "null" becomes nullable (x-nullable in 2.0); several other types become anyOf in 3.0 and are dropped in 2.0.',
  const: 'OpenAPI 3.1 const becomes a one-value enum.',
  'json-schema-keyword':
    'JSON Schema 2020-12 keywords that 3.0 and 2.0 lack (if/then/else, prefixItems, $defs, unevaluated*, dependent*, content*, examples arrays, boolean schemas…) are dropped or translated.',
  'json-schema-dialect': 'OpenAPI 3.1 jsonSchemaDialect is dropped.',
  'schema-deprecated': 'Swagger 2.0 schemas have no deprecated: it becomes x-deprecated.',
  'readOnly-writeOnly': 'Swagger 2.0 has no writeOnly: it becomes x-writeOnly.',
  'discriminator-mapping':
    'Swagger 2.0 discriminators are a property name only: the mapping is kept as x-discriminator-mapping.',
  // Parameters
  'cookie-parameter': 'Swagger 2.0 has no cookie parameters: the parameter is dropped.',
  'parameter-content': 'Swagger 2.0 parameters have no content map: the first media type schema is used.',
  'parameter-style':
    'Parameter styles without a collectionFormat (deepObject, matrix, label…) and allowReserved are approximated or dropped.',
  'parameter-schema':
    'Swagger 2.0 non-body parameters hold primitive types or arrays only: object or combined schemas become a string.',
  'parameter-deprecated': 'Swagger 2.0 parameters have no deprecated: it becomes x-deprecated.',
  'collection-format': 'The tsv collectionFormat has no OpenAPI 3 style: it becomes a string parameter.',
  // Bodies and responses
  'multiple-content-types':
    'Swagger 2.0 has one schema per body or response: the first media type schema is used for all consumes/produces.',
  'form-encoding': 'Swagger 2.0 has no per-field encoding (content types, headers) of form bodies: it is dropped.',
  'request-body-not-object-form': 'A form request body whose schema is not an object becomes a body parameter.',
  'response-headers-content': 'Swagger 2.0 response headers have no content map: the header becomes a string.',
  'response-status-range': 'Swagger 2.0 has no status code ranges (2XX): the range becomes its first code when free.',
  examples: 'Several named examples become one example (the first).',
  links: 'Swagger 2.0 has no links: they are dropped.',
  callbacks: 'Swagger 2.0 has no callbacks: they are dropped.',
  webhooks: 'Only OpenAPI 3.1 has webhooks: they are dropped.',
  'trace-method': 'Swagger 2.0 has no TRACE operations: the operation is dropped.',
  'path-item-summary':
    'Swagger 2.0 path items have no summary or description: they are kept as x-summary / x-description.',
  // Servers
  'multiple-servers': 'Swagger 2.0 describes one host and base path: the first server is used.',
  'server-variables': 'Swagger 2.0 has no server variables: their default values are substituted.',
  'relative-server-url': 'A relative server URL gives no host: the output has a basePath only.',
  'servers-per-operation': 'Swagger 2.0 has no per-operation servers: they are dropped.',
  'servers-per-path': 'Swagger 2.0 has no per-path servers: they are dropped.',
  // Security
  'oauth2-flows': 'A Swagger 2.0 OAuth definition has one flow: the first supported flow is kept.',
  'http-bearer': 'Swagger 2.0 has no bearer scheme: it becomes an Authorization header API key.',
  'http-other-scheme': 'Swagger 2.0 knows only basic HTTP auth: other schemes become an Authorization header API key.',
  openIdConnect:
    'Swagger 2.0 has no OpenID Connect: it becomes an Authorization header API key with x-openIdConnectUrl.',
  mutualTLS: 'Only OpenAPI 3.1 has mutualTLS: the scheme and its requirements are dropped.',
  'cookie-api-key': 'Swagger 2.0 API keys go in a header or the query: a cookie API key is dropped.',
  // Document
  'info-summary': 'Only OpenAPI 3.1 has info.summary: it is kept as x-summary.',
  'license-identifier': 'Only OpenAPI 3.1 has license.identifier: it is kept as x-identifier.',
  'dangling-ref': 'A reference whose target has no equivalent in the target version is replaced by an empty schema.',
} as const satisfies Record<string, string>;

export type LossKind = keyof typeof LOSS_KINDS;
