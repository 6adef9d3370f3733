/** The normalised, version-independent operation model of an API (used by the gateway, the server and the diff). */
import type { JsonObject, JsonValue } from '../types.ts';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'formData';

export interface ModelParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** JSON Schema in the OpenAPI 3.0 dialect; internal `$ref`s (`#/components/schemas/…`) are kept. */
  schema: JsonObject;
  /** Effective 3.x style and explode (defaults filled in), for every source version. */
  style?: string;
  explode?: boolean;
  /** The Swagger 2.0 equivalent of style/explode for arrays (csv, ssv, pipes, multi). */
  collectionFormat?: string;
  description?: string;
  deprecated?: boolean;
  /** `x-*` extensions of the parameter. */
  extensions: JsonObject;
}

export interface ModelContent {
  mediaType: string;
  schema?: JsonObject;
}

export interface ModelRequestBody {
  required: boolean;
  /** The Swagger 2.0 body parameter name (`x-codegen-request-body-name`), when one was given. */
  name?: string;
  description?: string;
  contents: ModelContent[];
  extensions: JsonObject;
}

export interface ModelHeader {
  name: string;
  description?: string;
  required: boolean;
  schema?: JsonObject;
}

export interface ModelResponse {
  /** `200`, `4XX` or `default`. */
  status: string;
  description: string;
  contents: ModelContent[];
  headers: ModelHeader[];
}

/** One alternative of a security requirement: scheme name → scopes (all must be satisfied). */
export type ModelSecurityRequirement = Record<string, string[]>;

export interface ModelOperation {
  operationId: string;
  /** True when the document had no operationId and this one was generated from method and path. */
  operationIdGenerated: boolean;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-item and operation parameters merged (the operation wins), references resolved. */
  parameters: ModelParameter[];
  requestBody?: ModelRequestBody;
  responses: ModelResponse[];
  /** Effective requirements (the operation's, else the document's); empty means no authentication. */
  security: ModelSecurityRequirement[];
  extensions: JsonObject;
}

export interface OAuthFlow {
  kind: 'authorizationCode' | 'implicit' | 'password' | 'clientCredentials';
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: Record<string, string>;
}

export type ModelSecurityScheme =
  | { name: string; type: 'apiKey'; in: 'header' | 'query' | 'cookie'; parameterName: string; description?: string }
  | { name: string; type: 'http'; scheme: string; bearerFormat?: string; description?: string }
  | { name: string; type: 'oauth2'; flows: OAuthFlow[]; description?: string }
  | { name: string; type: 'openIdConnect'; openIdConnectUrl: string; description?: string }
  | { name: string; type: 'mutualTLS'; description?: string };

export interface ApiModel {
  title: string;
  version: string;
  description?: string;
  /** Absolute or relative base URLs, variables replaced by their defaults (2.0: scheme://host+basePath). */
  servers: { url: string }[];
  securitySchemes: ModelSecurityScheme[];
  operations: ModelOperation[];
  /** Named schemas (3.0 dialect), which `$ref`s in the operations point at. */
  schemas: Record<string, JsonValue>;
  /** `x-*` extensions of the document root. */
  extensions: JsonObject;
}
