/** How YAML key scalars become the strings js-yaml stores them under (core schema, `String(key)`). */
import yaml from 'js-yaml';

/** js-yaml's built-in types (exported at runtime, missing from @types/js-yaml). */
export const yamlTypes = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float' | 'merge', yaml.Type> })
  .types;

const IMPLICIT = [yamlTypes.null, yamlTypes.bool, yamlTypes.int, yamlTypes.float];

/** The property name js-yaml gives a plain (unquoted) key: `200` → "200", `~` → "null", `0x1F` → "31". */
export function plainKeyString(raw: string): string {
  if (raw === '') return 'null';
  for (const type of IMPLICIT) {
    if (type.resolve(raw)) return String(type.construct(raw));
  }
  return raw;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** The value of a one-line quoted YAML scalar, quotes included in `source`. */
export function unquote(source: string): string {
  const inner = source.slice(1, -1);
  if (source.startsWith("'")) return inner.replace(/''/g, "'");
  if (!inner.includes('\\')) return inner;
  return inner.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, esc: string) => {
    if (esc.length > 1) return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
    return SIMPLE_ESCAPES[esc] ?? esc;
  });
}
