/**
 * Collapses ajv's `oneOf`/`anyOf` cascades into the errors of the one alternative the author most likely meant.
 * ajv reports every failing branch of every alternative (a bad Swagger 2.0 parameter yields a dozen errors);
 * here each failed alternative is re-checked branch by branch, the branches are scored, and only the best
 * branch's errors are kept — or one merged error when every branch fails on the same discriminating property.
 */
import type { ErrorObject } from 'ajv';
import { getAt, isObject } from '../../pointer.ts';
import type { StructuralSchema } from './schemas.ts';

/** Re-checks alternatives against the document being validated. */
export interface CollapseContext {
  readonly schema: StructuralSchema;
  readonly document: unknown;
}

/** Keyword of a synthesized error: the object must have exactly one of several properties. */
export const ONE_OF_REQUIRED = 'oneOfRequired';

/** Turns ajv's raw error list into the errors worth showing, one explanation per failing alternative. */
export function collapseErrors(errors: readonly ErrorObject[], context: CollapseContext): ErrorObject[] {
  const out: ErrorObject[] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const error = errors[i]!;
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') {
      if (error.keyword !== 'if') out.push(error);
      i--;
      continue;
    }
    let start = i;
    while (start > 0 && isAtOrUnder(errors[start - 1]!.instancePath, error.instancePath)) start--;
    out.push(...explainAlternatives(error, errors.slice(start, i), context));
    i = start - 1;
  }
  const conditional = new Set(errors.filter((e) => e.keyword === 'if').map((e) => e.instancePath));
  return withoutMootErrors(dedupe(out.reverse()), conditional);
}

/**
 * Drops errors made moot by another at the same place: an `enum` when the type is already wrong, a
 * `not: {required: [a, b]}` when the same place already says "exactly one of a, b", "matches several
 * alternatives" beside a more specific error, and unevaluated properties where a conditional schema failed.
 */
function withoutMootErrors(errors: ErrorObject[], conditional: Set<string>): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const exclusive = new Set(errors.filter((e) => e.keyword === ONE_OF_REQUIRED).map((e) => e.instancePath));
  const others = new Set(errors.filter((e) => e.keyword !== 'oneOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    // Matching several alternatives is usually a side effect of a missing property reported beside it.
    if (e.keyword === 'oneOf' && others.has(e.instancePath)) return false;
    if (e.keyword === 'enum' && typed.has(e.instancePath)) return false;
    // When an if/then failed at a place, the properties its `then` would have covered look "unevaluated".
    if (e.keyword === 'unevaluatedProperties' && conditional.has(e.instancePath)) return false;
    if (e.keyword === 'not' && exclusive.has(e.instancePath) && isObject(e.schema) && e.schema.required) return false;
    return true;
  });
}

function explainAlternatives(error: ErrorObject, block: ErrorObject[], context: CollapseContext): ErrorObject[] {
  const alternatives = error.schema;
  const place = error.instancePath;
  const instance = getAt(context.document, place);
  const branches: ErrorObject[][] = [];
  if (Array.isArray(alternatives)) {
    for (let k = 0; k < alternatives.length; k++) {
      const validate = context.schema.branch(alternatives, k);
      if (!validate) return [error];
      validate(instance);
      branches.push((validate.errors ?? []).map((e) => ({ ...e, instancePath: place + e.instancePath })));
    }
  } else {
    return [error];
  }
  const siblings = collapseErrors(withoutBranchErrors(block, branches), context);
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (passing !== null && passing !== undefined) return [...siblings, tooManyMatches(error, alternatives)];
  const collapsed = branches.map((b) => collapseErrors(b, context));
  return [...siblings, ...chooseExplanation(error, collapsed, alternatives, instance, context)];
}

/** Block errors that none of the branches produced belong to sibling keywords of the alternative. */
function withoutBranchErrors(block: ErrorObject[], branches: ErrorObject[][]): ErrorObject[] {
  const counts = new Map<string, number>();
  for (const branch of branches) {
    for (const e of branch) counts.set(signature(e), (counts.get(signature(e)) ?? 0) + 1);
  }
  return block.filter((e) => {
    const n = counts.get(signature(e)) ?? 0;
    if (n === 0) return true;
    counts.set(signature(e), n - 1);
    return false;
  });
}

function chooseExplanation(
  error: ErrorObject,
  branches: ErrorObject[][],
  alternatives: unknown[],
  instance: unknown,
  context: CollapseContext,
): ErrorObject[] {
  const place = error.instancePath;
  const nonEmpty = branches.filter((b) => b.length > 0);
  if (nonEmpty.length === 0) return [error];
  // Every branch rejects the type: one error listing every accepted type.
  if (branches.every((b) => b.some((e) => e.keyword === 'type' && e.instancePath === place))) {
    const types = new Set<string>();
    for (const b of branches) {
      for (const e of b) if (e.keyword === 'type' && e.instancePath === place) types.add(String(e.params.type));
    }
    return [{ ...error, keyword: 'type', params: { type: [...types].join(',') } }];
  }
  // Every branch only misses a (different) required property: the object needs one of them.
  if (branches.every((b) => b.length === 1 && b[0]!.keyword === 'required' && b[0]!.instancePath === place)) {
    const names = branches.map((b) => String(b[0]!.params.missingProperty));
    // A plain object that misses e.g. `description` is not meant to be a `$ref`: report the real omission.
    const withoutRef = branches.filter((b) => b[0]!.params.missingProperty !== '$ref');
    if (withoutRef.length === 1 && names.includes('$ref')) return withoutRef[0]!;
    return [{ ...error, keyword: ONE_OF_REQUIRED, params: { properties: names, mode: error.keyword } }];
  }
  // Every branch rejects the same property's value (e.g. `in`): one error with every accepted value.
  const discriminators = discriminatorCounts(branches, place);
  for (const [path, count] of discriminators) {
    if (count === branches.length) return [mergedEnum(error, branches, path)];
  }
  const hasRef = isObject(instance) && Object.hasOwn(instance, '$ref');
  let best = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  branches.forEach((branch, k) => {
    const isReference = /reference/i.test(context.schema.branchName(alternatives, k) ?? '');
    let score = branch.reduce((sum, e) => sum + weight(e, place, discriminators), 0);
    if (isReference !== hasRef) score += 1_000;
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  });
  return branches[best]!;
}

function weight(e: ErrorObject, place: string, discriminators: Map<string, number>): number {
  if (e.keyword === 'type' && e.instancePath === place) return 100_000;
  if ((e.keyword === 'enum' || e.keyword === 'const') && isChild(e.instancePath, place)) {
    return (discriminators.get(e.instancePath) ?? 0) >= 2 ? 1_000 : 10;
  }
  return 1;
}

/** For each direct child of `place`: how many branches reject its value by `enum`/`const`. */
function discriminatorCounts(branches: ErrorObject[][], place: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const branch of branches) {
    const seen = new Set<string>();
    for (const e of branch) {
      if ((e.keyword === 'enum' || e.keyword === 'const') && isChild(e.instancePath, place)) seen.add(e.instancePath);
    }
    for (const path of seen) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return counts;
}

function mergedEnum(error: ErrorObject, branches: ErrorObject[][], path: string): ErrorObject {
  const allowed: unknown[] = [];
  const keys = new Set<string>();
  for (const b of branches) {
    for (const e of b) {
      if (e.instancePath !== path) continue;
      const values = e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : [e.params.allowedValue];
      for (const v of values) {
        const key = JSON.stringify(v);
        if (!keys.has(key)) {
          keys.add(key);
          allowed.push(v);
        }
      }
    }
  }
  return { ...error, keyword: 'enum', instancePath: path, params: { allowedValues: allowed } };
}

function tooManyMatches(error: ErrorObject, alternatives: unknown[]): ErrorObject {
  const names = alternatives.flatMap((a) => {
    const required = isObject(a) && Array.isArray(a.required) ? a.required : [];
    return required.length === 1 ? [String(required[0])] : [];
  });
  if (names.length === alternatives.length) {
    return { ...error, keyword: ONE_OF_REQUIRED, params: { properties: names, mode: 'oneOf' } };
  }
  return error;
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = signature(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function signature(e: ErrorObject): string {
  return `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
}

function isAtOrUnder(path: string, place: string): boolean {
  return path === place || path.startsWith(`${place}/`);
}

function isChild(path: string, place: string): boolean {
  return path.startsWith(`${place}/`) && !path.slice(place.length + 1).includes('/');
}
