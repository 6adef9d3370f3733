/**
 * The diff each revision makes against the previous one, from @portico/openapi's diffDefinitions, breaking
 * changes first. Made with the analysis of a new text (apps/analysis-run.ts) and stored when the revision is
 * (apps/ingest.ts); computed on first read for revisions stored without one. Diffs of stored revisions are made
 * by the definition analyzer (apps/analysis.ts): off the event loop for large definitions.
 */
import { type Change, diffDefinitions, type JsonObject } from '@portico/openapi';
import type { DefinitionAnalyzer } from '../apps/analysis.ts';
import { getRevision, getRevisionById, type Revision } from '../store/revisions.ts';
import type { Db } from '../store/store.ts';
import { nowIso } from '../store/util.ts';
import { getRevisionDiff, type StoredRevisionDiff, saveRevisionDiff } from './store.ts';

const RANK = { breaking: 0, unknown: 1, 'non-breaking': 2 } as const;

/** Changes ordered for a person: breaking first, then unknown, then non-breaking (stable within each). */
export function breakingFirst(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => RANK[a.classification] - RANK[b.classification]);
}

/** Diffs two bundled documents into the stored shape. */
export function diffDocuments(
  oldDocument: JsonObject,
  newDocument: JsonObject,
  ids: { revisionId: string; previousRevisionId: string | null },
): StoredRevisionDiff {
  const diff = diffDefinitions(oldDocument, newDocument);
  return {
    ...ids,
    summary: diff.summary,
    changes: breakingFirst(diff.changes),
    comparedAs: diff.comparedAs,
    createdAt: nowIso(),
  };
}

/** Diffs two stored revisions with the analyzer. */
async function diffStored(analyzer: DefinitionAnalyzer, from: Revision, to: Revision): Promise<StoredRevisionDiff> {
  const diff = await analyzer.diff({
    text: to.text,
    uri: `revision ${to.number}`,
    from: { text: from.text, uri: `revision ${from.number}` },
  });
  return { revisionId: to.id, previousRevisionId: from.id, ...diff, createdAt: nowIso() };
}

/** A revision's diff against the previous revision (by number): stored, or computed and stored now. */
export async function revisionDiff(
  db: Db,
  analyzer: DefinitionAnalyzer,
  revision: Revision,
): Promise<StoredRevisionDiff | null> {
  const stored = await getRevisionDiff(db, revision.id);
  if (stored) return stored;
  if (revision.number <= 1) return null;
  const previous = await getRevision(db, revision.appId, revision.number - 1);
  if (!previous) return null;
  const diff = await diffStored(analyzer, previous, revision);
  await saveRevisionDiff(db, diff);
  return diff;
}

/** Diffs two revisions of an app by id (e.g. the one a connector was made from and the current one). */
export async function diffRevisions(
  db: Db,
  analyzer: DefinitionAnalyzer,
  fromId: string,
  toId: string,
): Promise<StoredRevisionDiff> {
  const [from, to] = await Promise.all([getRevisionById(db, fromId), getRevisionById(db, toId)]);
  if (!from || !to) throw new Error(`revision ${from ? toId : fromId} is missing`);
  if (from.id === to.id) {
    return {
      revisionId: to.id,
      previousRevisionId: from.id,
      summary: { breaking: 0, nonBreaking: 0, unknown: 0 },
      changes: [],
      comparedAs: '3.0',
      createdAt: nowIso(),
    };
  }
  if (to.number === from.number + 1) {
    const stored = await revisionDiff(db, analyzer, to);
    if (stored) return stored;
  }
  return diffStored(analyzer, from, to);
}
