/** Findings on the terminal (grouped, with positions and fixes) and as the `--json` report of the contract. */
import type { Finding, Severity } from '../core.ts';

/** One finding as `--json` prints it: the contract's keys, in a stable order. */
export interface JsonFinding {
  rule: string;
  severity: Severity;
  pointer: string;
  message: string;
  line?: number;
  column?: number;
  fix?: string;
  source?: string;
}

/** The `portico validate --json` document. */
export interface ValidateReport {
  version: string;
  errors: JsonFinding[];
  warnings: JsonFinding[];
}

/** Puts a finding's keys in contract order and drops the ones that are absent. */
export function toJsonFinding(finding: Finding): JsonFinding {
  const out: JsonFinding = {
    rule: finding.rule,
    severity: finding.severity,
    pointer: finding.pointer,
    message: finding.message,
  };
  if (finding.line !== undefined) out.line = finding.line;
  if (finding.column !== undefined) out.column = finding.column;
  if (finding.fix !== undefined) out.fix = finding.fix;
  if (finding.source !== undefined) out.source = finding.source;
  return out;
}

/** Builds the validate report: errors, then everything else (warnings and infos) under `warnings`. */
export function toValidateReport(version: string, findings: readonly Finding[]): ValidateReport {
  const sorted = sortFindings(findings);
  return {
    version,
    errors: sorted.filter((f) => f.severity === 'error').map(toJsonFinding),
    warnings: sorted.filter((f) => f.severity !== 'error').map(toJsonFinding),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders findings by severity, then by source position (line, column), then by pointer. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.source ?? '').localeCompare(b.source ?? '') ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.pointer.localeCompare(b.pointer),
  );
}

/** Counts findings per severity: `{ error: 2, warning: 1, info: 0 }`. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "2 errors, 1 warning" (zero counts omitted; "no problems" when empty). */
export function summarize(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.info) parts.push(plural(counts.info, 'note'));
  return parts.length ? parts.join(', ') : 'no problems';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/**
 * Formats findings for a person: grouped by severity, one line each
 * (`file:line:column  severity  rule  message  (pointer)`) and the fix below it.
 */
export function formatFindings(findings: readonly Finding[], file: string): string {
  const lines: string[] = [];
  const sorted = sortFindings(findings);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = sorted.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    if (lines.length) lines.push('');
    lines.push(`${HEADINGS[severity]} (${group.length}):`);
    for (const f of group) {
      lines.push(`  ${location(f, file)}  ${f.severity}  ${f.rule}  ${f.message}  (${f.pointer || '/'})`);
      if (f.fix) lines.push(`      fix: ${f.fix}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `file:line:column`, `file:line` or `file`, using the finding's own source when it has one. */
export function location(finding: Pick<Finding, 'line' | 'column' | 'source'>, file: string): string {
  const name = finding.source ?? file;
  if (finding.line === undefined) return name;
  return finding.column === undefined ? `${name}:${finding.line}` : `${name}:${finding.line}:${finding.column}`;
}
