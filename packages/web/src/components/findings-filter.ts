/** The findings list's filter: by severity and by words searched in message, rule, pointer, fix and check. */
import type { Finding } from '../api/types.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface LabelledFinding extends Partial<Finding> {
  /** Which check found it, e.g. "OpenAPI" or "Power Platform". */
  profile?: string;
}

/** A finding's severity; anything but error and warning counts as information. */
export const severityOf = (f: LabelledFinding): Severity =>
  f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info';

const haystack = (f: LabelledFinding) =>
  [f.message, f.rule, f.pointer, f.fix, f.profile].filter(Boolean).join(' ').toLowerCase();

/** The words of a search, lower-cased; empty when the search is blank. */
export const searchWords = (query: string): string[] => query.trim().toLowerCase().split(/\s+/).filter(Boolean);

/** Findings of the chosen severity ("all" for any) that contain every searched word, case-insensitively. */
export function filterFindings(
  findings: readonly LabelledFinding[],
  filter: { severity: 'all' | Severity; query: string },
): LabelledFinding[] {
  const words = searchWords(filter.query);
  return findings.filter(
    (f) =>
      (filter.severity === 'all' || severityOf(f) === filter.severity) && words.every((w) => haystack(f).includes(w)),
  );
}
