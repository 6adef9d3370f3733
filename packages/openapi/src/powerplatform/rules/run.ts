/** Runs Power Platform rules over a Swagger 2.0 document and returns findings as data. */

import { withDocumentMemo } from '../../memo.ts';
import type { Finding, JsonObject, OasVersion, SourcePosition } from '../../types.ts';
import type { Rule, Ruleset } from '../../validate/rule.ts';
import { resolveInternal } from '../../walk.ts';

export interface RunRulesOptions {
  version?: OasVersion;
  locate?: (pointer: string) => SourcePosition | undefined;
}

/**
 * Runs each rule whose ruleset severity is not `off` (rules missing from the ruleset are skipped) and
 * returns de-duplicated findings. A rule that throws is a bug and is reported as an error finding
 * rather than hiding the other rules' results.
 */
export function runRules(
  document: JsonObject,
  rules: readonly Rule[],
  ruleset: Ruleset,
  options: RunRulesOptions = {},
): Finding[] {
  // The rules only read the document, so walks several of them share (x-ms-* extensions, schemas) are done once.
  return withDocumentMemo(() => runEach(document, rules, ruleset, options));
}

function runEach(document: JsonObject, rules: readonly Rule[], ruleset: Ruleset, options: RunRulesOptions): Finding[] {
  const version = options.version ?? '2.0';
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const severity = ruleset[rule.id];
    if (severity === undefined || severity === 'off') continue;
    if (rule.versions && !rule.versions.includes(version)) continue;
    const report = (r: { message: string; pointer: string; fix?: string; severity?: Finding['severity'] }) => {
      const key = `${rule.id}\u0000${r.pointer}\u0000${r.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const finding: Finding = {
        rule: rule.id,
        severity: r.severity ?? severity,
        message: r.message,
        pointer: r.pointer,
      };
      const position = options.locate?.(r.pointer);
      if (position) {
        finding.line = position.line;
        finding.column = position.column;
      }
      if (r.fix !== undefined) finding.fix = r.fix;
      findings.push(finding);
    };
    try {
      rule.check({ document, version, resolve: (node) => resolveInternal(document, node), report });
    } catch (error) {
      report({ message: `Rule ${rule.id} failed: ${(error as Error).message}`, pointer: '', severity: 'error' });
    }
  }
  return findings;
}
