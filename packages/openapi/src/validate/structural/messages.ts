/** Readable one-sentence messages for (collapsed) ajv errors, and the pointer each one is about. */
import type { ErrorObject } from 'ajv';
import { childPointer, getAt, isObject, parsePointer } from '../../pointer.ts';
import type { OasVersion } from '../../types.ts';
import { ONE_OF_REQUIRED } from './collapse.ts';

/** The pointer a finding should carry: the offending property itself when ajv names it on its parent. */
export function errorPointer(error: ErrorObject): string {
  const extra = error.params.additionalProperty ?? error.params.unevaluatedProperty;
  return typeof extra === 'string' ? childPointer(error.instancePath, extra) : error.instancePath;
}

/** One sentence that says what is wrong at the error's place and what is expected instead. */
export function errorMessage(error: ErrorObject, document: unknown, version: OasVersion): string {
  const actual = getAt(document, error.instancePath);
  return capitalize(describe(error, actual, placeName(document, error.instancePath))) + hint(error, actual, version);
}

/** Domain advice for mistakes that the schema error alone does not explain. */
function hint(error: ErrorObject, actual: unknown, version: OasVersion): string {
  if (version === '3.0' && error.keyword === 'type' && error.instancePath.endsWith('/type') && Array.isArray(actual)) {
    return ' OpenAPI 3.0 does not allow a list of types: use one type with "nullable: true" (or upgrade to 3.1).';
  }
  return '';
}

function describe(error: ErrorObject, actual: unknown, name: string): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${name} is missing the required property "${String(p.missingProperty)}".`;
    case ONE_OF_REQUIRED: {
      const list = (p.properties as string[]).map((n) => `"${n}"`).join(', ');
      return p.mode === 'anyOf'
        ? `${name} must have at least one of the properties ${list}.`
        : `${name} must have exactly one of the properties ${list}.`;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const prop = String(p.additionalProperty ?? p.unevaluatedProperty);
      if (error.instancePath === '/paths' && !prop.startsWith('x-')) return `path "${prop}" must start with "/".`;
      if (error.instancePath.endsWith('/responses') && !prop.startsWith('x-')) {
        const ranges = Object.keys(patternProperties(error.parentSchema)).some((pattern) => pattern.includes('X'));
        return `response code "${prop}" is not valid; use a status code from 100 to 599${ranges ? ', a range such as 4XX' : ''} or "default".`;
      }
      return `Property "${prop}" is not allowed in ${name}${allowedNames(error.parentSchema)}.`;
    }
    case 'enum': {
      const allowed = p.allowedValues as unknown[];
      if (allowed.length === 1) return `${name} must be ${show(allowed[0])}, not ${show(actual)}.`;
      return `${name} must be one of ${allowed.map(show).join(', ')}, not ${show(actual)}.`;
    }
    case 'const':
      return `${name} must be ${show(p.allowedValue)}, not ${show(actual)}.`;
    case 'type':
      return `${name} must be ${typeList(String(p.type))}, not ${typeOf(actual)}.`;
    case 'format':
      return `${name} must be a valid ${String(p.format)}, not ${show(actual)}.`;
    case 'pattern':
      return `${name} must match the pattern ${String(p.pattern)}, not ${show(actual)}.`;
    case 'not': {
      const forbidden = isObject(error.schema) && Array.isArray(error.schema.required) ? error.schema.required : [];
      if (forbidden.length === 1) return `${name} must not have the property "${String(forbidden[0])}" here.`;
      if (forbidden.length > 1) return `${name} must not have both ${forbidden.map((n) => `"${n}"`).join(' and ')}.`;
      return `${name} is not allowed here.`;
    }
    case 'uniqueItems':
      return `${name} must not list the same item twice.`;
    case 'false schema':
      return `${name} is not allowed here.`;
    case 'oneOf':
      if (Array.isArray(p.passingSchemas)) {
        return `${name} matches more than one of the allowed forms; it must match exactly one.`;
      }
      return `${name} does not match any of the allowed forms.`;
    case 'anyOf':
      return `${name} does not match any of the allowed forms.`;
    default:
      return `${name} ${error.message ?? 'is invalid'}.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `"in"` for a property, `"parameters[2]"` for an array item, `the document` for the root. */
function placeName(document: unknown, pointer: string): string {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return 'the document';
  const last = tokens[tokens.length - 1]!;
  const parent = getAt(document, tokens.slice(0, -1));
  if (Array.isArray(parent) && tokens.length > 1) return `"${tokens[tokens.length - 2]}[${last}]"`;
  if (
    tokens.length > 1 &&
    /^(paths|responses|properties|definitions|schemas|parameters)$/.test(tokens[tokens.length - 2]!)
  ) {
    return `${tokens[tokens.length - 2]} entry "${last}"`;
  }
  return `"${last}"`;
}

function patternProperties(schema: unknown): object {
  return isObject(schema) && isObject(schema.patternProperties) ? schema.patternProperties : {};
}

function allowedNames(parentSchema: unknown): string {
  const patterns = Object.keys(patternProperties(parentSchema));
  if (patterns.length === 0) return '';
  const names = patterns.map((pattern) =>
    pattern === '^x-' ? 'x-…' : pattern === '^\\/' || pattern === '^/' ? '/…' : pattern,
  );
  return ` (besides its known properties, names must look like ${names.join(' or ')})`;
}

function typeList(types: string): string {
  const words = types.split(',').map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'an array' : `a ${t}`));
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'a number' : `a ${typeof value}`} (${show(value)})`;
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
