/** PARSE: JSON or YAML text → one JSON object, with clear errors and lazy source positions. */
import type { JsonObject, JsonValue, SourcePosition } from '../types.ts';
import { type AliasLimits, defaultAliasLimits, expandAliases } from './aliases.ts';
import { DEFAULT_MAX_BYTES, decodeInput } from './decode.ts';
import { DefinitionError } from './errors.ts';
import { assertNoDuplicateJsonKeys, jsonSyntaxError } from './json.ts';
import { jsonSeeker } from './json-seek.ts';
import { LineIndex } from './lines.ts';
import { offsetOf, type PosIndex } from './position-tree.ts';
import { loadYaml } from './yaml.ts';
import { scanYaml } from './yaml-index.ts';

export type { AliasLimits } from './aliases.ts';
export { DEFAULT_MAX_BYTES } from './decode.ts';
export { DefinitionError, type DefinitionErrorCode, type DefinitionErrorDetails } from './errors.ts';
export { type DetectedVersion, detectVersion } from './version.ts';

export interface ParseOptions {
  /** Where the text came from (file URL, https URL, path); named in errors and used as the $ref base. */
  uri?: string;
  /** Largest accepted size in UTF-8 bytes; default 50 MiB. */
  maxBytes?: number;
  /** YAML alias limits; defaults from defaultAliasLimits(). */
  aliases?: Partial<AliasLimits>;
}

/** A parsed text. `T` is JsonObject for definitions; files reached by $ref may hold any JSON value. */
export interface ParsedDocument<T extends JsonValue = JsonObject> {
  /** The parsed value (a plain tree: YAML aliases are expanded). */
  value: T;
  format: 'json' | 'yaml';
  uri: string;
  /** The decoded text (without BOM) that positions refer to. */
  text: string;
  /** 1-based line/column of what a JSON Pointer designates: the key of an object member, else the value. */
  locate(pointer: string): SourcePosition | undefined;
}

/** Placeholder URI for text that came from nowhere in particular. */
export const DEFAULT_URI = '<input>';

function firstContent(text: string): number {
  const m = /[^\s]/.exec(text);
  return m ? m.index : -1;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

function notObject(uri: string, value: unknown, text: string): DefinitionError {
  const kind = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
  const hint = looksLikeHtml(text)
    ? ' It looks like an HTML or XML page (a login page or an error page?), not a definition; check the URL.'
    : '';
  return new DefinitionError(
    'not-object',
    `${uri} contains ${kind}, but an OpenAPI definition is an object (a mapping of keys such as \`openapi\`, \`info\` and \`paths\`).${hint} Point Portico at the definition file itself.`,
    { uri },
  );
}

function emptyError(uri: string): DefinitionError {
  return new DefinitionError(
    'empty',
    `${uri} is empty (or holds only comments); give Portico a JSON or YAML file with an OpenAPI definition.`,
    { uri },
  );
}

/**
 * Builds the locate() of a document: JSON (already accepted by JSON.parse) is searched along each pointer,
 * YAML's position index is built on first use; both are kept.
 */
function lazyLocator(text: string, format: 'json' | 'yaml'): (pointer: string) => SourcePosition | undefined {
  let index: PosIndex | null | undefined;
  let lines: LineIndex | undefined;
  let seek: ((pointer: string) => number | undefined) | undefined;
  return (pointer) => {
    if (format === 'json') {
      seek ??= jsonSeeker(text);
      const offset = seek(pointer);
      if (offset === undefined) return undefined;
      lines ??= new LineIndex(text);
      return lines.position(offset);
    }
    if (index === undefined) {
      try {
        index = scanYaml(text).index;
      } catch {
        index = null;
      }
    }
    if (index === null) return undefined;
    const offset = offsetOf(index, pointer);
    if (offset === undefined) return undefined;
    lines ??= new LineIndex(text);
    return lines.position(offset);
  };
}

function parseYamlValue(text: string, uri: string, aliases: AliasLimits): unknown {
  const value = loadYaml(text, uri);
  if (value === null || value === undefined) {
    if (/^\s*(#[^\n]*)?(\s*#[^\n]*)*\s*$/.test(text.replace(/^(---|\.\.\.)\s*$/gm, ''))) throw emptyError(uri);
    return value;
  }
  if (typeof value !== 'object') return value;
  return expandAliases(value as JsonValue, aliases, uri);
}

/** Parses JSON or YAML (detected by content) to any JSON value; for files reached by $ref. Throws DefinitionError. */
export function parseSource(input: string | Uint8Array, options: ParseOptions = {}): ParsedDocument<JsonValue> {
  const uri = options.uri ?? DEFAULT_URI;
  const text = decodeInput(input, uri, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const start = firstContent(text);
  if (start < 0) throw emptyError(uri);
  const aliases = { ...defaultAliasLimits(text.length), ...options.aliases };
  const first = text.charCodeAt(start);
  let format: 'json' | 'yaml' = 'yaml';
  let value: unknown;
  if (first === 123 || first === 91) {
    try {
      value = JSON.parse(text);
      format = 'json';
    } catch (jsonError) {
      // Flow-style YAML (comments, unquoted keys) also starts with a bracket; report JSON errors if YAML fails too,
      // and always for a file named *.json.
      if (/\.json([?#].*)?$/i.test(uri)) throw jsonSyntaxError(text, uri, jsonError);
      try {
        value = parseYamlValue(text, uri, aliases);
      } catch (yamlError) {
        if (yamlError instanceof DefinitionError && yamlError.code !== 'yaml-syntax') throw yamlError;
        throw jsonSyntaxError(text, uri, jsonError);
      }
    }
    if (format === 'json') assertNoDuplicateJsonKeys(text, value as JsonValue, uri);
  } else {
    value = parseYamlValue(text, uri, aliases);
  }
  if (value === undefined) throw emptyError(uri);
  return { value: value as JsonValue, format, uri, text, locate: lazyLocator(text, format) };
}

/** Parses a JSON or YAML definition (detected by content) into a JSON object; throws DefinitionError. */
export function parseDefinition(input: string | Uint8Array, options: ParseOptions = {}): ParsedDocument {
  const parsed = parseSource(input, options);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw notObject(parsed.uri, value, parsed.text);
  return { ...parsed, value };
}
