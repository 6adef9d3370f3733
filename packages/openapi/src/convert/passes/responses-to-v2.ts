/**
 * Pass (3.x → 2.0): rewrites responses (operations and components) to one `schema`, `examples` by
 * media type and primitive headers, and lists each operation's response media types in `produces`.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { jsonEqual, keepIndexKeysSparse } from '../clone.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { headerToV2 } from '../primitives.ts';
import { exampleOf } from './parameters-to-v2.ts';

/** The media types a 3.x response offers (following a reference). */
function mediaTypesOf(context: ConvertContext, responseNode: JsonValue | undefined): string[] {
  const response = context.resolve(responseNode);
  return isObject(response) && isObject(response.content) ? Object.keys(response.content) : [];
}

/** Converts one inline 3.x response object into the 2.0 form. */
export function responseToV2(context: ConvertContext, response: JsonObject, pointer: string): JsonObject {
  const out: JsonObject = { description: typeof response.description === 'string' ? response.description : '' };
  const content = isObject(response.content) ? Object.entries(response.content) : [];
  const withSchema = content.filter(([, media]) => isObject(media) && media.schema !== undefined);
  const first = withSchema[0];
  // What the response holds may stay elsewhere too (the response is a shared one).
  if (first !== undefined && isObject(first[1])) {
    out.schema = context.alias(first[1].schema!);
    if (withSchema.some(([, media]) => !jsonEqual((media as JsonObject).schema, out.schema))) {
      context.loss(
        'multiple-content-types',
        childPointer(pointer, 'content'),
        'The media types of the response have different schemas.',
        `the ${first[0]} schema is used for all`,
      );
    }
    context.move(childPointer(pointer, 'content', first[0], 'schema'), childPointer(pointer, 'schema'));
  }
  if (isObject(response.headers)) {
    const headers: JsonObject = {};
    for (const [name, header] of Object.entries(response.headers)) {
      headers[name] = headerToV2(context, header, childPointer(pointer, 'headers', name));
    }
    out.headers = headers;
  }
  const examples: JsonObject = {};
  for (const [mediaType, media] of content) {
    if (!isObject(media)) continue;
    const example = exampleOf(context, media, childPointer(pointer, 'content', mediaType));
    if (example !== undefined) examples[mediaType] = example;
  }
  if (Object.keys(examples).length > 0) out.examples = examples;
  if (response.links !== undefined) {
    context.loss('links', childPointer(pointer, 'links'), 'Swagger 2.0 has no links.', 'dropped');
  }
  for (const [key, value] of Object.entries(response)) if (key.startsWith('x-')) out[key] = context.alias(value);
  return out;
}

/** Maps a 3.x status key to a 2.0 one: ranges such as 2XX become their first code when that is free. */
function statusKeyV2(context: ConvertContext, status: string, taken: Set<string>, pointer: string): string | undefined {
  if (/^[1-5]XX$/i.test(status)) {
    const code = `${status[0]}00`;
    const free = !taken.has(code);
    context.loss(
      'response-status-range',
      pointer,
      `Swagger 2.0 has no status range ${status}.`,
      free ? `became ${code}` : `dropped (${code} exists)`,
    );
    return free ? code : undefined;
  }
  return status;
}

export const responsesToV2: Pass = {
  name: 'responses-to-v2',
  run(context) {
    for (const { operation, pointer } of eachOperationV3(context.document)) {
      const responsesPointer = childPointer(pointer, 'responses');
      const responses = isObject(operation.responses) ? operation.responses : {};
      const produces: string[] = [];
      const out: JsonObject = {};
      keepIndexKeysSparse(out);
      const taken = new Set(Object.keys(responses));
      for (const [status, response] of Object.entries(responses)) {
        if (status.startsWith('x-')) {
          out[status] = response;
          continue;
        }
        const responsePointer = childPointer(responsesPointer, status);
        const key = statusKeyV2(context, status, taken, responsePointer);
        if (key === undefined || !isObject(response)) continue;
        taken.add(key);
        for (const mediaType of mediaTypesOf(context, response))
          if (!produces.includes(mediaType)) produces.push(mediaType);
        out[key] = typeof response.$ref === 'string' ? response : responseToV2(context, response, responsePointer);
        if (key !== status) context.move(responsePointer, childPointer(responsesPointer, key));
      }
      if (Object.keys(out).every((k) => k.startsWith('x-'))) out.default = { description: 'Default response' };
      context.reusing(operation.responses);
      operation.responses = out;
      if (produces.length > 0) operation.produces = produces;
    }
    const components = context.document.components;
    if (isObject(components) && isObject(components.responses)) {
      for (const [name, response] of Object.entries(components.responses)) {
        if (isObject(response) && typeof response.$ref !== 'string') {
          components.responses[name] = responseToV2(context, response, childPointer('/components/responses', name));
        }
      }
    }
  },
};
