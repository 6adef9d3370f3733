/**
 * Pass: rewrites every schema of a 3.x document for an older target — 3.1 JSON Schema to the 3.0
 * schema dialect, and 3.x schemas to the Swagger 2.0 dialect — recording what has no equivalent.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { pointerOf, type Slot, setSlot, slotValue, walkDocumentSchemas } from '../walker.ts';

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
    walkDocumentSchemas(context.document, context.from, downgradeSchemaSlot, context, context.shared);
  },
};

/** Downgrades the schema held in one slot (not its subschemas, which the walker visits next). */
export function downgradeSchemaSlot(slot: Slot, context: ConvertContext): void {
  const to2 = context.to === '2.0';
  let value = slotValue(slot);
  if (typeof value === 'boolean') {
    const replacement: JsonObject = value || to2 ? {} : { not: {} };
    if (!value) {
      context.loss(
        'json-schema-keyword',
        pointerOf(slot),
        'The boolean schema false is JSON Schema 2020-12 only.',
        to2 ? 'replaced by an empty schema' : 'replaced by {"not": {}}',
      );
    }
    setSlot(slot, replacement);
    value = replacement;
  }
  if (!isObject(value)) return;
  const schema = value;
  // Most schemas hold none of the keywords a downgrade rewrites: one look at their keys tells.
  let found = keywordsIn(schema);
  if (context.from === '3.1' && (found & FROM_31) !== 0) {
    downgradeFrom31(context, schema, slot);
    found = keywordsIn(schema);
  }
  if (to2 && (found & TO_2) !== 0) downgradeTo2(context, schema, slot);
  if ((found & TYPE) !== 0 && schema.type === 'array' && schema.items === undefined && typeof schema.$ref !== 'string')
    schema.items = {};
}

/** Which groups of keywords a downgrade may rewrite: those only 3.1 has, those 2.0 lacks, `type`. */
const FROM_31 = 1;
const TO_2 = 2;
const TYPE = 4;
const KEYWORD_GROUPS = new Map<string, number>();
for (const keyword of [
  '$ref',
  'type',
  'oneOf',
  'anyOf',
  'const',
  'examples',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'contentEncoding',
  'contentMediaType',
  ...DROPPED_31_KEYWORDS,
])
  KEYWORD_GROUPS.set(keyword, FROM_31);
for (const keyword of ['nullable', 'oneOf', 'anyOf', 'required', 'not', 'writeOnly', 'deprecated', 'discriminator'])
  KEYWORD_GROUPS.set(keyword, (KEYWORD_GROUPS.get(keyword) ?? 0) | TO_2);
KEYWORD_GROUPS.set('type', (KEYWORD_GROUPS.get('type') ?? 0) | TYPE);

/** The groups of the schema's keywords (a necessary condition for each rewrite, checked in full after). */
function keywordsIn(schema: JsonObject): number {
  let found = 0;
  for (const key in schema) found |= KEYWORD_GROUPS.get(key) ?? 0;
  return found;
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
  const to2 = context.to === '2.0';
  // A $ref with siblings: 3.1 applies both, older versions ignore the siblings.
  if (typeof schema.$ref === 'string') {
    const siblings = Object.keys(schema).filter((k) => k !== '$ref' && !k.startsWith('x-'));
    const meaningful = siblings.filter((k) => k !== 'description' && k !== 'summary' && k !== 'title');
    if (meaningful.length > 0) {
      const ref = schema.$ref;
      delete schema.$ref;
      context.reusing(schema.allOf);
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
      if (Array.isArray(schema.enum) && schema.enum.length > 1) {
        context.reusing(schema.enum);
        schema.enum = schema.enum.filter((v) => v !== null);
      }
    }
    if (types.length === 1) schema.type = types[0]!;
    else delete schema.type;
    if (types.length > 1 && !to2) {
      const branches: JsonValue[] = types.map((t) => ({ type: t }));
      if (Array.isArray(schema.anyOf)) {
        context.reusing(schema.allOf);
        schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), { anyOf: branches }];
      } else schema.anyOf = branches;
    }
    if (to2 || types.length > 1) {
      context.loss(
        'type-array',
        childPointer(pointerOf(slot), 'type'),
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
      childPointer(pointerOf(slot), 'type'),
      'type "null" has no equivalent.',
      'nullable schema whose only value is null',
    );
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || !branches.some(isNullBranch)) continue;
    context.reusing(branches);
    const rest = branches.filter((b) => !isNullBranch(b));
    markNullable(context, schema);
    if (to2) {
      context.loss(
        'nullable',
        childPointer(pointerOf(slot), key),
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
      childPointer(pointerOf(slot), 'const'),
      'const is JSON Schema 2020-12 only.',
      'replaced by a one-value enum',
    );
  }
  if (Array.isArray(schema.examples)) {
    const examples = schema.examples;
    delete schema.examples;
    context.reusing(examples);
    if (examples.length > 0 && schema.example === undefined) schema.example = examples[0]!;
    if (examples.length > 1) {
      context.loss(
        'json-schema-keyword',
        childPointer(pointerOf(slot), 'examples'),
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
        childPointer(pointerOf(slot), encoding !== undefined ? 'contentEncoding' : 'contentMediaType'),
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
      childPointer(pointerOf(slot), keyword),
      `${keyword} is JSON Schema 2020-12 only.`,
      'dropped',
    );
  }
}

function downgradeTo2(context: ConvertContext, schema: JsonObject, slot: Slot): void {
  if (schema.nullable !== undefined) {
    const nullable = schema.nullable;
    delete schema.nullable;
    if (nullable === true) {
      schema['x-nullable'] = true;
      // Only a 3.1 type array (downgradeFrom31) records type-array losses.
      if (context.from !== '3.1' || !context.hasLoss('type-array', childPointer(pointerOf(slot), 'type'))) {
        context.loss(
          'nullable',
          childPointer(pointerOf(slot), 'nullable'),
          'Swagger 2.0 has no nullable.',
          'x-nullable: true',
        );
      }
    }
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (branches === undefined) continue;
    delete schema[key];
    if (!Array.isArray(branches)) continue;
    context.reusing(branches);
    const rest = branches.filter((b) => {
      const nullish = isObject(b) && b.nullable === true && Object.keys(b).every((k) => k === 'nullable');
      if (nullish) schema['x-nullable'] = true;
      return !nullish;
    });
    if (rest.length === 1) {
      context.reusing(schema.allOf);
      schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), rest[0]!];
      context.loss(
        key,
        childPointer(pointerOf(slot), key),
        `Swagger 2.0 has no ${key}.`,
        'its only branch became an allOf member',
      );
    } else if (rest.length > 1) {
      schema[`x-${key}`] = rest;
      context.loss(
        key,
        childPointer(pointerOf(slot), key),
        `Swagger 2.0 has no ${key}.`,
        `kept as x-${key}; the schema accepts any value`,
      );
    }
  }
  if (schema.type === 'object' && Array.isArray(schema.required)) keepDeclaredRequired(context, schema, slot);
  if (schema.not !== undefined) {
    schema['x-not'] = schema.not;
    delete schema.not;
    context.loss(
      'not',
      childPointer(pointerOf(slot), 'not'),
      'Swagger 2.0 has no not.',
      'kept as x-not and not enforced',
    );
  }
  if (schema.writeOnly !== undefined) {
    schema['x-writeOnly'] = schema.writeOnly;
    delete schema.writeOnly;
    context.loss(
      'readOnly-writeOnly',
      childPointer(pointerOf(slot), 'writeOnly'),
      'Swagger 2.0 has no writeOnly.',
      'kept as x-writeOnly',
    );
  }
  if (schema.deprecated !== undefined) {
    schema['x-deprecated'] = schema.deprecated;
    delete schema.deprecated;
    context.loss(
      'schema-deprecated',
      childPointer(pointerOf(slot), 'deprecated'),
      'Swagger 2.0 schemas have no deprecated.',
      'kept as x-deprecated',
    );
  }
  if (isObject(schema.discriminator)) {
    const discriminator = schema.discriminator;
    context.reusing(discriminator);
    if (typeof discriminator.propertyName === 'string') schema.discriminator = discriminator.propertyName;
    else delete schema.discriminator;
    if (discriminator.mapping !== undefined) {
      schema['x-discriminator-mapping'] = discriminator.mapping;
      context.loss(
        'discriminator-mapping',
        childPointer(pointerOf(slot), 'discriminator', 'mapping'),
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
function keepDeclaredRequired(context: ConvertContext, schema: JsonObject, slot: Slot): void {
  const required = (schema.required as JsonValue[]).filter((n): n is string => typeof n === 'string');
  // The usual case, names the schema declares itself, needs no search through allOf and references.
  const own = typeof schema.$ref !== 'string' && isObject(schema.properties) ? schema.properties : undefined;
  if (own !== undefined && required.every((name) => Object.hasOwn(own, name))) return;
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
    childPointer(pointerOf(slot), 'required'),
    branches !== undefined
      ? `Required ${missing.join(', ')} are declared only in the ${branches} branches.`
      : `Required ${missing.join(', ')} are declared by no property; Swagger 2.0 validators reject that.`,
    'kept as x-required',
  );
}
