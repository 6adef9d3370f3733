/** Tells Swagger 2.0 / OpenAPI 3.0 / 3.1 apart, and names what a non-OpenAPI document looks like. */
import { isObject } from '../pointer.ts';
import type { OasVersion } from '../types.ts';
import { DefinitionError } from './errors.ts';

export interface DetectedVersion {
  family: OasVersion;
  /** The version as written (`"2.0"`, `"3.0.3"`, `"3.1.0"`). */
  version: string;
  /** Set when Portico read the version leniently (e.g. 3.2 read as 3.1, or an unquoted number). */
  note?: string;
}

const EXPECTED =
  'Portico expects an OpenAPI definition: a JSON or YAML object with `openapi: 3.0.x` or `3.1.x` at the top, or `swagger: "2.0"`';

/** Guesses what kind of document a non-OpenAPI value is, for the error message. */
function lookalike(value: Record<string, unknown>): string | undefined {
  const info = isObject(value.info) ? value.info : undefined;
  if (typeof value.swaggerVersion === 'string' || typeof value.swaggerVersion === 'number') {
    return `a Swagger ${value.swaggerVersion} document (that version predates OpenAPI; convert it to 2.0 or 3.x first, e.g. with api-spec-converter)`;
  }
  if (value.asyncapi !== undefined)
    return 'an AsyncAPI document (it describes message-driven APIs, not HTTP operations)';
  if (value.openrpc !== undefined) return 'an OpenRPC document';
  if (typeof info?._postman_id === 'string' || (typeof info?.schema === 'string' && info.schema.includes('postman'))) {
    return 'a Postman collection (export an OpenAPI definition instead, or convert the collection)';
  }
  if (typeof value.$schema === 'string' && /json-schema/.test(value.$schema)) {
    return 'a JSON Schema (a schema describes data; an OpenAPI definition describes the API that uses it)';
  }
  if (typeof value.name === 'string' && typeof value.version === 'string') {
    if (['dependencies', 'devDependencies', 'scripts', 'main', 'exports'].some((k) => k in value)) {
      return 'an npm package.json';
    }
  }
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string') return 'a Kubernetes manifest';
  if (value.paths !== undefined && value.openapi === undefined && value.swagger === undefined) {
    return 'an OpenAPI definition without its version field (add `openapi: 3.0.3`, or `swagger: "2.0"` for Swagger)';
  }
  if ((value.type !== undefined || value.properties !== undefined || value.definitions !== undefined) && !value.paths) {
    return 'a JSON Schema (a schema describes data; an OpenAPI definition describes the API that uses it)';
  }
  return undefined;
}

function unsupported(uri: string, field: string, raw: unknown, supported: string): DefinitionError {
  return new DefinitionError(
    'unsupported-version',
    `${uri}: \`${field}: ${JSON.stringify(raw)}\` is not a version Portico reads (${supported}); change it to a supported version or convert the definition.`,
    { uri, pointer: `/${field}` },
  );
}

/** Reads `swagger` / `openapi` and returns the family; throws DefinitionError for anything else. */
export function detectVersion(value: unknown, uri = '<input>'): DetectedVersion {
  if (!isObject(value)) {
    throw new DefinitionError('not-openapi', `${uri} is not an object; ${EXPECTED}.`, { uri });
  }
  const numeric = (raw: unknown) => typeof raw === 'number';
  const quoteNote = (field: string, raw: unknown) =>
    `\`${field}\` is the number ${raw}, not a string; quote it (\`${field}: "${raw}"\`) because YAML turns 3.0 into 3`;
  if (value.swagger !== undefined) {
    const raw = value.swagger;
    if (raw === '2.0') return { family: '2.0', version: '2.0' };
    if (raw === 2) return { family: '2.0', version: '2.0', note: quoteNote('swagger', '2.0') };
    throw unsupported(uri, 'swagger', raw, 'Swagger "2.0", OpenAPI 3.0.x and 3.1.x');
  }
  if (value.openapi !== undefined) {
    const raw = value.openapi;
    const text = numeric(raw) ? (Number.isInteger(raw) ? `${raw}.0` : String(raw)) : raw;
    if (typeof text === 'string') {
      const match = /^3\.([0-9]+)(\.[0-9]+)?(-[0-9A-Za-z.-]+)?$/.exec(text);
      const minor = match ? Number(match[1]) : -1;
      const notes: string[] = [];
      if (numeric(raw)) notes.push(quoteNote('openapi', text));
      else if (match && match[2] === undefined)
        notes.push(`\`openapi: "${text}"\` lacks the patch number; write e.g. "${text}.0"`);
      if (minor === 0 || minor === 1 || minor === 2) {
        if (minor === 2) notes.push(`OpenAPI ${text} is read as 3.1 (3.2 adds little Portico uses)`);
        const family: OasVersion = minor === 0 ? '3.0' : '3.1';
        return notes.length > 0 ? { family, version: text, note: notes.join('; ') } : { family, version: text };
      }
    }
    throw unsupported(uri, 'openapi', raw, 'OpenAPI 3.0.x and 3.1.x, or Swagger "2.0"');
  }
  const looks = lookalike(value);
  const what = looks === undefined ? 'has neither an `openapi` nor a `swagger` field' : `looks like ${looks}`;
  throw new DefinitionError('not-openapi', `${uri} ${what}; ${EXPECTED}.`, { uri });
}
