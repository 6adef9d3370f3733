/**
 * Allowed shapes of the `x-ms-*` extensions Power Platform defines, transcribed from
 * `schemas/apiDefinition.swagger.schema.json` (microsoft/PowerPlatformConnectors, draft-04).
 */
import { isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';
import type { ExtensionRef } from './facts.ts';
import { anything, arrayOf, isBoolean, isString, mapOf, object, oneOf, type ShapeCheck } from './shape.ts';

/** `DynamicOperationCall-parameters`: literal values, or `{ parameter: "<name>" }`. */
const dynamicParameter: ShapeCheck = (v) =>
  isObject(v) && 'parameter' in v && typeof v.parameter !== 'string' ? '"parameter" must be a string' : undefined;

/** `DynamicOperationCall-parameters-value-or-parameterReference`: exactly one of value / parameterReference. */
const valueOrReference: ShapeCheck = (v) => {
  if (!isObject(v)) return `must be an object with "value" or "parameterReference"`;
  const keys = Object.keys(v);
  if (keys.length !== 1 || (keys[0] !== 'value' && keys[0] !== 'parameterReference')) {
    return 'must have exactly one of "value" or "parameterReference"';
  }
  return keys[0] === 'parameterReference' ? isString(v.parameterReference as JsonValue) : undefined;
};

const operationCall = object({
  required: ['operationId'],
  additional: false,
  properties: { operationId: isString, parameters: mapOf(dynamicParameter) },
});

const dynamicValues: ShapeCheck = (v) => {
  const base = object({
    properties: {
      operationId: isString,
      builtInOperation: oneOf('AadGraph.GetUsers'),
      capability: oneOf('file-picker'),
      parameters: mapOf(dynamicParameter),
      'value-collection': isString,
      'value-title': isString,
      'value-path': isString,
    },
  })(v);
  if (base) return base;
  const sources = ['operationId', 'builtInOperation', 'capability'].filter((k) => isObject(v) && k in v);
  return sources.length === 1 ? undefined : 'needs exactly one of "operationId", "builtInOperation" or "capability"';
};

const status = oneOf('Production', 'Preview');

/** Checks by extension name; some depend on where the extension sits. */
export const MS_EXTENSION_SHAPES: Record<string, (ext: ExtensionRef) => string | undefined> = {
  'x-ms-visibility': (e) => oneOf('important', 'advanced', 'internal')(e.value),
  'x-ms-trigger': (e) => oneOf('batch', 'single')(e.value),
  'x-ms-trigger-hint': (e) => isString(e.value),
  'x-ms-trigger-metadata': (e) =>
    object({ required: ['kind', 'mode'], properties: { kind: oneOf('query'), mode: oneOf('polling') } })(e.value),
  'x-ms-trigger-value': (e) =>
    isObject(e.value) && Object.keys(e.value).length === 0
      ? 'needs "value-collection" or "value-path"'
      : object({ properties: { 'value-collection': isString, 'value-path': isString } })(e.value),
  'x-ms-dynamic-values': (e) => dynamicValues(e.value),
  'x-ms-dynamic-list': (e) =>
    object({
      required: ['operationId'],
      properties: {
        operationId: isString,
        parameters: mapOf(valueOrReference),
        itemsPath: isString,
        itemTitlePath: isString,
        itemValuePath: isString,
      },
    })(e.value),
  'x-ms-dynamic-schema': (e) =>
    object({
      required: ['operationId'],
      additional: false,
      properties: { operationId: isString, parameters: mapOf(dynamicParameter), 'value-path': isString },
    })(e.value),
  'x-ms-dynamic-properties': (e) =>
    object({
      required: ['operationId'],
      additional: false,
      properties: { operationId: isString, parameters: mapOf(valueOrReference), itemValuePath: isString },
    })(e.value),
  'x-ms-dynamic-tree': (e) =>
    object({ additional: false, properties: { settings: anything, open: anything, browse: anything } })(e.value),
  'x-ms-capabilities': (e) =>
    e.ownerPointer === ''
      ? object({
          additional: false,
          properties: {
            'file-picker': object({
              required: ['open'],
              additional: false,
              properties: {
                open: operationCall,
                browse: operationCall,
                'value-title': isString,
                'value-collection': isString,
                'value-folder-property': isString,
                'value-media-property': isString,
              },
            }),
            testConnection: object({
              required: ['operationId'],
              additional: false,
              properties: {
                operationId: isString,
                parameters: (v) =>
                  isObject(v) && 'parameter' in v ? 'must hold literal values only' : mapOf(anything)(v),
              },
            }),
          },
        })(e.value)
      : object({ additional: false, properties: { chunkTransfer: isBoolean } })(e.value),
  'x-ms-connector-metadata': (e) =>
    arrayOf(
      object({
        required: ['propertyName', 'propertyValue'],
        properties: { propertyName: isString, propertyValue: isString },
      }),
    )(e.value),
  'x-ms-pageable': (e) =>
    object({ required: ['nextLinkName'], additional: false, properties: { nextLinkName: isString } })(e.value),
  'x-ms-notification': (e) =>
    object({ required: ['operationId'], additional: false, properties: { operationId: isString } })(e.value),
  'x-ms-notification-url': (e) => isBoolean(e.value),
  'x-ms-notification-content': (e) => object({ properties: { schema: anything, description: isString } })(e.value),
  'x-ms-safe-operation': (e) => isBoolean(e.value),
  'x-ms-no-generic-test': (e) => isBoolean(e.value),
  'x-ms-summary': (e) => isString(e.value),
  'x-ms-test-value': () => undefined,
  'x-ms-enum-values': (e) =>
    arrayOf(
      object({
        required: ['value', 'displayName'],
        additional: false,
        properties: { value: anything, displayName: isString },
      }),
    )(e.value),
  'x-ms-localizeDefaultValue': (e) => isBoolean(e.value),
  'x-ms-media-kind': (e) => oneOf('image', 'audio')(e.value),
  'x-ms-url-encoding': (e) => oneOf('double', 'single')(e.value),
  'x-ms-skip-url-encoding': (e) => isBoolean(e.value),
  'x-ms-parameter-location': (e) => oneOf('client', 'method')(e.value),
  // AutoRest's x-ms-enum, ignored by Power Platform: the schema lists name/modelAsString; AutoRest's `values` is tolerated.
  'x-ms-enum': (e) => object({ properties: { name: isString, modelAsString: isBoolean } })(e.value),
  'x-ms-api-annotation': (e) =>
    e.ownerPointer === '/info'
      ? object({ additional: false, properties: { status } })(e.value)
      : object({
          additional: false,
          properties: {
            family: isString,
            revision: (v) =>
              typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'must be an integer ≥ 1',
            status,
            replacement: object({ additional: false, properties: { api: isString, operationId: isString } }),
          },
        })(e.value),
  'x-ms-deployment-version': (e) =>
    typeof e.value === 'string' && /^\d+(\.\d+)+$/.test(e.value) ? undefined : 'must be a dotted version like "1.0"',
  'x-ms-docs': (e) =>
    arrayOf(
      object({
        required: ['url', 'description'],
        additional: false,
        properties: { url: isString, description: isString },
      }),
      1,
    )(e.value),
  'x-ms-operation-context': (e) =>
    object({
      required: ['simulate'],
      additional: false,
      properties: { simulate: operationCall },
    })(e.value),
};
