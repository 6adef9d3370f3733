/**
 * Pass (2.0 → 3.x): rewrites non-body parameters (root, path items, operations) into the 3.x form:
 * a `schema` built from the primitive fields, and style/explode from `collectionFormat`.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { asText } from '../text.ts';
import { upgradeSchemaFrom2 } from './schema-upgrade.ts';

const SCHEMA_FIELDS = [
  'type',
  'format',
  'items',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
] as const;

/**
 * Builds a 3.x schema from 2.0 primitive fields (parameters, headers, items), iteratively over items.
 * The values it takes may stay in `fields` too.
 */
export function primitiveToSchema(context: ConvertContext, fields: JsonObject): JsonObject {
  const root: JsonObject = {};
  let source: JsonObject | undefined = fields;
  let target = root;
  for (let depth = 0; source !== undefined && depth < 16; depth++) {
    let next: JsonObject | undefined;
    for (const key of SCHEMA_FIELDS) {
      const value: JsonValue | undefined = source[key];
      if (value === undefined) continue;
      if (key === 'items') {
        if (isObject(value)) {
          next = value;
          target.items = {};
        }
        continue;
      }
      target[key] = context.alias(value);
    }
    if (source['x-nullable'] === true) target.nullable = true;
    upgradeSchemaFrom2(target, context);
    source = next;
    if (next !== undefined) target = target.items as JsonObject;
  }
  if (root.type === 'array' && root.items === undefined) root.items = {};
  return root;
}

/** style/explode for a 2.0 collectionFormat; undefined when it has none (tsv). */
export function styleFor(location: string, collectionFormat: JsonValue | undefined): JsonObject | undefined {
  const format = typeof collectionFormat === 'string' ? collectionFormat : 'csv';
  const query = location === 'query' || location === 'formData' || location === 'cookie';
  switch (format) {
    case 'csv':
      return query ? { style: 'form', explode: false } : {};
    case 'multi':
      return query ? {} : { explode: true };
    case 'ssv':
      return query ? { style: 'spaceDelimited', explode: false } : undefined;
    case 'pipes':
      return query ? { style: 'pipeDelimited', explode: false } : undefined;
    default:
      return undefined;
  }
}

/** Converts one 2.0 non-body parameter into a 3.x parameter. */
export function parameterToV3(context: ConvertContext, parameter: JsonObject, pointer: string): JsonObject {
  const location = asText(parameter.in);
  // The parameter may stay in its other places (it is shared): what it holds then lives in two.
  context.reusing(parameter);
  const out: JsonObject = { name: parameter.name ?? '', in: location };
  if (typeof parameter.description === 'string') out.description = parameter.description;
  if (parameter.required === true || location === 'path') out.required = true;
  if (parameter['x-deprecated'] === true) out.deprecated = true;
  if (parameter.allowEmptyValue !== undefined && location === 'query') out.allowEmptyValue = parameter.allowEmptyValue;
  const schema = primitiveToSchema(context, parameter);
  if (parameter.type === 'array') {
    const style = styleFor(location, parameter.collectionFormat);
    if (style === undefined) {
      context.loss(
        'collection-format',
        childPointer(pointer, 'collectionFormat'),
        `collectionFormat "${asText(parameter.collectionFormat)}" has no OpenAPI 3 style in the ${location}.`,
        'schema became a string',
      );
      out.schema = { type: 'string' };
    } else {
      Object.assign(out, style);
      out.schema = schema;
    }
  } else out.schema = schema;
  if (parameter['x-example'] !== undefined) out.example = parameter['x-example'];
  for (const [key, value] of Object.entries(parameter)) {
    if (key.startsWith('x-') && key !== 'x-example' && key !== 'x-deprecated' && key !== 'x-nullable') out[key] = value;
  }
  return out;
}

function convertList(context: ConvertContext, list: JsonValue[], pointer: string): void {
  list.forEach((item, index) => {
    if (!isObject(item) || typeof item.$ref === 'string' || item.in === 'body' || item.in === 'formData') return;
    list[index] = parameterToV3(context, item, childPointer(pointer, index));
  });
}

export const parametersToV3: Pass = {
  name: 'parameters-to-v3',
  run(context) {
    const document = context.document;
    if (isObject(document.paths)) {
      for (const [path, item] of Object.entries(document.paths)) {
        if (isObject(item) && Array.isArray(item.parameters)) {
          convertList(context, item.parameters, childPointer('/paths', path, 'parameters'));
        }
      }
    }
    for (const { operation, pointer } of eachOperationV3(document)) {
      if (Array.isArray(operation.parameters))
        convertList(context, operation.parameters, childPointer(pointer, 'parameters'));
    }
    if (isObject(document.parameters)) {
      for (const [name, parameter] of Object.entries(document.parameters)) {
        if (
          !isObject(parameter) ||
          parameter.in === 'body' ||
          parameter.in === 'formData' ||
          typeof parameter.$ref === 'string'
        )
          continue;
        document.parameters[name] = parameterToV3(context, parameter, childPointer('/parameters', name));
      }
    }
  },
};
