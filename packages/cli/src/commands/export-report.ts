/** The export command's summary: the `--json` object and the human text (files written, fixes made, losses). */
import type { AppliedFix, ExportedPackage, Finding, Loss } from '../core.ts';
import { displayPath } from '../loaders/display.ts';
import { countBySeverity, formatFindings, plural } from '../output/findings.ts';
import { formatLosses } from '../output/losses.ts';

export interface PackageSummary {
  name: string;
  /** Folder the package was written to (relative to --out); "" without --split-by-tag. */
  folder: string;
  importable: boolean;
  operations: number;
  files: string[];
  fixes: AppliedFix[];
  losses: Loss[];
}

/** What `portico export --json` prints. */
export interface ExportSummary {
  version: string;
  out: string;
  importable: boolean;
  packages: PackageSummary[];
  /** Files written, relative to the working directory (none when not importable). */
  written: string[];
  errors: Finding[];
  /** Warnings and notes. */
  warnings: Finding[];
}

/** Builds the summary from the core's export result. */
export function summarizeExport(input: {
  version: string;
  out: string;
  importable: boolean;
  packages: readonly ExportedPackage[];
  splitByTag: boolean;
  findings: readonly Finding[];
  written: string[];
}): ExportSummary {
  return {
    version: input.version,
    out: input.out,
    importable: input.importable,
    packages: input.packages.map((pkg) => ({
      name: pkg.name,
      folder: input.splitByTag ? pkg.name : '',
      importable: pkg.report.importable,
      operations: pkg.report.stats.operations,
      files: Object.keys(pkg.files),
      fixes: pkg.report.fixes,
      losses: pkg.report.losses,
    })),
    written: input.written,
    errors: input.findings.filter((f) => f.severity === 'error'),
    warnings: input.findings.filter((f) => f.severity !== 'error'),
  };
}

/** Human text: what was written (or why nothing was), the fixes made and what was lost. */
export function formatExport(summary: ExportSummary, inputName: string, cwd: string, fixed: boolean): string {
  const lines: string[] = [];
  const outName = displayPath(summary.out, cwd);
  if (!summary.importable) {
    lines.push(`${inputName} cannot be exported as an importable connector; nothing was written to ${outName}.`);
    lines.push('');
    lines.push(formatFindings(summary.errors, inputName).trimEnd());
    if (!fixed) lines.push('', 'Run again with --fix to apply the automatic fixes.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Exported ${inputName} (${summary.version}) as ${plural(summary.packages.length, 'connector package')} in ${outName}:`,
  );
  for (const pkg of summary.packages) {
    lines.push(`  ${pkg.folder ? `${pkg.folder}/: ` : ''}${pkg.files.join(', ')}`);
  }
  const fixes = dedupe(
    summary.packages.flatMap((p) => p.fixes),
    (f) => `${f.rule}\u0000${f.pointer}\u0000${f.message}`,
  );
  const fixText = formatFixes(fixes);
  if (fixText) lines.push('', fixText.trimEnd());
  const losses = dedupe(
    summary.packages.flatMap((p) => p.losses),
    (l) => `${l.kind}\u0000${l.pointer}`,
  );
  const lossText = formatLosses(losses, 'Not representable in Swagger 2.0');
  if (lossText) lines.push('', lossText.trimEnd());
  const counts = countBySeverity(summary.warnings);
  if (counts.warning) lines.push('', `${plural(counts.warning, 'warning')} (listed in report.json).`);
  return `${lines.join('\n')}\n`;
}

/** Above this many fixes, they are summarised by rule (report.json and `--json` list each one). */
export const FIX_LIST_LIMIT = 20;

/** One line per fix, or one line per rule when there are many; empty when no fix was made. */
export function formatFixes(fixes: readonly AppliedFix[], limit = FIX_LIST_LIMIT): string {
  if (fixes.length === 0) return '';
  const lines = [`Fixes made (${fixes.length}):`];
  if (fixes.length <= limit) {
    for (const fix of fixes) lines.push(`  ${fix.pointer || '/'}  ${fix.rule}  ${fix.message}`);
    return `${lines.join('\n')}\n`;
  }
  const byRule = new Map<string, AppliedFix[]>();
  for (const fix of fixes) byRule.set(fix.rule, [...(byRule.get(fix.rule) ?? []), fix]);
  for (const [rule, group] of [...byRule.entries()].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${rule} ×${group.length}  e.g. ${group[0]!.pointer || '/'}: ${group[0]!.message}`);
  }
  lines.push('  (each fix is listed in report.json)');
  return `${lines.join('\n')}\n`;
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
