/** Validation stage of the OpenAPI core: structural (official JSON schemas) plus semantic rules. */
import { parsePointer, toPointer } from '../pointer.ts';
import type { Finding, JsonObject, OasVersion, Severity, SourcePosition } from '../types.ts';
import type { Rule, Ruleset } from './rule.ts';
import { genericRules } from './rules/index.ts';
import { openapiRuleset } from './rulesets.ts';
import { runRules } from './run.ts';
import { STRUCTURAL_RULE, validateStructure } from './structural/index.ts';

export type { Rule, RuleContext, RuleReport, Ruleset } from './rule.ts';
export { genericRules } from './rules/index.ts';
export { openapiRuleset } from './rulesets.ts';
export { DEFAULT_RULE_SEVERITY, RULE_CRASHED, type RunRulesOptions, runRules } from './run.ts';
export { MAX_STRUCTURAL_FINDINGS, STRUCTURAL_RULE, validateStructure } from './structural/index.ts';

export interface ValidateOptions {
  version: OasVersion;
  /** Maps a JSON Pointer to its line and column in the source text, when the document came from text. */
  locate?: (pointer: string) => SourcePosition | undefined;
  /** Extra rules (e.g. the Power Platform profile); a rule with the id of a generic rule replaces it. */
  rules?: readonly Rule[];
  /** Severities merged over `openapiRuleset`; `off` disables a rule (`oas-schema: off` skips the schema). */
  ruleset?: Ruleset;
  /** Run the official JSON schema first (default true). */
  structural?: boolean;
  /**
   * Pointers of `$ref`s the resolver has already reported as broken (either the object holding the `$ref`
   * or its `/$ref`), so `ref-target-exists` does not report them a second time.
   */
  knownBrokenRefs?: readonly string[];
}

/** Rules whose findings repeat what the schema already said at the same place; the schema's wording wins. */
const SCHEMA_OVERLAP = new Set(['path-param-required', 'operation-responses-defined', 'info-title-present']);

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Validates one bundled document: schema first, then the generic rules and any extra ones, with severities
 * from the merged ruleset. Returns findings sorted by severity, then pointer; never throws on bad documents.
 */
export function validateDocument(document: JsonObject, options: ValidateOptions): Finding[] {
  const ruleset: Ruleset = { ...openapiRuleset, ...options.ruleset };
  const findings: Finding[] = [];
  const schemaSeverity = ruleset[STRUCTURAL_RULE] ?? 'error';
  if (options.structural !== false && schemaSeverity !== 'off') {
    for (const finding of validateStructure(document, options.version)) {
      findings.push(schemaSeverity === 'error' ? finding : { ...finding, severity: schemaSeverity });
    }
  }
  const schemaPointers = new Set(findings.map((f) => f.pointer));
  const known = new Set(options.knownBrokenRefs ?? []);
  const ruleFindings = runRules(document, { version: options.version, rules: mergeRules(options.rules), ruleset });
  for (const finding of ruleFindings) {
    if (SCHEMA_OVERLAP.has(finding.rule) && schemaPointers.has(finding.pointer)) continue;
    if (finding.rule === 'ref-target-exists' && isKnownBrokenRef(finding.pointer, known)) continue;
    findings.push(finding);
  }
  if (options.locate) for (const finding of findings) placeFinding(finding, options.locate);
  return findings.sort(compareFindings);
}

/** Splits findings by severity, e.g. for `{ errors, warnings }` output and exit codes. */
export function summarize(findings: readonly Finding[]): { errors: Finding[]; warnings: Finding[]; infos: Finding[] } {
  return {
    errors: findings.filter((f) => f.severity === 'error'),
    warnings: findings.filter((f) => f.severity === 'warning'),
    infos: findings.filter((f) => f.severity === 'info'),
  };
}

function mergeRules(extra: readonly Rule[] | undefined): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of [...genericRules, ...(extra ?? [])]) byId.set(rule.id, rule);
  return [...byId.values()];
}

function isKnownBrokenRef(pointer: string, known: Set<string>): boolean {
  return known.has(pointer) || (pointer.endsWith('/$ref') && known.has(pointer.slice(0, -'/$ref'.length)));
}

/** Fills line/column from the nearest located ancestor (a missing property has no position of its own). */
function placeFinding(finding: Finding, locate: (pointer: string) => SourcePosition | undefined): void {
  let tokens: string[];
  try {
    tokens = parsePointer(finding.pointer);
  } catch {
    return;
  }
  for (let n = tokens.length; n >= 0; n--) {
    const position = locate(toPointer(tokens.slice(0, n)));
    if (position) {
      finding.line = position.line;
      finding.column = position.column;
      return;
    }
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0) ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
