// Reads query, header and path parameters as the demo document declares them: coerced, defaulted and checked.
import { check, type Issue } from './check.ts';
import type { DemoSchema } from './document.ts';

/** A parameter object of the demo document. */
export interface ParamSpec {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  schema: DemoSchema;
}

/** A problem with one input, as reported in a 400 body. */
export interface InputIssue {
  in: 'path' | 'query' | 'header' | 'body';
  name: string;
  message: string;
}

function coerce(raw: string, schema: DemoSchema): unknown {
  if (schema.type === 'integer') return /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  if (schema.type === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'array') return raw === '' ? [] : raw.split(',').map((part) => coerce(part, schema.items ?? {}));
  return raw;
}

const label = (issue: Issue) => (issue.pointer === '' ? '' : ` (item ${issue.pointer.slice(1)})`);

/** Reads the declared parameters from raw values; returns the typed values and the problems found. */
export function readParams(
  specs: readonly ParamSpec[],
  raw: (spec: ParamSpec) => string[],
): { values: Record<string, unknown>; issues: InputIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  for (const spec of specs) {
    const given = raw(spec);
    if (given.length === 0) {
      if (spec.required) issues.push({ in: spec.in, name: spec.name, message: `${spec.name} is required` });
      else if (spec.schema.default !== undefined) values[spec.name] = spec.schema.default;
      continue;
    }
    if (given.length > 1 && spec.schema.type !== 'array') {
      issues.push({ in: spec.in, name: spec.name, message: `${spec.name} must be given once` });
      continue;
    }
    const value = coerce(given.join(','), spec.schema);
    const problems = check(value, spec.schema);
    for (const problem of problems) {
      issues.push({ in: spec.in, name: spec.name, message: `${spec.name}${label(problem)} ${problem.message}` });
    }
    if (problems.length === 0) values[spec.name] = value;
  }
  return { values, issues };
}
