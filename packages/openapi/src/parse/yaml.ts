/** YAML through js-yaml (fast, core schema plus merge keys), with errors turned into DefinitionErrors. */
import yaml from 'js-yaml';
import type { JsonValue } from '../types.ts';
import { DefinitionError, place } from './errors.ts';
import { LineIndex } from './lines.ts';
import { yamlTypes } from './scalars.ts';
import { scanYaml } from './yaml-index.ts';

/**
 * Core schema (so `2024-01-01` stays a string, as in JSON) plus `<<` merge keys, which real specs use.
 */
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [yamlTypes.merge] });

/** js-yaml nesting limit; deeper documents are refused with a clear error instead of a stack overflow. */
export const MAX_YAML_DEPTH = 256;

function duplicateError(text: string, uri: string, line: number, column: number, cause: unknown): DefinitionError {
  let pointer: string | undefined;
  let key = '';
  let firstLine: number | undefined;
  try {
    const { duplicate } = scanYaml(text);
    if (duplicate !== undefined) {
      const lines = new LineIndex(text);
      const at = lines.position(duplicate.offset);
      pointer = duplicate.pointer;
      key = duplicate.key;
      firstLine = lines.position(duplicate.firstOffset).line;
      line = at.line;
      column = at.column;
    }
  } catch {
    // The scanner is best effort; the position from js-yaml is still right.
  }
  const what = key === '' ? 'a key' : `the key "${key}"`;
  const where = pointer === undefined ? '' : ` (at ${pointer}, first on line ${firstLine})`;
  return new DefinitionError(
    'duplicate-key',
    `${place(uri, line, column)}: ${what} appears twice in the same mapping${where}; keys must be unique, so remove or rename one of them.`,
    { uri, line, column, cause, ...(pointer === undefined ? {} : { pointer }) },
  );
}

function syntaxError(text: string, uri: string, error: yaml.YAMLException): DefinitionError {
  const line = error.mark ? error.mark.line + 1 : undefined;
  const column = error.mark ? error.mark.column + 1 : undefined;
  const reason = error.reason || error.message;
  if (reason === 'duplicated mapping key' && line !== undefined && column !== undefined) {
    return duplicateError(text, uri, line, column, error);
  }
  if (reason.startsWith('merge keys exceeded')) {
    return new DefinitionError(
      'alias-bomb',
      `${place(uri, line, column)}: ${reason}; Portico refuses documents that merge this much (an alias bomb), so write the repeated parts out or use $ref.`,
      { uri, cause: error, ...(line === undefined ? {} : { line, column }) },
    );
  }
  let fix =
    'fix the YAML at that position (check the indentation, a missing space after ":", or an unclosed quote or bracket)';
  if (reason.includes('single document'))
    fix = 'keep one document in the file (remove the second "---" and what follows)';
  if (reason.startsWith('unknown tag')) {
    fix = 'remove the custom tag; Portico reads plain YAML (to include another file, use $ref)';
  }
  if (reason.includes('maxDepth'))
    fix = `the document nests deeper than ${MAX_YAML_DEPTH} levels; flatten it with $ref`;
  return new DefinitionError('yaml-syntax', `${place(uri, line, column)}: invalid YAML: ${reason}; ${fix}.`, {
    uri,
    cause: error,
    ...(line === undefined ? {} : { line, column }),
  });
}

/** Parses one YAML document to a value (aliases still shared; see aliases.ts). */
export function loadYaml(text: string, uri: string): unknown {
  const options = { schema: SCHEMA, filename: uri, maxDepth: MAX_YAML_DEPTH } as yaml.LoadOptions;
  try {
    return yaml.load(text, options) as JsonValue | undefined;
  } catch (error) {
    if (error instanceof yaml.YAMLException) throw syntaxError(text, uri, error);
    throw error;
  }
}
