/** Revisions: immutable, content-hashed snapshots of an API app's definition, numbered 1, 2, 3… per app. */
import type { Db } from './store.ts';
import { newId, nowIso, parseJson } from './util.ts';

/** Where a revision's text came from. */
export type RevisionSource = { kind: 'url'; url: string } | { kind: 'upload'; filename?: string };

/** A revision without its text (for lists). */
export interface RevisionSummary {
  id: string;
  appId: string;
  number: number;
  contentHash: string;
  source: RevisionSource;
  mediaType: string;
  createdAt: string;
  createdBy: string | null;
}

/** A revision with its text and validation report (the report is whatever JSON the core produced). */
export interface Revision<Report = unknown> extends RevisionSummary {
  text: string;
  report: Report;
}

const SUMMARY_COLUMNS = [
  'id',
  'app_id',
  'number',
  'content_hash',
  'source',
  'media_type',
  'created_at',
  'created_by',
] as const;

function toSummary(row: {
  id: string;
  app_id: string;
  number: number;
  content_hash: string;
  source: string;
  media_type: string;
  created_at: string;
  created_by: string | null;
}): RevisionSummary {
  return {
    id: row.id,
    appId: row.app_id,
    number: Number(row.number),
    contentHash: row.content_hash,
    source: parseJson<RevisionSource>(row.source),
    mediaType: row.media_type,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * Adds the next revision of an app (number = last + 1). Run it in a transaction together with
 * `updateApp(…currentRevisionId)`; a concurrent writer makes the unique (app, number) key fail instead of
 * two revisions sharing a number.
 */
export async function addRevision<Report>(
  db: Db,
  input: {
    appId: string;
    contentHash: string;
    source: RevisionSource;
    mediaType: string;
    text: string;
    report: Report;
    createdBy: string | null;
  },
): Promise<Revision<Report>> {
  const last = await db
    .selectFrom('revisions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('app_id', '=', input.appId)
    .executeTakeFirst();
  const row = {
    id: newId('rev'),
    app_id: input.appId,
    number: Number(last?.n ?? 0) + 1,
    content_hash: input.contentHash,
    source: JSON.stringify(input.source),
    media_type: input.mediaType,
    text: input.text,
    report: JSON.stringify(input.report),
    created_at: nowIso(),
    created_by: input.createdBy,
  };
  await db.insertInto('revisions').values(row).execute();
  return { ...toSummary(row), text: input.text, report: input.report };
}

/** An app's revisions without text, newest first. */
export async function listRevisions(db: Db, appId: string): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom('revisions')
    .select(SUMMARY_COLUMNS)
    .where('app_id', '=', appId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map(toSummary);
}

/** One revision with text and report, by number; `latest` when number is omitted. */
export async function getRevision<Report = unknown>(
  db: Db,
  appId: string,
  number?: number,
): Promise<Revision<Report> | undefined> {
  let query = db.selectFrom('revisions').selectAll().where('app_id', '=', appId);
  query = number === undefined ? query.orderBy('number', 'desc').limit(1) : query.where('number', '=', number);
  const row = await query.executeTakeFirst();
  return row && { ...toSummary(row), text: row.text, report: parseJson<Report>(row.report) };
}

/** One revision without text and report, by id (what ingest and hosting need to decide, without the megabytes). */
export async function getRevisionSummaryById(db: Db, id: string): Promise<RevisionSummary | undefined> {
  const row = await db.selectFrom('revisions').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toSummary(row);
}

/** One revision with text and report, by id. */
export async function getRevisionById<Report = unknown>(db: Db, id: string): Promise<Revision<Report> | undefined> {
  const row = await db.selectFrom('revisions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...toSummary(row), text: row.text, report: parseJson<Report>(row.report) };
}

/** The newest revision of an app with this content hash, if the content was seen before. */
export async function findRevisionByHash(
  db: Db,
  appId: string,
  contentHash: string,
): Promise<RevisionSummary | undefined> {
  const row = await db
    .selectFrom('revisions')
    .select(SUMMARY_COLUMNS)
    .where('app_id', '=', appId)
    .where('content_hash', '=', contentHash)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toSummary(row);
}
