/** Conversion losses for a person: what could not be expressed in the target version and what was done instead. */
import type { Loss } from '../core.ts';

/** Above this many losses, they are summarised by kind (the `--json` output still lists each one). */
export const LOSS_LIST_LIMIT = 20;

/** One line per loss under a heading, or one line per kind when there are many; empty when nothing was lost. */
export function formatLosses(losses: readonly Loss[], heading: string, limit = LOSS_LIST_LIMIT): string {
  if (losses.length === 0) return '';
  const lines = [`${heading} (${losses.length}):`];
  if (losses.length <= limit) {
    for (const loss of losses) lines.push(`  ${loss.pointer || '/'}  ${loss.kind}  ${loss.message}  → ${loss.action}`);
    return `${lines.join('\n')}\n`;
  }
  const byKind = new Map<string, Loss[]>();
  for (const loss of losses) byKind.set(loss.kind, [...(byKind.get(loss.kind) ?? []), loss]);
  const kinds = [...byKind.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [kind, group] of kinds) {
    const first = group[0]!;
    lines.push(`  ${kind} ×${group.length}  e.g. ${first.pointer || '/'}: ${first.message}  → ${first.action}`);
  }
  lines.push('  (run with --json for the full list)');
  return `${lines.join('\n')}\n`;
}
