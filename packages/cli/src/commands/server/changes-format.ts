/**
 * Human output of the change commands (`app diff`, `connector update-check`, `connector update-apply`): what
 * breaks, who is hit, which customisations conflict, and the exact command that acts on it.
 */
import type { Change } from '../../core.ts';

/** A conflict of a source update, as the server lists it. */
export interface ConflictView {
  pointer: string;
  kind: string;
  where?: string;
  operationId?: string;
  message: string;
  resolution?: string;
}

/** The answer of GET …/connectors/{name}/update. */
export interface UpdateView {
  linked: boolean;
  reason?: string;
  app?: { id: string; name: string };
  connectorVersion?: number;
  baseRevision?: { number: number };
  latestRevision?: { number: number };
  updateAvailable: boolean;
  autoUpdate: boolean;
  headline?: string;
  breakingChanges?: string[];
  changes?: Change[];
  summary?: { breaking: number; nonBreaking: number; unknown: number };
  impact?: {
    since: string;
    connections: number;
    brokenConnections: number;
    operations: Array<{
      operationId: string;
      breaking: boolean;
      calls: number;
      connections: Array<{ displayName: string; calls: number; lastUsedAt: string }>;
    }>;
  };
  customisations?: number;
  conflicts?: ConflictView[];
}

/** Quotes a word for a POSIX shell when it needs it (pointers hold `~`, `{`, `}`, `/`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that applies a connector's source update, with one `--resolve POINTER=CHOICE` per entry. */
export function applyCommand(
  name: string,
  environment: string,
  resolutions: ReadonlyArray<{ pointer: string; choice: string }>,
): string {
  const words = ['portico', 'connector', 'update-apply', name, '--environment', environment];
  for (const r of resolutions) words.push('--resolve', `${r.pointer}=${r.choice}`);
  return words.map(shellQuote).join(' ');
}

/** Lines listing conflicts, each with the two exact flags that resolve it. */
export function conflictLines(conflicts: readonly ConflictView[]): string[] {
  const lines: string[] = [];
  for (const c of conflicts) {
    const op = c.operationId ? ` (${c.operationId})` : '';
    lines.push(`  - ${c.pointer}${op} [${c.kind}]: ${c.message}`);
    lines.push(
      `      keep yours:      --resolve ${shellQuote(`${c.pointer}=keep-mine`)}`,
      `      take the API's:  --resolve ${shellQuote(`${c.pointer}=take-theirs`)}`,
    );
  }
  return lines;
}

/** `portico connector update-check` for a person: headline, breaking changes, impact, conflicts, next step. */
export function formatUpdateCheck(name: string, environment: string, view: UpdateView): string[] {
  if (!view.linked) return [`Connector ${name} has no source to update from: ${view.reason ?? 'not linked'}`];
  const lines = [`Connector ${name} (environment ${environment}, version ${view.connectorVersion ?? '?'})`];
  lines.push(view.headline ?? '');
  if (!view.updateAvailable) return lines;
  const breaking = view.breakingChanges ?? [];
  if (breaking.length > 0) {
    lines.push('', `Breaking changes (${breaking.length}):`, ...breaking.map((m) => `  - ${m}`));
  }
  const others = (view.changes ?? []).filter((c) => !c.breaking);
  if (others.length > 0) {
    lines.push(
      '',
      `Other changes (${others.length}):`,
      ...others.map((c) => `  - ${c.message}  [${c.classification}]`),
    );
  }
  const impact = view.impact;
  if (impact && impact.operations.length > 0) {
    lines.push(
      '',
      `Impact since ${impact.since.slice(0, 10)}: ${impact.connections} connection(s) called affected operations, ${impact.brokenConnections} of them an operation with a breaking change:`,
    );
    for (const op of impact.operations) {
      const who = op.connections.map((c) => `${c.displayName} ${c.calls}`).join(', ');
      lines.push(
        `  - ${op.operationId}${op.breaking ? ' (breaking)' : ''}: ${op.calls} call(s)${who ? ` — ${who}` : ''}`,
      );
    }
  } else if (impact) {
    lines.push('', `Impact since ${impact.since.slice(0, 10)}: no connection called an affected operation.`);
  }
  const conflicts = view.conflicts ?? [];
  lines.push('', `Your customisations: ${view.customisations ?? 0}.`);
  if (conflicts.length > 0) {
    lines.push(`${conflicts.length} conflict(s) need a choice:`, ...conflictLines(conflicts));
    lines.push('', 'Apply the update, choosing for each conflict (this example keeps yours everywhere):');
  } else {
    lines.push('', 'Apply the update (your customisations are kept):');
  }
  lines.push(
    `  ${applyCommand(
      name,
      environment,
      conflicts.map((c) => ({ pointer: c.pointer, choice: 'keep-mine' })),
    )}`,
  );
  return lines;
}
