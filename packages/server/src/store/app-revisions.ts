/**
 * Revision queries of the API side: the small summary of each revision's report (version, title, operation
 * count, error and warning counts per profile), stored beside the revision so lists never parse whole reports.
 */
import type { RevisionSource, RevisionSummary } from './revisions.ts';
import type { Db } from './store.ts';
import { parseJson } from './util.ts';

interface RevisionStatsTable {
  revision_id: string;
  stats: string;
}

/** What lists show of a revision's report. */
export interface RevisionStats {
  version: string;
  title: string | null;
  operations: number;
  openapi: { errors: number; warnings: number };
  powerplatform: { errors: number; warnings: number };
}

export type RevisionWithStats = RevisionSummary & { stats: RevisionStats | null };

const COLUMNS = [
  'r.id',
  'r.app_id',
  'r.number',
  'r.content_hash',
  'r.source',
  'r.media_type',
  'r.created_at',
  'r.created_by',
  's.stats',
] as const;

function typed(db: Db) {
  return db.withTables<{ revision_stats: RevisionStatsTable }>();
}

function toRevision(row: {
  id: string;
  app_id: string;
  number: number;
  content_hash: string;
  source: string;
  media_type: string;
  created_at: string;
  created_by: string | null;
  stats: string | null;
}): RevisionWithStats {
  return {
    id: row.id,
    appId: row.app_id,
    number: Number(row.number),
    contentHash: row.content_hash,
    source: parseJson<RevisionSource>(row.source),
    mediaType: row.media_type,
    createdAt: row.created_at,
    createdBy: row.created_by,
    stats: row.stats === null ? null : parseJson<RevisionStats>(row.stats),
  };
}

/** Stores the summary of a revision's report (in the transaction that adds the revision). */
export async function saveRevisionStats(db: Db, revisionId: string, stats: RevisionStats): Promise<void> {
  await typed(db)
    .insertInto('revision_stats')
    .values({ revision_id: revisionId, stats: JSON.stringify(stats) })
    .execute();
}

/** Revisions by id with their summaries (no text, no report), e.g. the current revisions of listed apps. */
export async function getRevisionsWithStats(db: Db, ids: readonly string[]): Promise<Map<string, RevisionWithStats>> {
  const out = new Map<string, RevisionWithStats>();
  if (ids.length === 0) return out;
  const rows = await typed(db)
    .selectFrom('revisions as r')
    .leftJoin('revision_stats as s', 's.revision_id', 'r.id')
    .select(COLUMNS)
    .where('r.id', 'in', ids)
    .execute();
  for (const row of rows) out.set(row.id, toRevision(row));
  return out;
}

/** An app's revisions with their summaries (no text, no report), newest first. */
export async function listRevisionsWithStats(db: Db, appId: string): Promise<RevisionWithStats[]> {
  const rows = await typed(db)
    .selectFrom('revisions as r')
    .leftJoin('revision_stats as s', 's.revision_id', 'r.id')
    .select(COLUMNS)
    .where('r.app_id', '=', appId)
    .orderBy('r.number', 'desc')
    .execute();
  return rows.map(toRevision);
}
