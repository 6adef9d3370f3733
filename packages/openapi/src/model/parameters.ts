/** Parameters of the model: 3.0 parameters with effective style/explode and their 2.0 collectionFormat. */

import { asText } from '../convert/text.ts';
import { isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import type { ModelParameter, ParameterLocation } from './types.ts';

const LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'cookie', 'formData'];

/** The `x-*` members of an object. */
export function extensionsOf(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (key.startsWith('x-')) out[key] = value;
  return out;
}

/** The 2.0 collectionFormat for an array parameter with this style/explode, when there is one. */
export function collectionFormatOf(style: string, explode: boolean): string | undefined {
  if (style === 'form') return explode ? 'multi' : 'csv';
  if (style === 'simple') return 'csv';
  if (style === 'spaceDelimited') return 'ssv';
  if (style === 'pipeDelimited') return 'pipes';
  return undefined;
}

function schemaOf(parameter: JsonObject): JsonObject {
  if (isObject(parameter.schema)) return parameter.schema;
  if (isObject(parameter.content)) {
    const first = Object.values(parameter.content)[0];
    if (isObject(first) && isObject(first.schema)) return first.schema;
  }
  return {};
}

/** A resolved 3.0 parameter object in model form. */
export function modelParameter(
  parameter: JsonObject,
  resolve: (node: JsonValue | undefined) => JsonValue | undefined,
): ModelParameter {
  const location = LOCATIONS.includes(parameter.in as ParameterLocation)
    ? (parameter.in as ParameterLocation)
    : 'query';
  const schema = schemaOf(parameter);
  const out: ModelParameter = {
    name: asText(parameter.name ?? ''),
    in: location,
    required: location === 'path' || parameter.required === true,
    schema,
    extensions: extensionsOf(parameter),
  };
  if (parameter.content === undefined) {
    const style =
      typeof parameter.style === 'string'
        ? parameter.style
        : location === 'query' || location === 'cookie'
          ? 'form'
          : 'simple';
    const explode = typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form';
    out.style = style;
    out.explode = explode;
    const resolved = resolve(schema);
    if (isObject(resolved) && resolved.type === 'array') {
      const format = collectionFormatOf(style, explode);
      if (format !== undefined) out.collectionFormat = format;
    }
  }
  if (typeof parameter.description === 'string') out.description = parameter.description;
  if (parameter.deprecated === true) out.deprecated = true;
  return out;
}
