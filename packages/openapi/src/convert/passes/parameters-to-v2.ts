/**
 * Pass (3.x → 2.0): rewrites every non-body parameter (components, path items, operations) into the
 * Swagger 2.0 form: primitive type fields instead of a schema, collectionFormat instead of style.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { HTTP_METHODS } from '../../walk.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { orderKeys, PARAMETER_ORDER_V2 } from '../order.ts';
import { collectionFormatFor, toPrimitive } from '../primitives.ts';
import { asText } from '../text.ts';

/** Converts one 3.x parameter object; undefined when 2.0 cannot hold it (cookies). */
export function parameterToV2(context: ConvertContext, parameter: JsonObject, pointer: string): JsonObject | undefined {
  const location = parameter.in;
  if (location === 'cookie') {
    context.loss(
      'cookie-parameter',
      pointer,
      `Cookie parameter "${asText(parameter.name)}" has no Swagger 2.0 location.`,
      'dropped',
    );
    return undefined;
  }
  let schema: JsonValue | undefined = parameter.schema;
  let schemaPointer = childPointer(pointer, 'schema');
  if (schema === undefined && isObject(parameter.content)) {
    const [mediaType, media] = Object.entries(parameter.content)[0] ?? [];
    schema = isObject(media) ? media.schema : undefined;
    schemaPointer = childPointer(pointer, 'content', mediaType ?? '', 'schema');
    context.loss(
      'parameter-content',
      childPointer(pointer, 'content'),
      'Swagger 2.0 parameters have no content map.',
      `the ${mediaType ?? 'first'} schema was used`,
    );
  }
  const result = toPrimitive(context, schema ?? { type: 'string' });
  // The parameter may stay in its other places (it is shared): what it holds then lives in two.
  context.reusing(parameter);
  const out: JsonObject = { name: parameter.name ?? '', in: location ?? 'query' };
  if (typeof parameter.description === 'string') out.description = parameter.description;
  if (location === 'path') out.required = true;
  else if (parameter.required === true) out.required = true;
  Object.assign(out, result.fields);
  const styled = parameter.style !== undefined || parameter.explode !== undefined;
  if (result.flattened) {
    context.loss(
      'parameter-schema',
      schemaPointer,
      `Parameter "${asText(parameter.name)}" has an object or combined schema.`,
      'type: string',
    );
  }
  if (result.isArray) {
    const format = collectionFormatFor(asText(location), parameter.style, parameter.explode);
    if (format !== undefined) out.collectionFormat = format;
    else {
      out.collectionFormat = 'csv';
      context.loss(
        'parameter-style',
        childPointer(pointer, 'style'),
        `Style "${asText(parameter.style)}" has no collectionFormat.`,
        'collectionFormat: csv',
      );
    }
  } else if (styled && collectionFormatFor(asText(location), parameter.style, parameter.explode) === undefined) {
    context.loss(
      'parameter-style',
      childPointer(pointer, 'style'),
      `Style "${asText(parameter.style)}" has no Swagger 2.0 equivalent.`,
      'dropped',
    );
  }
  if (parameter.allowEmptyValue !== undefined && location === 'query') out.allowEmptyValue = parameter.allowEmptyValue;
  if (parameter.allowReserved === true) {
    context.loss(
      'parameter-style',
      childPointer(pointer, 'allowReserved'),
      'Swagger 2.0 has no allowReserved.',
      'dropped; reserved characters will be percent-encoded',
    );
  }
  if (parameter.deprecated !== undefined) {
    out['x-deprecated'] = parameter.deprecated;
    context.loss(
      'parameter-deprecated',
      childPointer(pointer, 'deprecated'),
      'Swagger 2.0 parameters have no deprecated.',
      'kept as x-deprecated',
    );
  }
  const example = exampleOf(context, parameter, pointer);
  if (example !== undefined) out['x-example'] = example;
  for (const [key, value] of Object.entries(parameter)) if (key.startsWith('x-')) out[key] = value;
  if (isObject(schema)) {
    const resolved = context.resolve(schema);
    if (isObject(resolved))
      for (const [key, value] of Object.entries(resolved))
        if (key.startsWith('x-') && out[key] === undefined) out[key] = context.alias(value);
  }
  return orderKeys(out, PARAMETER_ORDER_V2);
}

/**
 * The single example of a parameter or media type (`example`, or the first of `examples`), which may stay
 * where it is as well.
 */
export function exampleOf(context: ConvertContext, holder: JsonObject, pointer: string): JsonValue | undefined {
  if (holder.example !== undefined) return context.alias(holder.example);
  if (!isObject(holder.examples)) return undefined;
  const entries = Object.entries(holder.examples);
  if (entries.length > 1) {
    context.loss(
      'examples',
      childPointer(pointer, 'examples'),
      `${entries.length} named examples.`,
      `only "${entries[0]![0]}" kept`,
    );
  }
  const first = context.resolve(entries[0]?.[1]);
  return isObject(first) ? context.alias(first.value) : undefined;
}

/** Converts a parameter list in place; referenced cookie parameters are removed too. */
function convertList(context: ConvertContext, list: JsonValue[], pointer: string): void {
  const out: JsonValue[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) return;
    if (typeof item.$ref === 'string') {
      const target = context.resolve(item);
      if (isObject(target) && target.in === 'cookie') return;
      out.push(item);
      return;
    }
    const converted = parameterToV2(context, item, childPointer(pointer, index));
    if (converted !== undefined) out.push(converted);
  });
  list.length = 0;
  list.push(...out);
}

export const parametersToV2: Pass = {
  name: 'parameters-to-v2',
  run(context) {
    const document = context.document;
    const paths = document.paths;
    if (isObject(paths)) {
      for (const [path, item] of Object.entries(paths)) {
        if (!isObject(item)) continue;
        const itemPointer = childPointer('/paths', path);
        if (Array.isArray(item.parameters))
          convertList(context, item.parameters, childPointer(itemPointer, 'parameters'));
        for (const method of HTTP_METHODS) {
          const operation = item[method];
          if (isObject(operation) && Array.isArray(operation.parameters)) {
            convertList(context, operation.parameters, childPointer(itemPointer, method, 'parameters'));
          }
        }
      }
    }
    const components = document.components;
    if (isObject(components) && isObject(components.parameters)) {
      const converted: JsonObject = {};
      for (const [name, parameter] of Object.entries(components.parameters)) {
        if (!isObject(parameter)) continue;
        if (typeof parameter.$ref === 'string') {
          converted[name] = parameter;
          continue;
        }
        const result = parameterToV2(context, parameter, childPointer('/components/parameters', name));
        if (result !== undefined) converted[name] = result;
      }
      // Resolution above reads the old components, so replace them only at the end.
      context.reusing(components.parameters);
      components.parameters = converted;
    }
  },
};
