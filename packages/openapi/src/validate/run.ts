/** Runs validation rules over a document and turns their reports into findings. */

import { withDocumentMemo } from '../memo.ts';
import type { Finding, JsonObject, OasVersion, Severity } from '../types.ts';
import { resolveInternal } from '../walk.ts';
import type { Rule, RuleContext, RuleReport, Ruleset } from './rule.ts';

/** Rule id of the finding that replaces the output of a rule that threw. */
export const RULE_CRASHED = 'rule-crashed';

/** Severity of a rule the ruleset does not mention. */
export const DEFAULT_RULE_SEVERITY: Severity = 'warning';

export interface RunRulesOptions {
  version: OasVersion;
  rules: readonly Rule[];
  ruleset?: Ruleset;
}

/**
 * Runs every rule that applies to `version` and is not `off` in the ruleset. A rule that throws is a bug in
 * the rule, not in the document: its findings so far are kept and a `rule-crashed` error names it, so one bad
 * rule never hides the others.
 */
export function runRules(document: JsonObject, options: RunRulesOptions): Finding[] {
  // Rules only read the document, so walks several of them make (every object, see schema-walk.ts) are shared.
  return withDocumentMemo(() => runEach(document, options));
}

function runEach(document: JsonObject, options: RunRulesOptions): Finding[] {
  const findings: Finding[] = [];
  const ruleset = options.ruleset ?? {};
  for (const rule of options.rules) {
    if (rule.versions && !rule.versions.includes(options.version)) continue;
    const configured = ruleset[rule.id] ?? DEFAULT_RULE_SEVERITY;
    if (configured === 'off') continue;
    const context: RuleContext = {
      document,
      version: options.version,
      resolve: (node) => resolveInternal(document, node),
      report: (report: RuleReport) => findings.push(toFinding(rule.id, configured, report)),
    };
    try {
      rule.check(context);
    } catch (error) {
      findings.push(crashed(rule.id, error));
    }
  }
  return findings;
}

/** The finding that stands in for the output of a rule (or the schema check) that threw. */
export function crashed(ruleId: string, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    rule: RULE_CRASHED,
    severity: 'error',
    message: `Rule "${ruleId}" crashed on this document (${reason}); its results are incomplete. Please report this as a bug in the rule.`,
    pointer: '',
  };
}

function toFinding(rule: string, severity: Severity, report: RuleReport): Finding {
  const finding: Finding = {
    rule,
    severity: report.severity ?? severity,
    message: report.message,
    pointer: report.pointer,
  };
  if (report.fix !== undefined) finding.fix = report.fix;
  return finding;
}
