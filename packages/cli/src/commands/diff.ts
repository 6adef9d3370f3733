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

const HEADINGS: Record<Change['classification'], string> = {
  breaking: 'Breaking',
  'non-breaking': 'Not breaking',
  unknown: 'Cannot tell',
};

/** Runs `portico diff`. */
export async function runDiff(oldInput: string, newInput: string, options: DiffOptions, io: CommandIo): Promise<void> {
  if (oldInput === '-' && newInput === '-')
    throw new CliError('Only one of the two definitions can come from stdin ("-").');
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

/** Changes grouped by classification, one line each: `kind  GET /pets (listPets): message`. */
export function formatChanges(changes: readonly Change[], oldName: string, newName: string): string {
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = [
    `${oldName} → ${newName}: ${changes.length === 0 ? 'no changes' : `${plural(changes.length, 'change')}, ${breaking} breaking`}`,
  ];
  for (const classification of ['breaking', 'unknown', 'non-breaking'] as const) {
    const group = changes.filter((c) => c.classification === classification);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[classification]} (${group.length}):`);
    for (const change of group) {
      const where = change.method && change.path ? `${change.method.toUpperCase()} ${change.path}` : '';
      const prefix = where && !change.message.startsWith(where) ? `${where}: ` : '';
      lines.push(`  ${change.kind}  ${prefix}${change.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
