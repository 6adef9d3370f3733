/**
 * Compiles a connector (Swagger 2.0 definition + apiProperties) once into what the hot path needs: operations with
 * their parameters, routes for raw mode, security, and the policies that apply to each operation.
 */
import {
  convertDocument,
  eachOperation,
  type Finding,
  type JsonObject,
  type JsonValue,
  oasVersionOf,
  resolveInternal,
} from '@portico/openapi';
import type { ValidateFunction } from 'ajv';
import { type CompiledPolicy, compilePolicies, propertiesObject } from './policies/index.ts';

export type ParameterIn = 'path' | 'query' | 'header' | 'formData' | 'body';

export interface CompiledParameter {
  name: string;
  in: ParameterIn;
  required: boolean;
  /** JSON Schema of the value (for validation). */
  schema: JsonObject;
  type?: string;
  itemType?: string;
  collectionFormat: string;
  default?: JsonValue;
  internal: boolean;
  /** `x-ms-url-encoding` of a path parameter. */
  doubleEncode: boolean;
}

export interface CompiledOperation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  path: string;
  parameters: CompiledParameter[];
  body?: CompiledParameter;
  consumes: string[];
  produces: string[];
  /** Names of the security schemes that apply (alternatives flattened). */
  schemes: string[];
  policies: CompiledPolicy[];
  /** True when a response policy needs the body as JSON. */
  readsResponseBody: boolean;
  route: RegExp;
  routeNames: string[];
  /** Literal characters of the path, to prefer `/a/me` over `/a/{id}` in raw mode. */
  specificity: number;
  /** Input validator, compiled on first use. */
  validator?: ValidateFunction | null;
}

export interface RouteAlias {
  operation: CompiledOperation;
  method: string;
  route: RegExp;
  routeNames: string[];
  specificity: number;
}

export interface CompiledConnector {
  name: string;
  /** `scheme://host + basePath` without a trailing slash, or undefined when the definition has no host. */
  baseUrl?: string;
  document: JsonObject;
  securityDefinitions: Record<string, JsonObject>;
  /** True when apiProperties declares an `oauthSetting` connection parameter. */
  oauth: boolean;
  operations: Map<string, CompiledOperation>;
  /** Operations by route specificity, for raw mode. */
  routes: CompiledOperation[];
  /** Upstream paths that routing policies send operations to, so that rewritten next links come back in raw mode. */
  aliases: RouteAlias[];
  findings: Finding[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

const SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
];

/** The JSON Schema of a non-body Swagger 2.0 parameter. */
function parameterSchema(parameter: JsonObject): JsonObject {
  const schema: JsonObject = {};
  for (const key of SCHEMA_KEYS) if (parameter[key] !== undefined) schema[key] = parameter[key] as JsonValue;
  if (schema.type === 'file') delete schema.type;
  return schema;
}

function routeOf(path: string): { route: RegExp; names: string[]; specificity: number } {
  const names: string[] = [];
  let specificity = 0;
  const pattern = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const match = /^\{([^}]+)\}$/.exec(part);
      if (match) {
        names.push(match[1] as string);
        return '([^/]+)';
      }
      specificity += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route: new RegExp(`^${pattern.replace(/\/$/, '')}/?$`), names, specificity };
}

function compileParameter(raw: JsonObject): CompiledParameter | undefined {
  const location = raw.in;
  if (typeof raw.name !== 'string') return undefined;
  if (!['path', 'query', 'header', 'formData', 'body'].includes(location as string)) return undefined;
  const internal = raw['x-ms-visibility'] === 'internal';
  const out: CompiledParameter = {
    name: raw.name,
    in: location as ParameterIn,
    required: location === 'path' || raw.required === true,
    schema: location === 'body' ? (isObject(raw.schema) ? raw.schema : {}) : parameterSchema(raw),
    collectionFormat: typeof raw.collectionFormat === 'string' ? raw.collectionFormat : 'csv',
    internal,
    doubleEncode: raw['x-ms-url-encoding'] === 'double',
  };
  if (typeof raw.type === 'string') out.type = raw.type;
  if (isObject(raw.items) && typeof raw.items.type === 'string') out.itemType = raw.items.type;
  const fallback = location === 'body' && isObject(raw.schema) ? raw.schema.default : undefined;
  if (raw.default !== undefined) out.default = raw.default as JsonValue;
  else if (fallback !== undefined) out.default = fallback;
  return out;
}

/** The Swagger 2.0 form of a definition (3.x documents are converted). */
function swagger2(definition: JsonObject): JsonObject {
  let version: string;
  try {
    version = oasVersionOf(definition);
  } catch {
    return definition;
  }
  if (version === '2.0') return definition;
  try {
    return convertDocument(definition, { to: '2.0' }).document;
  } catch {
    return definition;
  }
}

function baseUrlOf(document: JsonObject): string | undefined {
  if (typeof document.host !== 'string' || document.host === '') return undefined;
  const schemes = strings(document.schemes) ?? [];
  const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
  const basePath = typeof document.basePath === 'string' ? document.basePath : '';
  return `${scheme}://${document.host}${basePath.startsWith('/') || basePath === '' ? '' : '/'}${basePath}`.replace(
    /\/+$/,
    '',
  );
}

/** Raw-mode routes for the constant paths of `routerequesttoendpoint` policies (last policy of an operation wins). */
function aliasesOf(operations: Map<string, CompiledOperation>): RouteAlias[] {
  const out: RouteAlias[] = [];
  for (const operation of operations.values()) {
    const target = operation.policies.filter((policy) => policy.step.routesTo).at(-1)?.step.routesTo;
    if (!target) continue;
    const { route, names, specificity } = routeOf(target.path.startsWith('/') ? target.path : `/${target.path}`);
    out.push({ operation, method: target.method ?? operation.method, route, routeNames: names, specificity });
  }
  return out.sort((a, b) => b.specificity - a.specificity);
}

/** Compiles a connector; broken parts become findings, never exceptions at call time. */
export function compileConnector(
  name: string,
  definition: JsonObject,
  properties: JsonObject | undefined,
): CompiledConnector {
  const document = swagger2(definition);
  const securityDefinitions: Record<string, JsonObject> = {};
  if (isObject(document.securityDefinitions)) {
    for (const [key, value] of Object.entries(document.securityDefinitions))
      if (isObject(value)) securityDefinitions[key] = value;
  }
  const rootSecurity = Array.isArray(document.security) ? document.security : [];
  const rootConsumes = strings(document.consumes) ?? [];
  const rootProduces = strings(document.produces) ?? [];
  const refs = eachOperation(document).filter(({ method }) => METHODS.includes(method));
  const ids = new Set(
    refs.flatMap(({ operation }) => (typeof operation.operationId === 'string' ? [operation.operationId] : [])),
  );
  const { compiled: policies, findings } = compilePolicies(properties, ids);
  const operations = new Map<string, CompiledOperation>();
  for (const { path, method, operation, pathItem } of refs) {
    const operationId = typeof operation.operationId === 'string' ? operation.operationId : `${method}_${path}`;
    const merged = new Map<string, CompiledParameter>();
    for (const list of [pathItem.parameters, operation.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const node of list) {
        const resolved = resolveInternal(document, node);
        const parameter = isObject(resolved) ? compileParameter(resolved) : undefined;
        if (parameter) merged.set(`${parameter.in}\u0000${parameter.name}`, parameter);
      }
    }
    const all = [...merged.values()];
    const security =
      Array.isArray(operation.security) && operation.security.length > 0 ? operation.security : rootSecurity;
    const schemes =
      security.length > 0
        ? [...new Set(security.filter(isObject).flatMap((requirement) => Object.keys(requirement)))]
        : Object.keys(securityDefinitions);
    const applicable = policies.filter((policy) => !policy.operations || policy.operations.has(operationId));
    const { route, names, specificity } = routeOf(path);
    const compiled: CompiledOperation = {
      operationId,
      method: method.toUpperCase(),
      path,
      parameters: all.filter((p) => p.in !== 'body'),
      consumes: strings(operation.consumes) ?? rootConsumes,
      produces: strings(operation.produces) ?? rootProduces,
      schemes: schemes.filter((scheme) => securityDefinitions[scheme] !== undefined),
      policies: applicable,
      readsResponseBody: applicable.some((policy) => policy.step.readsResponseBody === true),
      route,
      routeNames: names,
      specificity,
    };
    const body = all.find((p) => p.in === 'body');
    if (body) compiled.body = body;
    operations.set(operationId, compiled);
  }
  const { props } = propertiesObject(properties);
  const connectionParameters = isObject(props.connectionParameters) ? props.connectionParameters : {};
  const sets =
    isObject(props.connectionParameterSets) && Array.isArray(props.connectionParameterSets.values)
      ? props.connectionParameterSets.values
      : [];
  const declared = [
    connectionParameters,
    ...sets.filter(isObject).map((set) => (isObject(set.parameters) ? set.parameters : {})),
  ];
  const oauth = declared.some((group) => Object.values(group).some((p) => isObject(p) && p.type === 'oauthSetting'));
  const connector: CompiledConnector = {
    name,
    document,
    securityDefinitions,
    oauth,
    operations,
    routes: [...operations.values()].sort((a, b) => b.specificity - a.specificity),
    aliases: aliasesOf(operations),
    findings,
  };
  const baseUrl = baseUrlOf(document);
  if (baseUrl !== undefined) connector.baseUrl = baseUrl;
  return connector;
}
