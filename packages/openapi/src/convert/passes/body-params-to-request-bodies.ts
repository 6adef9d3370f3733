/**
 * Pass (2.0 → 3.x): turns `body` parameters into request bodies (one content entry per consumed
 * media type) and `formData` parameters into a form request body with an object schema.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { type ConvertContext, type Pass, refFromTokens, refTokens } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { asText } from '../text.ts';
import { primitiveToSchema } from './parameters-to-v3.ts';

const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

function stringList(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/**
 * Builds a 3.x request body from a 2.0 body parameter, which may stay where it is too (a path item's
 * body parameter serves each of its operations).
 */
export function bodyToRequestBody(context: ConvertContext, parameter: JsonObject, consumes: string[]): JsonObject {
  const types = consumes.filter((c) => !FORM.test(c));
  const list = types.length > 0 ? types : ['application/json'];
  const content: JsonObject = {};
  list.forEach((mediaType, i) => {
    const schema = parameter.schema ?? {};
    content[mediaType] = { schema: i === 0 ? context.alias(schema) : context.copy(schema) };
  });
  const out: JsonObject = {};
  if (typeof parameter.description === 'string') out.description = parameter.description;
  out.content = content;
  if (parameter.required === true) out.required = true;
  for (const [key, value] of Object.entries(parameter)) if (key.startsWith('x-')) out[key] = context.alias(value);
  return out;
}

/** Builds a 3.x form request body from 2.0 formData parameters (copies the operation owns). */
export function formToRequestBody(context: ConvertContext, parameters: JsonObject[], consumes: string[]): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    const name = asText(parameter.name ?? '');
    const schema = primitiveToSchema(context, parameter);
    if (typeof parameter.description === 'string') schema.description = parameter.description;
    for (const [key, value] of Object.entries(parameter))
      if (key.startsWith('x-') && key !== 'x-nullable') schema[key] = context.alias(value);
    properties[name] = schema;
    if (parameter.required === true) required.push(name);
  }
  const schema: JsonObject = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  const hasFile = parameters.some((p) => p.type === 'file');
  let types = consumes.filter((c) => FORM.test(c));
  if (types.length === 0) types = [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
  const content: JsonObject = {};
  types.forEach((mediaType, i) => {
    content[mediaType] = { schema: i === 0 ? schema : context.copy(schema) };
  });
  const out: JsonObject = { content };
  if (required.length > 0) out.required = true;
  return out;
}

function consumesOf(document: JsonObject, operation: JsonObject | undefined): string[] {
  return stringList(operation?.consumes) ?? stringList(document.consumes) ?? ['application/json'];
}

export const bodyParamsToRequestBodies: Pass = {
  name: 'body-params-to-request-bodies',
  run(context) {
    const document = context.document;
    const rootConsumes = consumesOf(document, undefined);
    const components = isObject(document.components) ? document.components : {};
    const requestBodies: JsonObject = {};
    if (isObject(document.parameters)) {
      for (const [name, parameter] of Object.entries(document.parameters)) {
        if (isObject(parameter) && parameter.in === 'body')
          requestBodies[name] = bodyToRequestBody(context, parameter, rootConsumes);
      }
    }
    for (const site of eachOperationV3(document))
      convertOperation(context, site.operation, site.pathItem, site.pointer, rootConsumes);
    if (isObject(document.paths)) {
      for (const item of Object.values(document.paths)) {
        if (isObject(item) && Array.isArray(item.parameters)) {
          context.reusing(item.parameters);
          item.parameters = item.parameters.filter((p) => !isBodyLike(context, p));
          if (item.parameters.length === 0) delete item.parameters;
        }
      }
    }
    if (Object.keys(requestBodies).length > 0) {
      components.requestBodies = requestBodies;
      document.components = components;
    }
  },
};

function isBodyLike(context: ConvertContext, node: JsonValue): boolean {
  const target = context.resolve(node);
  return isObject(target) && (target.in === 'body' || target.in === 'formData');
}

function convertOperation(
  context: ConvertContext,
  operation: JsonObject,
  pathItem: JsonObject,
  pointer: string,
  rootConsumes: string[],
): void {
  const own = Array.isArray(operation.parameters) ? operation.parameters : [];
  const inherited = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
  const ownBodyLike = own.filter((p) => isBodyLike(context, p));
  const ownNames = new Set(ownBodyLike.map((p) => asText((context.resolve(p) as JsonObject).name)));
  const bodyLike = [
    ...ownBodyLike,
    ...inherited.filter(
      (p) => isBodyLike(context, p) && !ownNames.has(asText((context.resolve(p) as JsonObject).name)),
    ),
  ];
  const consumes = consumesOf(context.document, operation);
  delete operation.consumes;
  if (bodyLike.length > 0) {
    const body = bodyLike.find((p) => (context.resolve(p) as JsonObject).in === 'body');
    if (body !== undefined) {
      const parameter = context.resolve(body) as JsonObject;
      const sameConsumes = consumes.join('\n') === rootConsumes.join('\n');
      const ref = isObject(body) && typeof body.$ref === 'string' ? body.$ref : undefined;
      const tokens = ref !== undefined ? refTokens(ref) : undefined;
      const name = tokens?.length === 2 && tokens[0] === 'parameters' ? tokens[1] : undefined;
      operation.requestBody =
        name !== undefined && sameConsumes
          ? { $ref: refFromTokens(['components', 'requestBodies', name]) }
          : bodyToRequestBody(context, ref !== undefined ? context.copy(parameter) : parameter, consumes);
      if (typeof parameter.name === 'string' && parameter.name !== 'body')
        operation['x-codegen-request-body-name'] = parameter.name;
      const index = own.indexOf(body);
      const firstType = consumes.filter((c) => !FORM.test(c))[0] ?? 'application/json';
      if (index >= 0 && ref === undefined) {
        context.move(
          childPointer(pointer, 'parameters', index, 'schema'),
          childPointer(pointer, 'requestBody', 'content', firstType, 'schema'),
        );
      }
    } else {
      const form = bodyLike.map((p) => context.copy(context.resolve(p) as JsonObject));
      operation.requestBody = formToRequestBody(context, form, consumes);
    }
  }
  if (Array.isArray(operation.parameters)) {
    context.reusing(operation.parameters);
    operation.parameters = own.filter((p) => !isBodyLike(context, p));
    if (operation.parameters.length === 0) delete operation.parameters;
  }
}
