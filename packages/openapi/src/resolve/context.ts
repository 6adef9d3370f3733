/** Which kind of OpenAPI object sits at a pointer, and where such objects go in the components area. */

import { ARRAY_SUBSCHEMA_KEYWORDS, MAP_SUBSCHEMA_KEYWORDS, SINGLE_SUBSCHEMA_KEYWORDS } from '../schema-keywords.ts';
import type { OasVersion } from '../types.ts';

export type ObjectKind =
  | 'schema'
  | 'parameter'
  | 'response'
  | 'requestBody'
  | 'header'
  | 'example'
  | 'link'
  | 'callback'
  | 'pathItem'
  | 'securityScheme';

type State = ObjectKind | 'root' | 'map' | 'list' | 'operation' | 'mediaType' | 'encoding' | 'components' | 'other';

/** A state plus, for maps and lists, the kind of their entries. */
interface Place {
  state: State;
  entry?: State;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);
const SCHEMA_MAPS = new Set<string>(MAP_SUBSCHEMA_KEYWORDS);
const SCHEMA_LISTS = new Set<string>(ARRAY_SUBSCHEMA_KEYWORDS);
const SCHEMA_ONE = new Set<string>(SINGLE_SUBSCHEMA_KEYWORDS);
const COMPONENT_KINDS: Record<string, ObjectKind> = {
  schemas: 'schema',
  responses: 'response',
  parameters: 'parameter',
  examples: 'example',
  requestBodies: 'requestBody',
  headers: 'header',
  securitySchemes: 'securityScheme',
  links: 'link',
  callbacks: 'callback',
  pathItems: 'pathItem',
};

const KINDS = new Set<State>(Object.values(COMPONENT_KINDS));

const map = (entry: State): Place => ({ state: 'map', entry });

function step(family: OasVersion, at: Place, token: string): Place {
  switch (at.state) {
    case 'root':
      if (token === 'paths' || token === 'webhooks') return map('pathItem');
      if (token === 'components') return { state: 'components' };
      if (family === '2.0' && token === 'definitions') return map('schema');
      if (family === '2.0' && token === 'parameters') return map('parameter');
      if (family === '2.0' && token === 'responses') return map('response');
      return { state: 'other' };
    case 'components': {
      const kind = COMPONENT_KINDS[token];
      return kind === undefined ? { state: 'other' } : map(kind);
    }
    case 'map':
      return { state: at.entry ?? 'other' };
    case 'list':
      return /^[0-9]+$/.test(token) ? { state: at.entry ?? 'other' } : { state: 'other' };
    case 'pathItem':
      if (METHODS.has(token)) return { state: 'operation' };
      if (token === 'parameters') return { state: 'list', entry: 'parameter' };
      return { state: 'other' };
    case 'operation':
      if (token === 'parameters') return { state: 'list', entry: 'parameter' };
      if (token === 'requestBody') return { state: 'requestBody' };
      if (token === 'responses') return map('response');
      if (token === 'callbacks') return map('callback');
      return { state: 'other' };
    case 'callback':
      return { state: 'pathItem' };
    case 'parameter':
    case 'header':
      if (token === 'schema') return { state: 'schema' };
      if (token === 'content') return map('mediaType');
      if (token === 'examples') return map('example');
      return { state: 'other' };
    case 'requestBody':
      return token === 'content' ? map('mediaType') : { state: 'other' };
    case 'mediaType':
      if (token === 'schema') return { state: 'schema' };
      if (token === 'examples') return map('example');
      if (token === 'encoding') return map('encoding');
      return { state: 'other' };
    case 'encoding':
      return token === 'headers' ? map('header') : { state: 'other' };
    case 'response':
      if (token === 'headers') return map('header');
      if (token === 'content') return map('mediaType');
      if (token === 'links') return map('link');
      if (token === 'schema') return { state: 'schema' };
      return { state: 'other' };
    case 'schema':
      if (SCHEMA_MAPS.has(token)) return map('schema');
      if (SCHEMA_LISTS.has(token)) return { state: 'list', entry: 'schema' };
      if (SCHEMA_ONE.has(token)) return { state: 'schema' };
      // Draft-04 tuple `items: [ … ]` and similar arrays of schemas.
      if (/^[0-9]+$/.test(token)) return { state: 'schema' };
      return { state: 'other' };
    default:
      return { state: 'other' };
  }
}

/** The kind of OpenAPI object at a location of a document of the given family, when it is one. */
export function kindAt(family: OasVersion, tokens: readonly string[]): ObjectKind | undefined {
  let at: Place = { state: 'root' };
  for (const token of tokens) {
    at = step(family, at, token);
    if (at.state === 'other') return undefined;
  }
  return KINDS.has(at.state) ? (at.state as ObjectKind) : undefined;
}

/** Where bundled objects of a kind live (`['components','schemas']`, `['definitions']`), or undefined: inline them. */
export function areaFor(family: OasVersion, kind: ObjectKind): string[] | undefined {
  if (family === '2.0') {
    if (kind === 'schema') return ['definitions'];
    if (kind === 'parameter') return ['parameters'];
    if (kind === 'response') return ['responses'];
    return undefined;
  }
  if (kind === 'pathItem' && family === '3.0') return undefined;
  const area = Object.entries(COMPONENT_KINDS).find(([, k]) => k === kind)?.[0];
  return area === undefined ? undefined : ['components', area];
}

/** The kind implied by where a target sits in its own file (`/components/schemas/X`, `/definitions/X`). */
export function kindFromLocation(tokens: readonly string[]): ObjectKind | undefined {
  if (tokens[0] === 'components' && tokens.length >= 3) return COMPONENT_KINDS[tokens[1] as string];
  if (tokens[0] === 'definitions' && tokens.length >= 2) return 'schema';
  if (tokens[0] === 'parameters' && tokens.length === 2) return 'parameter';
  if (tokens[0] === 'responses' && tokens.length === 2) return 'response';
  return undefined;
}

/** Every component area of a family, e.g. `['components','schemas']` … or `['definitions']` for 2.0. */
export function componentAreas(family: OasVersion): string[][] {
  if (family === '2.0') return [['definitions'], ['parameters'], ['responses']];
  return Object.keys(COMPONENT_KINDS)
    .filter((area) => family === '3.1' || area !== 'pathItems')
    .map((area) => ['components', area]);
}

const SCHEMA_WORDS = [
  'type',
  'properties',
  'allOf',
  'oneOf',
  'anyOf',
  'items',
  'enum',
  'format',
  '$ref',
  'additionalProperties',
];

/** For a target met outside any known place (e.g. under an `x-` extension): a schema if it looks like one. */
export function guessKind(node: unknown): ObjectKind | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return SCHEMA_WORDS.some((word) => word in node) ? 'schema' : undefined;
}
