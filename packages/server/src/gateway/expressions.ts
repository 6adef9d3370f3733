/**
 * The small expression language of policy templates, compiled once per connector:
 * `@connectionParameters('name'[, 'default'])`, `@headers('name')`, `@queryParameters('name')`,
 * `@body()…`, `@item()…`, `@triggerBody()…` with `.name`, `['name']` and `[0]` accessors, embedded in text
 * directly, as `@{…}` or as `{@…}`.
 */
import type { JsonValue } from '@portico/openapi';

/** What an expression can read while it is evaluated. */
export interface Scope {
  connectionParameters: Record<string, string>;
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  body?: JsonValue | undefined;
  item?: JsonValue | undefined;
  triggerBody?: JsonValue | undefined;
  /** Names of connection parameters that were asked for but missing (filled in during evaluation). */
  missing?: string[];
}

export type Root = 'body' | 'item' | 'triggerBody';
export type Segment = string | number;

/** A compiled path into a JSON value: `@body().a['b'][0]` → root `body`, segments `a`, `b`, 0. */
export interface ValuePath {
  root: Root;
  segments: Segment[];
}

type Part = string | ((scope: Scope) => JsonValue | undefined);

/** A compiled text template; `evaluate` returns the text with every expression replaced. */
export interface Template {
  readonly source: string;
  /** True when the template has no expressions. */
  readonly constant: boolean;
  /** Names of functions used (`connectionParameters`, `headers`, …), for checks at import time. */
  readonly functions: readonly string[];
  evaluate(scope: Scope): string;
  /** The value of a template that is exactly one expression (keeps JSON types), else the text. */
  value(scope: Scope): JsonValue | undefined;
}

const FUNCTION = /@?(connectionParameters|headers|queryParameters|body|item|triggerBody)\(/y;
const STRING_ARG = /\s*'((?:[^']|'')*)'\s*/y;
const ACCESSOR_DOT = /\.([A-Za-z_$@][\w$@-]*)/y;
const ACCESSOR_BRACKET = /\[\s*(?:'((?:[^']|'')*)'|(\d+))\s*\]/y;

/** Known function names; anything else after `@` is literal text. */
export const EXPRESSION_FUNCTIONS = [
  'connectionParameters',
  'headers',
  'queryParameters',
  'body',
  'item',
  'triggerBody',
];

interface Parsed {
  fn: string;
  args: string[];
  segments: Segment[];
  end: number;
}

/** Parses one function call with accessors at `start`; undefined when there is none. */
function parseCall(text: string, start: number): Parsed | undefined {
  FUNCTION.lastIndex = start;
  const head = FUNCTION.exec(text);
  if (!head) return undefined;
  const fn = head[1] as string;
  let at = FUNCTION.lastIndex;
  const args: string[] = [];
  while (text[at] !== ')') {
    STRING_ARG.lastIndex = at;
    const arg = STRING_ARG.exec(text);
    if (!arg) return undefined;
    args.push((arg[1] as string).replace(/''/g, "'"));
    at = STRING_ARG.lastIndex;
    if (text[at] === ',') at++;
    else if (text[at] !== ')') return undefined;
  }
  at++;
  const segments: Segment[] = [];
  if (fn === 'body' || fn === 'item' || fn === 'triggerBody') {
    for (;;) {
      ACCESSOR_BRACKET.lastIndex = at;
      const bracket = ACCESSOR_BRACKET.exec(text);
      if (bracket) {
        segments.push(bracket[1] !== undefined ? bracket[1].replace(/''/g, "'") : Number(bracket[2]));
        at = ACCESSOR_BRACKET.lastIndex;
        continue;
      }
      ACCESSOR_DOT.lastIndex = at;
      const dot = ACCESSOR_DOT.exec(text);
      if (dot) {
        segments.push(dot[1] as string);
        at = ACCESSOR_DOT.lastIndex;
        continue;
      }
      break;
    }
  }
  return { fn, args, segments, end: at };
}

/** Reads `segments` below `value`; undefined when a step is missing. */
export function readPath(value: JsonValue | undefined, segments: readonly Segment[]): JsonValue | undefined {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current)
      ? typeof segment === 'number'
        ? current[segment]
        : undefined
      : (current as Record<string, JsonValue>)[String(segment)];
  }
  return current;
}

function evaluator(parsed: Parsed): (scope: Scope) => JsonValue | undefined {
  const [first = '', second] = parsed.args;
  switch (parsed.fn) {
    case 'connectionParameters':
      return (scope) => {
        const value = scope.connectionParameters[first];
        if (value !== undefined && value !== '') return value;
        if (second !== undefined) return second;
        scope.missing?.push(first);
        return undefined;
      };
    case 'headers':
      return (scope) => scope.header(first);
    case 'queryParameters':
      return (scope) => scope.query(first);
    default: {
      const root = parsed.fn as Root;
      const segments = parsed.segments;
      return (scope) => readPath(scope[root], segments);
    }
  }
}

function asText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Compiles a template such as `https://@connectionParameters('subdomain').example.com` or `'{@item()['id']}-x'`. */
export function compileTemplate(source: string): Template {
  const parts: Part[] = [];
  const functions = new Set<string>();
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    // `@{ expr }` and `{@expr}` wrappers.
    const wrapped = (ch === '@' && source[i + 1] === '{') || (ch === '{' && source[i + 1] === '@');
    const start = wrapped ? i + (ch === '@' ? 2 : 1) : i;
    if (ch === '@' || wrapped) {
      const parsed = parseCall(source, start);
      const close = parsed && wrapped ? source.indexOf('}', parsed.end) : -1;
      if (parsed && (!wrapped || (close >= 0 && source.slice(parsed.end, close).trim() === ''))) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(evaluator(parsed));
        functions.add(parsed.fn);
        i = wrapped ? close + 1 : parsed.end;
        continue;
      }
    }
    literal += ch;
    i++;
  }
  if (literal) parts.push(literal);
  const constant = parts.every((p) => typeof p === 'string');
  return {
    source,
    constant,
    functions: [...functions],
    evaluate(scope) {
      if (constant) return source;
      let out = '';
      for (const part of parts) out += typeof part === 'string' ? part : asText(part(scope));
      return out;
    },
    value(scope) {
      const [only] = parts;
      if (parts.length === 1 && typeof only === 'function') return only(scope);
      return this.evaluate(scope);
    },
  };
}

/** Compiles a value path such as `@body().references`, `body()`, `@item().userId`, `@triggerBody().value`. */
export function compileValuePath(source: string): ValuePath | undefined {
  const text = source.trim();
  const parsed = parseCall(text, 0);
  if (!parsed || parsed.end !== text.length) return undefined;
  if (parsed.fn !== 'body' && parsed.fn !== 'item' && parsed.fn !== 'triggerBody') return undefined;
  return { root: parsed.fn, segments: parsed.segments };
}

/** Compiles a sub-path such as `version`, `['@odata.type']`, `a.b`; `null` or empty means "the parent itself". */
export function compileSubPath(source: string | undefined): Segment[] | undefined {
  const text = (source ?? '').trim();
  if (text === '' || text === 'null') return [];
  const probe = `@body()${text.startsWith('[') ? '' : '.'}${text}`;
  const parsed = parseCall(probe, 0);
  return parsed && parsed.end === probe.length ? parsed.segments : undefined;
}

/** The template with a literal wrapped in single quotes unwrapped (`'a-{@item()['x']}'` → `a-{@item()['x']}`). */
export function unquote(source: string): string {
  return source.length >= 2 && source.startsWith("'") && source.endsWith("'") ? source.slice(1, -1) : source;
}
