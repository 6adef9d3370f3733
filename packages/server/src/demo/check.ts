// Checks values against the demo document's schemas, so the API enforces exactly what it documents.
import { type DemoSchema, schemas } from './document.ts';

/** One validation problem: where (JSON Pointer inside the value) and what. */
export interface Issue {
  pointer: string;
  message: string;
}

function resolve(schema: DemoSchema): DemoSchema {
  if (!schema.$ref) return schema;
  const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
  if (!target) throw new Error(`demo document has a dangling $ref ${schema.$ref}`);
  return target;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Validates `value` against a schema of the demo document and returns every problem found. */
export function check(value: unknown, schemaOrRef: DemoSchema, pointer = ''): Issue[] {
  const schema = resolve(schemaOrRef);
  const issues: Issue[] = [];
  const add = (message: string, at = pointer) => issues.push({ pointer: at, message });
  const actual = typeOf(value);
  if (schema.type) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) {
      add(
        `must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, not ${actual}`,
      );
      return issues;
    }
  }
  if (schema.enum && !schema.enum.includes(value as string | number)) add(`must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) add('must be a finite number');
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`must be at most ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      add(`must have at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      add(`must have at most ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) add(`must match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(`must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(`must have at most ${schema.maxItems} items`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      add('must not repeat items');
    if (schema.items)
      for (const [i, item] of value.entries())
        issues.push(...check(item, schema.items as DemoSchema, `${pointer}/${i}`));
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties)
      add(`must have at least ${schema.minProperties} field(s)`);
    for (const name of schema.required ?? [])
      if (!(name in record)) add('is required', `${pointer}/${escapeKey(name)}`);
    for (const key of keys) {
      const property = schema.properties?.[key];
      if (property) issues.push(...check(record[key], property, `${pointer}/${escapeKey(key)}`));
      else if (schema.additionalProperties === false) add('is not a known field', `${pointer}/${escapeKey(key)}`);
    }
  }
  return issues;
}
