/**
 * Pass (3.x → 2.0): turns each operation's requestBody into a `body` parameter, or into `formData`
 * parameters for form media types, and lists its media types in `consumes`.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { jsonEqual } from '../clone.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { arrayAt, orderKeys, PARAMETER_ORDER_V2 } from '../order.ts';
import { collectionFormatFor, toPrimitive } from '../primitives.ts';

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** True for the media types that Swagger 2.0 describes with formData parameters. */
export function isFormMediaType(mediaType: string): boolean {
  return FORM_TYPES.test(mediaType);
}

/** Collects the properties and required names of an object schema, merging `allOf` members. */
export function objectShape(
  context: ConvertContext,
  schemaNode: JsonValue | undefined,
): { properties: Array<[string, JsonValue]>; required: Set<string> } | undefined {
  const properties: Array<[string, JsonValue]> = [];
  const required = new Set<string>();
  const queue: Array<JsonValue | undefined> = [schemaNode];
  const seen = new Set<object>();
  let isObjectSchema = false;
  while (queue.length > 0) {
    const schema = context.resolve(queue.shift());
    if (!isObject(schema) || seen.has(schema)) continue;
    seen.add(schema);
    if (schema.type === 'object' || isObject(schema.properties)) isObjectSchema = true;
    if (isObject(schema.properties)) {
      for (const [name, value] of Object.entries(schema.properties)) {
        if (!properties.some(([n]) => n === name)) properties.push([name, value]);
      }
    }
    if (Array.isArray(schema.required))
      for (const name of schema.required) if (typeof name === 'string') required.add(name);
    if (Array.isArray(schema.allOf)) queue.push(...schema.allOf);
  }
  return isObjectSchema ? { properties, required } : undefined;
}

function formDataParameters(
  context: ConvertContext,
  shape: { properties: Array<[string, JsonValue]>; required: Set<string> },
  hasMultipart: boolean,
): JsonObject[] {
  return shape.properties.map(([name, propertyNode]) => {
    const property = context.resolve(propertyNode);
    const out: JsonObject = { name, in: 'formData' };
    if (isObject(property) && typeof property.description === 'string') out.description = property.description;
    if (shape.required.has(name)) out.required = true;
    const binary =
      isObject(property) &&
      property.type === 'string' &&
      (property.format === 'binary' || property.format === 'base64');
    if (binary && hasMultipart) out.type = 'file';
    else {
      const result = toPrimitive(context, propertyNode);
      Object.assign(out, result.fields);
      if (result.isArray) out.collectionFormat = collectionFormatFor('formData', undefined, undefined) ?? 'multi';
    }
    if (isObject(property))
      for (const [key, value] of Object.entries(property)) if (key.startsWith('x-')) out[key] = context.alias(value);
    return orderKeys(out, PARAMETER_ORDER_V2);
  });
}

/** Converts one request body into 2.0 parameters plus the `consumes` list. */
export function requestBodyToV2(
  context: ConvertContext,
  operation: JsonObject,
  bodyNode: JsonValue,
  bodyPointer: string,
): { parameters: JsonObject[]; consumes: string[] } {
  const body = context.resolve(bodyNode);
  const pointer = context.targetPointer(bodyNode, bodyPointer);
  if (!isObject(body)) return { parameters: [], consumes: [] };
  const content = isObject(body.content) ? body.content : {};
  const entries = Object.entries(content);
  let consumes = entries.map(([mediaType]) => mediaType);
  const first = entries[0];
  if (first === undefined) return { parameters: [], consumes: [] };
  const firstIsForm = isFormMediaType(first[0]);
  const sameFamily = entries.filter(([mediaType]) => isFormMediaType(mediaType) === firstIsForm);
  if (sameFamily.length < entries.length) {
    consumes = sameFamily.map(([mediaType]) => mediaType);
    context.loss(
      'multiple-content-types',
      childPointer(pointer, 'content'),
      'The body is offered both as a form and as a document; Swagger 2.0 has one or the other.',
      `only ${consumes.join(', ')} kept`,
    );
  }
  const media = isObject(first[1]) ? first[1] : {};
  const schemas = sameFamily.map(([, m]) => (isObject(m) ? m.schema : undefined));
  if (schemas.some((s) => !jsonEqual(s, schemas[0]))) {
    context.loss(
      'multiple-content-types',
      childPointer(pointer, 'content'),
      'The media types of the body have different schemas.',
      `the ${first[0]} schema is used for all`,
    );
  }
  for (const [mediaType, m] of sameFamily) {
    if (isObject(m) && m.encoding !== undefined) {
      context.loss(
        'form-encoding',
        childPointer(pointer, 'content', mediaType, 'encoding'),
        'Swagger 2.0 has no per-field encoding of form bodies.',
        'dropped',
      );
    }
    if (isObject(m) && (m.example !== undefined || m.examples !== undefined)) {
      context.loss(
        'examples',
        childPointer(pointer, 'content', mediaType, m.example !== undefined ? 'example' : 'examples'),
        'Swagger 2.0 body parameters have no examples.',
        'dropped',
      );
    }
  }
  if (firstIsForm) {
    const shape = objectShape(context, media.schema);
    if (shape !== undefined) {
      const parameters = formDataParameters(
        context,
        shape,
        consumes.some((c) => /^multipart\//i.test(c)),
      );
      return { parameters, consumes };
    }
    context.loss(
      'request-body-not-object-form',
      childPointer(pointer, 'content', first[0], 'schema'),
      'A form body whose schema is not an object has no formData parameters.',
      'sent as a body parameter',
    );
  }
  const nameSource = operation['x-codegen-request-body-name'] ?? body['x-codegen-request-body-name'];
  const parameter: JsonObject = { name: typeof nameSource === 'string' ? nameSource : 'body', in: 'body' };
  if (typeof body.description === 'string') parameter.description = body.description;
  if (body.required === true) parameter.required = true;
  // The body may be a component that other operations use too.
  parameter.schema = context.alias(
    media.schema ?? (firstIsForm || /json/i.test(first[0]) ? { type: 'object' } : { type: 'string', format: 'binary' }),
  );
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('x-') && key !== 'x-codegen-request-body-name') parameter[key] = context.alias(value);
  }
  return { parameters: [parameter], consumes };
}

export const requestBodiesToBodyParams: Pass = {
  name: 'request-bodies-to-body-params',
  run(context) {
    for (const { operation, pointer } of eachOperationV3(context.document)) {
      const bodyNode = operation.requestBody;
      if (bodyNode === undefined) continue;
      const { parameters, consumes } = requestBodyToV2(
        context,
        operation,
        bodyNode,
        childPointer(pointer, 'requestBody'),
      );
      delete operation.requestBody;
      delete operation['x-codegen-request-body-name'];
      if (parameters.length === 0) continue;
      const list = arrayAt(operation, 'parameters');
      const index = list.length;
      list.push(...parameters);
      if (parameters[0]!.in === 'body') {
        context.move(
          childPointer(pointer, 'requestBody', 'content', consumes[0]!, 'schema'),
          childPointer(pointer, 'parameters', index, 'schema'),
        );
      }
      operation.consumes = consumes;
    }
  },
};
