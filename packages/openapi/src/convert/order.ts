/** Key ordering helpers, so converted documents read like hand-written ones. */
import type { JsonObject, JsonValue } from '../types.ts';

/** Returns a copy of `object` with the listed keys first (in order), other keys next, `x-*` last. */
export function orderKeys(object: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of order) if (object[key] !== undefined) out[key] = object[key]!;
  for (const key of Object.keys(object)) if (!(key in out) && !key.startsWith('x-')) out[key] = object[key]!;
  for (const key of Object.keys(object)) if (!(key in out)) out[key] = object[key]!;
  return out;
}

/** Replaces the contents of `target` with those of `source`, keeping the object identity. */
export function replaceContents(target: JsonObject, source: JsonObject): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

/** Copies the `x-*` extensions of `from` onto `to` (without overwriting). */
export function copyExtensions(from: JsonObject, to: JsonObject): void {
  for (const [key, value] of Object.entries(from)) if (key.startsWith('x-') && to[key] === undefined) to[key] = value;
}

/** The root keys of a Swagger 2.0 document in the order they are usually written. */
export const ROOT_ORDER_V2 = [
  'swagger',
  'info',
  'host',
  'basePath',
  'schemes',
  'consumes',
  'produces',
  'paths',
  'definitions',
  'parameters',
  'responses',
  'securityDefinitions',
  'security',
  'tags',
  'externalDocs',
] as const;

export const OPERATION_ORDER_V2 = [
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'consumes',
  'produces',
  'parameters',
  'responses',
  'schemes',
  'deprecated',
  'security',
];

export const OPERATION_ORDER_V3 = [
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'callbacks',
  'deprecated',
  'security',
  'servers',
];

export const PARAMETER_ORDER_V2 = [
  'name',
  'in',
  'description',
  'required',
  'type',
  'format',
  'items',
  'collectionFormat',
  'allowEmptyValue',
  'default',
  'schema',
];

/** The object under `holder[key]`, created when missing. */
export function objectAt(holder: JsonObject, key: string): JsonObject {
  const value = holder[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  const created: JsonObject = {};
  holder[key] = created;
  return created;
}

/** The array under `holder[key]`, created when missing. */
export function arrayAt(holder: JsonObject, key: string): JsonValue[] {
  const value = holder[key];
  if (Array.isArray(value)) return value;
  const created: JsonValue[] = [];
  holder[key] = created;
  return created;
}
