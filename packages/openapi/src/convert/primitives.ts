/**
 * Translation of 3.x schemas into the primitive "items" form of Swagger 2.0 non-body parameters and
 * headers (type, format, items, collectionFormat…), with losses for what does not fit.
 */
import { childPointer, isObject } from '../pointer.ts';
import type { JsonObject } from '../types.ts';
import type { ConvertContext } from './context.ts';

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);
const COPIED = [
  'format',
  'enum',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'multipleOf',
  'maxItems',
  'minItems',
  'uniqueItems',
] as const;

/** What the caller needs to know about the translated schema. */
export interface PrimitiveResult {
  fields: JsonObject;
  /** True when the schema was an array (so a collectionFormat applies). */
  isArray: boolean;
  /** True when the schema was an object or a combination, turned into a string. */
  flattened: boolean;
}

/** Translates a (possibly referenced) schema into 2.0 primitive fields; `location` names the owner in messages. */
export function toPrimitive(context: ConvertContext, schemaNode: unknown, depth = 0): PrimitiveResult {
  const schema = context.resolve(schemaNode as JsonObject);
  if (!isObject(schema)) return { fields: { type: 'string' }, isArray: false, flattened: false };
  let type = schema.type;
  if (type === undefined) {
    if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) type = 'string';
    else if (isObject(schema.items)) type = 'array';
    else if (
      schema.format !== undefined ||
      Object.keys(schema).every((k) => k.startsWith('x-') || k === 'description' || k === 'example')
    )
      type = 'string';
  }
  // The copied values stay in the schema (a component, say) too.
  if (typeof type === 'string' && PRIMITIVE_TYPES.has(type)) {
    const fields: JsonObject = { type };
    for (const key of COPIED) if (schema[key] !== undefined) fields[key] = context.alias(schema[key]!);
    return { fields, isArray: false, flattened: false };
  }
  if (type === 'array' && depth < 8) {
    const inner = toPrimitive(context, schema.items, depth + 1);
    const items = { ...inner.fields };
    if (inner.isArray) items.collectionFormat = 'csv';
    const fields: JsonObject = { type: 'array', items };
    for (const key of COPIED) if (schema[key] !== undefined) fields[key] = context.alias(schema[key]!);
    return { fields, isArray: true, flattened: inner.flattened };
  }
  return { fields: { type: 'string' }, isArray: false, flattened: true };
}

/** The 2.0 collectionFormat for a 3.x style/explode pair, or undefined when there is none. */
export function collectionFormatFor(location: string, style: unknown, explode: unknown): string | undefined {
  const effectiveStyle =
    typeof style === 'string' ? style : location === 'query' || location === 'formData' ? 'form' : 'simple';
  const effectiveExplode = typeof explode === 'boolean' ? explode : effectiveStyle === 'form';
  switch (effectiveStyle) {
    case 'form':
      return effectiveExplode ? 'multi' : 'csv';
    case 'simple':
      return 'csv';
    case 'spaceDelimited':
      return 'ssv';
    case 'pipeDelimited':
      return 'pipes';
    default:
      return undefined;
  }
}

/** Translates a 3.x header object into a 2.0 header object. */
export function headerToV2(context: ConvertContext, headerNode: unknown, pointer: string): JsonObject {
  const header = context.resolve(headerNode as JsonObject);
  if (!isObject(header)) return { type: 'string' };
  let schema = header.schema;
  if (schema === undefined && isObject(header.content)) {
    context.loss(
      'response-headers-content',
      childPointer(pointer, 'content'),
      'Swagger 2.0 headers have no content map.',
      'the header became a string',
    );
    schema = { type: 'string' };
  }
  const result = toPrimitive(context, schema);
  const out: JsonObject = {};
  if (typeof header.description === 'string') out.description = header.description;
  Object.assign(out, result.fields);
  if (result.isArray) out.collectionFormat = 'csv';
  for (const [key, value] of Object.entries(header)) if (key.startsWith('x-')) out[key] = context.alias(value);
  return out;
}
