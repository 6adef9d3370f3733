/** Gives findings about content bundled from other files the file, pointer and position where it really is. */
import type { Finding, ResolvedDefinition } from '../core.ts';
import { displayUri } from '../loaders/display.ts';

/**
 * Findings point into the bundled document; for parts that came from another file (an external `$ref`), this
 * swaps in that file (as `source`), the pointer inside it and its line/column, so the user can go there.
 */
export function placeFindings(findings: readonly Finding[], resolved: ResolvedDefinition, cwd: string): Finding[] {
  return findings.map((raw) => {
    const finding = shortenUris(raw, cwd);
    if (finding.source !== undefined) return finding;
    const origin = resolved.origin(finding.pointer);
    if (!origin || origin.uri === resolved.root.uri) return finding;
    const { line: _line, column: _column, ...rest } = finding;
    const placed: Finding = { ...rest, pointer: origin.pointer, source: displayUri(origin.uri, cwd) };
    if (origin.line !== undefined) placed.line = origin.line;
    if (origin.column !== undefined) placed.column = origin.column;
    return placed;
  });
}

/** Writes file URIs in a finding's message as the paths the user typed (`api.yaml`, not `file:///home/…/api.yaml`). */
export function shortenUris(finding: Finding, cwd: string): Finding {
  if (!finding.message.includes('file:')) return finding;
  const message = finding.message.replace(/file:\/\/[^\s"'`,;()]+/g, (match) => {
    const uri = match.replace(/[.:]+$/, '');
    return displayUri(uri, cwd) + match.slice(uri.length);
  });
  return { ...finding, message };
}
