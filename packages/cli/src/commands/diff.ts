/** `portico diff <old> <new> [--json]`: what changed between two definitions; exit 1 when a change breaks clients. */
import { type Change, diffDefinitions } from '../core.ts';
import { CliError, ExitCode } from '../errors.ts';
import { loadInput } from '../input/load.ts';
import type { CommandIo } from '../io.ts';
import { plural } from '../output/findings.ts';
import { formatLosses } from '../output/losses.ts';
import { printJson, progressFor } from './shared.ts';

export interface DiffOptions {
  json?: boolean;
  progress?: boolean;
}

type Classification = Change['classification'];

/** The order a person reads them in: what breaks first, what nobody can tell next, harmless changes last. */
const ORDER: readonly Classification[] = ['breaking', 'unknown', 'non-breaking'];

const HEADINGS: Record<Classification, string> = {
  breaking: 'Breaking',
  unknown: 'Cannot tell, review',
  'non-breaking': 'Not breaking',
};

/** Runs `portico diff`. */
export async function runDiff(oldInput: string, newInput: string, options: DiffOptions, io: CommandIo): Promise<void> {
  if (oldInput === '-' && newInput === '-')
    throw new CliError('Only one of the two definitions can come from stdin ("-"); give the other as a file or URL.');
  const progress = progressFor(io, options);
  const before = await loadInput(oldInput, io, progress);
  const after = await loadInput(newInput, io, progress);
  progress.stage('comparing');
  const result = diffDefinitions(before.resolved.document, after.resolved.document, {
    oldVersion: before.resolved.version.family,
    newVersion: after.resolved.version.family,
  });
  progress.done();
  if (options.json) {
    printJson(io, { changes: result.changes, summary: result.summary, comparedAs: result.comparedAs });
  } else {
    io.stdout.write(formatChanges(result.changes, before.source.display, after.source.display));
    const lost = [...result.notCompared.old, ...result.notCompared.new];
    io.stderr.write(formatLosses(lost, `Not compared (no equivalent in ${result.comparedAs})`));
  }
  io.setExitCode(result.summary.breaking > 0 ? ExitCode.findings : ExitCode.ok);
}

/**
 * Changes for a person: breaking ones first, each classification grouped by operation (changes to the whole
 * API under "Whole API"), then a one-line summary.
 */
export function formatChanges(changes: readonly Change[], oldName: string, newName: string): string {
  const lines = [`Comparing ${oldName} → ${newName}`];
  for (const classification of ORDER) {
    const group = changes.filter((change) => change.classification === classification);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[classification]} (${group.length}):`);
    for (const [heading, members] of byOperation(group)) {
      lines.push(`  ${heading}`);
      for (const change of members) lines.push(`    - ${withoutOperation(change, heading)}  [${change.kind}]`);
    }
  }
  lines.push('', summaryLine(changes));
  return `${lines.join('\n')}\n`;
}

/** `3 changes: 1 breaking, 1 to review, 1 not breaking.` — or that there is nothing to report. */
export function summaryLine(changes: readonly Change[]): string {
  if (changes.length === 0) return 'No changes: existing clients keep working.';
  const count = (classification: Classification) => changes.filter((c) => c.classification === classification).length;
  const breaking = count('breaking');
  const verdict = breaking > 0 ? 'existing clients may break.' : 'existing clients keep working.';
  return `${plural(changes.length, 'change')}: ${breaking} breaking, ${count('unknown')} to review, ${count('non-breaking')} not breaking; ${verdict}`;
}

function operationHeading(change: Change): string {
  if (change.method === undefined || change.path === undefined) return 'Whole API';
  return `${change.method.toUpperCase()} ${change.path}${change.operationId ? ` (${change.operationId})` : ''}`;
}

/** Groups changes by operation, keeping the order in which each operation first appears. */
function byOperation(changes: readonly Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const heading = operationHeading(change);
    groups.set(heading, [...(groups.get(heading) ?? []), change]);
  }
  return groups;
}

/** The message without the `GET /pets (listPets): ` its heading already says, starting with a capital. */
function withoutOperation(change: Change, heading: string): string {
  const prefix = `${heading}: `;
  const text = change.message.startsWith(prefix) ? change.message.slice(prefix.length) : change.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
