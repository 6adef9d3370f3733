/**
 * Pass: rewrites every schema of a 3.x document for an older target — 3.1 JSON Schema to the 3.0
 * schema dialect, and 3.x schemas to the Swagger 2.0 dialect — recording what has no equivalent.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { type Slot, setSlot, slotValue, walkDocumentSchemas } from '../walker.ts';

/** Keywords of JSON Schema 2020-12 that neither the 3.0 nor the 2.0 schema dialect has. */
const DROPPED_31_KEYWORDS = [
  'if',
  'then',
  'else',
  'prefixItems',
  '$defs',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'contentSchema',
  'patternProperties',
  'propertyNames',
  'contains',
  'minContains',
  'maxContains',
  '$id',
  '$schema',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$vocabulary',
  '$comment',
] as const;

export const schemaDowngrade: Pass = {
  name: 'schema-downgrade',
  run(context) {
    walkDocumentSchemas(context.document, context.from, (slot) => downgradeSchemaSlot(context, slot));
  },
};

/** Downgrades the schema held in one slot (not its subschemas, which the walker visits next). */
export function downgradeSchemaSlot(context: ConvertContext, slot: Slot): void {
  const to2 = context.to === '2.0';
  let value = slotValue(slot);
  if (typeof value === 'boolean') {
    const replacement: JsonObject = value || to2 ? {} : { not: {} };
    if (!value) {
      context.loss(
        'json-schema-keyword',
        slot.pointer,
        'The boolean schema false is JSON Schema 2020-12 only.',
        to2 ? 'replaced by an empty schema' : 'replaced by {"not": {}}',
      );
    }
    setSlot(slot, replacement);
    value = replacement;
  }
  if (!isObject(value)) return;
  const schema = value;
  if (context.from === '3.1') downgradeFrom31(context, schema, slot);
  if (to2) downgradeTo2(context, schema, slot.pointer);
  if (schema.type === 'array' && schema.items === undefined && typeof schema.$ref !== 'string') schema.items = {};
}

function isNullBranch(branch: JsonValue | undefined): boolean {
  return (
    isObject(branch) && branch.type === 'null' && Object.keys(branch).every((k) => k === 'type' || k === 'description')
  );
}

function markNullable(context: ConvertContext, schema: JsonObject): void {
  if (context.to === '2.0') schema['x-nullable'] = true;
  else schema.nullable = true;
}

function downgradeFrom31(context: ConvertContext, schema: JsonObject, slot: Slot): void {
  const pointer = slot.pointer;
  const to2 = context.to === '2.0';
  // A $ref with siblings: 3.1 applies both, older versions ignore the siblings.
  if (typeof schema.$ref === 'string') {
    const siblings = Object.keys(schema).filter((k) => k !== '$ref' && !k.startsWith('x-'));
    const meaningful = siblings.filter((k) => k !== 'description' && k !== 'summary' && k !== 'title');
    if (meaningful.length > 0) {
      const ref = schema.$ref;
      delete schema.$ref;
      const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
      schema.allOf = [{ $ref: ref }, ...allOf];
    }
    delete schema.summary;
  }
  const type = schema.type;
  if (Array.isArray(type)) {
    const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
    const hasNull = type.includes('null');
    if (hasNull) {
      markNullable(context, schema);
      // 3.0 nullable admits null whatever the enum says; 3.1 needs null listed (the upgrade adds it).
      if (Array.isArray(schema.enum) && schema.enum.length > 1) schema.enum = schema.enum.filter((v) => v !== null);
    }
    if (types.length === 1) schema.type = types[0]!;
    else delete schema.type;
    if (types.length > 1 && !to2) {
      const branches: JsonValue[] = types.map((t) => ({ type: t }));
      if (Array.isArray(schema.anyOf))
        schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), { anyOf: branches }];
      else schema.anyOf = branches;
    }
    if (to2 || types.length > 1) {
      context.loss(
        'type-array',
        childPointer(pointer, 'type'),
        `type ${JSON.stringify(type)} lists several types.`,
        to2
          ? `${hasNull ? 'x-nullable: true' : 'no nullability'}; ${types.length > 1 ? 'type dropped (any type accepted)' : `type ${types[0] ?? 'dropped'}`}`
          : `anyOf of one schema per type${hasNull ? ' with nullable: true' : ''}`,
      );
    }
  } else if (type === 'null') {
    delete schema.type;
    markNullable(context, schema);
    schema.enum = [null];
    context.loss(
      'type-array',
      childPointer(pointer, 'type'),
      'type "null" has no equivalent.',
      'nullable schema whose only value is null',
    );
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || !branches.some(isNullBranch)) continue;
    const rest = branches.filter((b) => !isNullBranch(b));
    markNullable(context, schema);
    if (to2) {
      context.loss(
        'nullable',
        childPointer(pointer, key),
        `A {"type": "null"} ${key} branch makes the schema nullable.`,
        'x-nullable: true',
      );
    }
    if (rest.length === 0) delete schema[key];
    else schema[key] = rest;
  }
  if (schema.const !== undefined) {
    const value = schema.const;
    delete schema.const;
    if (!Array.isArray(schema.enum)) schema.enum = [value];
    context.loss(
      'const',
      childPointer(pointer, 'const'),
      'const is JSON Schema 2020-12 only.',
      'replaced by a one-value enum',
    );
  }
  if (Array.isArray(schema.examples)) {
    const examples = schema.examples;
    delete schema.examples;
    if (examples.length > 0 && schema.example === undefined) schema.example = examples[0]!;
    if (examples.length > 1) {
      context.loss(
        'json-schema-keyword',
        childPointer(pointer, 'examples'),
        'A schema examples array holds several examples.',
        'first example kept as example',
      );
    }
  }
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const bound = schema[exclusive];
    if (typeof bound !== 'number') continue;
    const other = schema[inclusive];
    const stricter = typeof other !== 'number' || (exclusive === 'exclusiveMinimum' ? bound >= other : bound <= other);
    if (stricter) {
      schema[inclusive] = bound;
      schema[exclusive] = true;
    } else delete schema[exclusive];
  }
  if (schema.contentEncoding !== undefined || schema.contentMediaType !== undefined) {
    const encoding = schema.contentEncoding;
    const mediaType = schema.contentMediaType;
    delete schema.contentEncoding;
    delete schema.contentMediaType;
    if (schema.format === undefined && encoding === 'base64') schema.format = 'byte';
    else if (schema.format === undefined && mediaType !== undefined && encoding === undefined) schema.format = 'binary';
    else {
      context.loss(
        'json-schema-keyword',
        childPointer(pointer, encoding !== undefined ? 'contentEncoding' : 'contentMediaType'),
        'contentEncoding / contentMediaType have no equivalent.',
        'dropped',
      );
    }
  }
  for (const keyword of DROPPED_31_KEYWORDS) {
    if (schema[keyword] === undefined) continue;
    delete schema[keyword];
    context.loss(
      'json-schema-keyword',
      childPointer(pointer, keyword),
      `${keyword} is JSON Schema 2020-12 only.`,
      'dropped',
    );
  }
}

function downgradeTo2(context: ConvertContext, schema: JsonObject, pointer: string): void {
  if (schema.nullable !== undefined) {
    const nullable = schema.nullable;
    delete schema.nullable;
    if (nullable === true) {
      schema['x-nullable'] = true;
      if (!context.hasLoss('type-array', childPointer(pointer, 'type'))) {
        context.loss('nullable', childPointer(pointer, 'nullable'), 'Swagger 2.0 has no nullable.', 'x-nullable: true');
      }
    }
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (branches === undefined) continue;
    delete schema[key];
    if (!Array.isArray(branches)) continue;
    const rest = branches.filter((b) => {
      const nullish = isObject(b) && b.nullable === true && Object.keys(b).every((k) => k === 'nullable');
      if (nullish) schema['x-nullable'] = true;
      return !nullish;
    });
    if (rest.length === 1) {
      schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), rest[0]!];
      context.loss(
        key,
        childPointer(pointer, key),
        `Swagger 2.0 has no ${key}.`,
        'its only branch became an allOf member',
      );
    } else if (rest.length > 1) {
      schema[`x-${key}`] = rest;
      context.loss(
        key,
        childPointer(pointer, key),
        `Swagger 2.0 has no ${key}.`,
        `kept as x-${key}; the schema accepts any value`,
      );
    }
  }
  if (schema.type === 'object' && Array.isArray(schema.required)) keepDeclaredRequired(context, schema, pointer);
  if (schema.not !== undefined) {
    schema['x-not'] = schema.not;
    delete schema.not;
    context.loss('not', childPointer(pointer, 'not'), 'Swagger 2.0 has no not.', 'kept as x-not and not enforced');
  }
  if (schema.writeOnly !== undefined) {
    schema['x-writeOnly'] = schema.writeOnly;
    delete schema.writeOnly;
    context.loss(
      'readOnly-writeOnly',
      childPointer(pointer, 'writeOnly'),
      'Swagger 2.0 has no writeOnly.',
      'kept as x-writeOnly',
    );
  }
  if (schema.deprecated !== undefined) {
    schema['x-deprecated'] = schema.deprecated;
    delete schema.deprecated;
    context.loss(
      'schema-deprecated',
      childPointer(pointer, 'deprecated'),
      'Swagger 2.0 schemas have no deprecated.',
      'kept as x-deprecated',
    );
  }
  if (isObject(schema.discriminator)) {
    const discriminator = schema.discriminator;
    if (typeof discriminator.propertyName === 'string') schema.discriminator = discriminator.propertyName;
    else delete schema.discriminator;
    if (discriminator.mapping !== undefined) {
      schema['x-discriminator-mapping'] = discriminator.mapping;
      context.loss(
        'discriminator-mapping',
        childPointer(pointer, 'discriminator', 'mapping'),
        'Swagger 2.0 discriminators have no mapping.',
        'kept as x-discriminator-mapping',
      );
    }
  }
}

/** Property names a schema declares itself or through allOf (references followed, each schema once). */
function declaredProperties(context: ConvertContext, schema: JsonObject): Set<string> {
  const names = new Set<string>();
  const queue: Array<JsonValue | undefined> = [schema];
  const seen = new Set<object>();
  while (queue.length > 0) {
    const node = context.resolve(queue.pop());
    if (!isObject(node) || seen.has(node)) continue;
    seen.add(node);
    if (isObject(node.properties)) for (const name of Object.keys(node.properties)) names.add(name);
    if (Array.isArray(node.allOf)) queue.push(...node.allOf);
  }
  return names;
}

/**
 * Swagger 2.0 validators reject `required` names that no property declares (for instance once the
 * oneOf/anyOf branches that declared them are set aside): those names move to x-required.
 */
function keepDeclaredRequired(context: ConvertContext, schema: JsonObject, pointer: string): void {
  const required = (schema.required as JsonValue[]).filter((n): n is string => typeof n === 'string');
  const declared = declaredProperties(context, schema);
  const missing = required.filter((name) => !declared.has(name));
  if (missing.length === 0) return;
  const kept = required.filter((name) => declared.has(name));
  if (kept.length > 0) schema.required = kept;
  else delete schema.required;
  schema['x-required'] = missing;
  const branches = schema['x-oneOf'] !== undefined ? 'oneOf' : schema['x-anyOf'] !== undefined ? 'anyOf' : undefined;
  context.loss(
    branches ?? 'json-schema-keyword',
    childPointer(pointer, 'required'),
    branches !== undefined
      ? `Required ${missing.join(', ')} are declared only in the ${branches} branches.`
      : `Required ${missing.join(', ')} are declared by no property; Swagger 2.0 validators reject that.`,
    'kept as x-required',
  );
}
