/**
 * Pass (2.0 → 3.x): rewrites responses (operations and root) into the 3.x form: a content entry per
 * produced media type, examples by media type, headers with schemas.
 */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { primitiveToSchema } from './parameters-to-v3.ts';

function stringList(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Converts one 2.0 response object into a 3.x response object (what it holds may stay in it too). */
export function responseToV3(context: ConvertContext, response: JsonObject, produces: string[]): JsonObject {
  const out: JsonObject = { description: typeof response.description === 'string' ? response.description : '' };
  if (isObject(response.headers)) {
    const headers: JsonObject = {};
    for (const [name, header] of Object.entries(response.headers)) {
      if (!isObject(header)) continue;
      const converted: JsonObject = {};
      if (typeof header.description === 'string') converted.description = header.description;
      converted.schema = primitiveToSchema(context, header);
      if (header.type === 'array' && header.collectionFormat !== undefined && header.collectionFormat !== 'csv') {
        converted.style = 'simple';
      }
      for (const [key, value] of Object.entries(header))
        if (key.startsWith('x-')) converted[key] = context.alias(value);
      headers[name] = converted;
    }
    out.headers = headers;
  }
  const examples = isObject(response.examples) ? response.examples : {};
  const content: JsonObject = {};
  if (response.schema !== undefined) {
    produces.forEach((mediaType, i) => {
      const media: JsonObject = { schema: i === 0 ? context.alias(response.schema!) : context.copy(response.schema!) };
      if (examples[mediaType] !== undefined) media.example = context.alias(examples[mediaType]!);
      content[mediaType] = media;
    });
  }
  for (const [mediaType, example] of Object.entries(examples)) {
    if (content[mediaType] === undefined) content[mediaType] = { example: context.alias(example) };
  }
  if (Object.keys(content).length > 0) out.content = content;
  for (const [key, value] of Object.entries(response)) if (key.startsWith('x-')) out[key] = context.alias(value);
  return out;
}

export const responsesToV3: Pass = {
  name: 'responses-to-v3',
  run(context) {
    const document = context.document;
    const rootProduces = stringList(document.produces) ?? ['application/json'];
    for (const { operation } of eachOperationV3(document)) {
      const produces = stringList(operation.produces) ?? rootProduces;
      delete operation.produces;
      if (!isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status.startsWith('x-') || !isObject(response) || typeof response.$ref === 'string') continue;
        operation.responses[status] = responseToV3(
          context,
          response,
          produces.length > 0 ? produces : ['application/json'],
        );
      }
    }
    if (isObject(document.responses)) {
      for (const [name, response] of Object.entries(document.responses)) {
        if (isObject(response) && typeof response.$ref !== 'string')
          document.responses[name] = responseToV3(context, response, rootProduces);
      }
    }
  },
};
