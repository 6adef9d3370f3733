/**
 * Builds the version-independent operation model: the document is first normalised to OpenAPI 3.0 by
 * the converter, so 2.0, 3.0 and 3.1 forms of one API give equal models (modulo conversion losses).
 */
import { deepClone } from '../convert/clone.ts';
import { convertDocument, oasVersionOf } from '../convert/index.ts';
import { asText } from '../convert/text.ts';
import { isObject } from '../pointer.ts';
import type { JsonObject, JsonValue, OasVersion } from '../types.ts';
import { HTTP_METHODS, resolveInternal } from '../walk.ts';
import { extensionsOf, modelParameter } from './parameters.ts';
import { normaliseSecurityScheme } from './security.ts';
import type {
  ApiModel,
  ModelContent,
  ModelHeader,
  ModelOperation,
  ModelParameter,
  ModelRequestBody,
  ModelResponse,
  ModelSecurityRequirement,
  ModelSecurityScheme,
} from './types.ts';

export interface BuildModelOptions {
  /** The document's version; detected when omitted. */
  version?: OasVersion;
}

const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A deterministic operationId for an operation that has none: `get_pets_petId`. */
export function generatedOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .map((segment) =>
      segment
        .replace(/[{}]/g, '')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter((segment) => segment !== '');
  return [method.toLowerCase(), ...words].join('_');
}

function contents(holder: JsonObject): ModelContent[] {
  if (!isObject(holder.content)) return [];
  return Object.entries(holder.content).map(([mediaType, media]) => {
    const out: ModelContent = { mediaType };
    if (isObject(media) && isObject(media.schema)) out.schema = media.schema;
    return out;
  });
}

function security(value: JsonValue | undefined): ModelSecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObject).map((requirement) => {
    const out: ModelSecurityRequirement = {};
    for (const [name, scopes] of Object.entries(requirement)) {
      out[name] = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
    }
    return out;
  });
}

function substituteVariables(server: JsonObject): string {
  const variables = isObject(server.variables) ? server.variables : {};
  return asText(server.url ?? '/').replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? asText(variable.default) : whole;
  });
}

/** Builds the operation model of a bundled document of any version (the input is neither kept nor changed). */
export function buildModel(document: JsonObject, options: BuildModelOptions = {}): ApiModel {
  const version = options.version ?? oasVersionOf(document);
  // Both branches copy: the model never shares objects with the caller's document.
  const normalised =
    version === '3.0' ? deepClone(document) : convertDocument(document, { from: version, to: '3.0' }).document;
  return new ModelBuilder(normalised).build();
}

class ModelBuilder {
  constructor(private readonly document: JsonObject) {}

  private resolve = (node: JsonValue | undefined): JsonValue | undefined => resolveInternal(this.document, node);

  build(): ApiModel {
    const document = this.document;
    const info = isObject(document.info) ? document.info : {};
    const components = isObject(document.components) ? document.components : {};
    const schemes: ModelSecurityScheme[] = [];
    if (isObject(components.securitySchemes)) {
      for (const [name, node] of Object.entries(components.securitySchemes)) {
        const scheme = this.resolve(node);
        const normalised = isObject(scheme) ? normaliseSecurityScheme(name, scheme) : undefined;
        if (normalised !== undefined) schemes.push(normalised);
      }
    }
    const model: ApiModel = {
      title: text(info.title) ?? '',
      version: text(info.version) ?? '',
      servers: (Array.isArray(document.servers) ? document.servers.filter(isObject) : []).map((server) => ({
        url: substituteVariables(server),
      })),
      securitySchemes: schemes,
      operations: this.operations(),
      schemas: isObject(components.schemas) ? { ...components.schemas } : {},
      extensions: extensionsOf(document),
    };
    if (text(info.description) !== undefined) model.description = text(info.description)!;
    return model;
  }

  private operations(): ModelOperation[] {
    const out: ModelOperation[] = [];
    const taken = new Set<string>();
    const rootSecurity = security(this.document.security) ?? [];
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    const pending: Array<() => void> = [];
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = this.resolve(rawItem);
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        const declared = text(operation.operationId);
        if (declared !== undefined) taken.add(declared);
        const model = this.operation(path, method, item, operation, rootSecurity);
        out.push(model);
        if (declared === undefined) {
          pending.push(() => {
            let id = generatedOperationId(method, path);
            for (let i = 2; taken.has(id); i++) id = `${generatedOperationId(method, path)}_${i}`;
            taken.add(id);
            model.operationId = id;
          });
        }
      }
    }
    for (const assign of pending) assign();
    return out;
  }

  private operation(
    path: string,
    method: string,
    item: JsonObject,
    operation: JsonObject,
    rootSecurity: ModelSecurityRequirement[],
  ): ModelOperation {
    const model: ModelOperation = {
      operationId: text(operation.operationId) ?? '',
      operationIdGenerated: text(operation.operationId) === undefined,
      method,
      path,
      tags: Array.isArray(operation.tags) ? operation.tags.filter((t): t is string => typeof t === 'string') : [],
      deprecated: operation.deprecated === true,
      parameters: this.parameters(item, operation),
      responses: this.responses(operation),
      security: security(operation.security) ?? rootSecurity,
      extensions: extensionsOf(operation),
    };
    delete model.extensions['x-codegen-request-body-name'];
    if (text(operation.summary) !== undefined) model.summary = text(operation.summary)!;
    if (text(operation.description) !== undefined) model.description = text(operation.description)!;
    const body = this.requestBody(operation);
    if (body !== undefined) {
      model.requestBody = body;
      model.parameters.push(...this.formParameters(body));
    }
    return model;
  }

  private parameters(item: JsonObject, operation: JsonObject): ModelParameter[] {
    const merged = new Map<string, ModelParameter>();
    for (const list of [item.parameters, operation.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const node of list) {
        const parameter = this.resolve(node);
        if (!isObject(parameter)) continue;
        const model = modelParameter(parameter, this.resolve);
        merged.set(`${model.in}\u0000${model.name}`, model);
      }
    }
    return [...merged.values()];
  }

  private requestBody(operation: JsonObject): ModelRequestBody | undefined {
    const body = this.resolve(operation.requestBody);
    if (!isObject(body)) return undefined;
    const out: ModelRequestBody = {
      required: body.required === true,
      contents: contents(body),
      extensions: extensionsOf(body),
    };
    const name = text(operation['x-codegen-request-body-name']) ?? text(body['x-codegen-request-body-name']);
    delete out.extensions['x-codegen-request-body-name'];
    if (name !== undefined) out.name = name;
    if (text(body.description) !== undefined) out.description = text(body.description)!;
    return out;
  }

  /** Form fields as `formData` parameters, so callers can pass them by name (the body keeps the schema). */
  private formParameters(body: ModelRequestBody): ModelParameter[] {
    const first = body.contents[0];
    if (first === undefined || !FORM.test(first.mediaType) || body.contents.some((c) => !FORM.test(c.mediaType)))
      return [];
    const properties = new Map<string, JsonObject>();
    const required = new Set<string>();
    const queue: Array<JsonValue | undefined> = [first.schema];
    const seen = new Set<object>();
    while (queue.length > 0) {
      const schema = this.resolve(queue.shift());
      if (!isObject(schema) || seen.has(schema)) continue;
      seen.add(schema);
      if (isObject(schema.properties)) {
        for (const [name, value] of Object.entries(schema.properties)) {
          if (isObject(value) && !properties.has(name)) properties.set(name, value);
        }
      }
      if (Array.isArray(schema.required))
        for (const name of schema.required) if (typeof name === 'string') required.add(name);
      if (Array.isArray(schema.allOf)) queue.push(...schema.allOf);
    }
    return [...properties].map(([name, schema]) => {
      const parameter: ModelParameter = {
        name,
        in: 'formData',
        required: required.has(name),
        schema,
        extensions: extensionsOf(schema),
      };
      if (typeof schema.description === 'string') parameter.description = schema.description;
      return parameter;
    });
  }

  private responses(operation: JsonObject): ModelResponse[] {
    if (!isObject(operation.responses)) return [];
    const out: ModelResponse[] = [];
    for (const [status, node] of Object.entries(operation.responses)) {
      if (status.startsWith('x-')) continue;
      const response = this.resolve(node);
      if (!isObject(response)) continue;
      out.push({
        status,
        description: text(response.description) ?? '',
        contents: contents(response),
        headers: this.headers(response),
      });
    }
    return out;
  }

  private headers(response: JsonObject): ModelHeader[] {
    if (!isObject(response.headers)) return [];
    const out: ModelHeader[] = [];
    for (const [name, node] of Object.entries(response.headers)) {
      const header = this.resolve(node);
      if (!isObject(header)) continue;
      const model: ModelHeader = { name, required: header.required === true };
      if (text(header.description) !== undefined) model.description = text(header.description)!;
      if (isObject(header.schema)) model.schema = header.schema;
      out.push(model);
    }
    return out;
  }
}
