/**
 * Passes that rewrite schemas for a newer target: 2.0 → 3.0 (x-nullable, file, string
 * discriminators, the x-oneOf/x-anyOf/x-not/x-required kept by a downgrade) and 3.0 → 3.1 (nullable → type
 * arrays, boolean exclusive bounds → numbers, example → examples).
 */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { type Slot, slotValue, walkDocumentSchemas } from '../walker.ts';

/** Upgrades one Swagger 2.0 schema object in place to the 3.0 dialect. */
export function upgradeSchemaFrom2(schema: JsonObject, context?: ConvertContext): void {
  if (schema['x-nullable'] !== undefined) {
    if (schema['x-nullable'] === true) schema.nullable = true;
    delete schema['x-nullable'];
  }
  if (schema.type === 'file') {
    schema.type = 'string';
    schema.format = 'binary';
  }
  if (typeof schema.discriminator === 'string') {
    const discriminator: JsonObject = { propertyName: schema.discriminator };
    if (isObject(schema['x-discriminator-mapping'])) discriminator.mapping = schema['x-discriminator-mapping'];
    delete schema['x-discriminator-mapping'];
    schema.discriminator = discriminator;
  }
  if (Array.isArray(schema['x-required'])) {
    const extra = schema['x-required'];
    delete schema['x-required'];
    context?.reusing(extra);
    context?.reusing(schema.required);
    schema.required = [...(Array.isArray(schema.required) ? schema.required : []), ...extra];
  }
  for (const key of ['oneOf', 'anyOf', 'not', 'writeOnly', 'deprecated'] as const) {
    const extension = `x-${key}`;
    if (schema[extension] !== undefined && schema[key] === undefined) {
      schema[key] = schema[extension]!;
      delete schema[extension];
    }
  }
}

/** Upgrades one 3.0 schema object in place to the 3.1 (JSON Schema 2020-12) dialect. */
export function upgradeSchemaTo31(schema: JsonObject, context?: ConvertContext): void {
  if (schema.nullable !== undefined) {
    const nullable = schema.nullable === true;
    delete schema.nullable;
    if (nullable) {
      if (typeof schema.type === 'string') {
        schema.type = [schema.type, 'null'];
        if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
          context?.reusing(schema.enum);
          schema.enum = [...schema.enum, null];
        }
      } else if (Array.isArray(schema.oneOf)) {
        context?.reusing(schema.oneOf);
        schema.oneOf = [...schema.oneOf, { type: 'null' }];
      } else if (Array.isArray(schema.anyOf)) {
        context?.reusing(schema.anyOf);
        schema.anyOf = [...schema.anyOf, { type: 'null' }];
      } else if (Array.isArray(schema.allOf) || typeof schema.$ref === 'string') {
        const inner: JsonObject = {};
        for (const key of ['$ref', 'allOf'] as const) {
          if (schema[key] !== undefined) {
            inner[key] = schema[key]!;
            delete schema[key];
          }
        }
        schema.anyOf = [inner, { type: 'null' }];
      }
    }
  }
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] === true && typeof schema[inclusive] === 'number') {
      schema[exclusive] = schema[inclusive]!;
      delete schema[inclusive];
    } else delete schema[exclusive];
  }
  if (schema.example !== undefined && schema.examples === undefined) {
    schema.examples = [schema.example] as JsonValue[];
    delete schema.example;
  }
}

export const schemaUpgradeFrom2: Pass = {
  name: 'schema-upgrade-from-2',
  run(context) {
    walkDocumentSchemas(context.document, '2.0', upgradeSlotFrom2, context, context.shared);
  },
};

export const schemaUpgradeTo31: Pass = {
  name: 'schema-upgrade-to-3.1',
  run(context) {
    walkDocumentSchemas(context.document, '3.0', upgradeSlotTo31, context, context.shared);
  },
};

function upgradeSlotFrom2(slot: Slot, context: ConvertContext): void {
  const schema = slotValue(slot);
  if (isObject(schema)) upgradeSchemaFrom2(schema, context);
}

function upgradeSlotTo31(slot: Slot, context: ConvertContext): void {
  const schema = slotValue(slot);
  if (isObject(schema)) upgradeSchemaTo31(schema, context);
}
