/**
 * Turning a fetched or uploaded text into a revision: analysed by the core first (outside any transaction),
 * then stored only when the content differs from the current revision, in the caller's transaction.
 */
import { saveRevisionDiff } from '../changes/store.ts';
import { fail } from '../errors.ts';
import { saveRevisionStats } from '../store/app-revisions.ts';
import type { ApiApp } from '../store/apps.ts';
import { getAppById, updateApp } from '../store/apps.ts';
import { addRevision, getRevisionSummaryById, type RevisionSource, type RevisionSummary } from '../store/revisions.ts';
import type { Db } from '../store/store.ts';
import { isUniqueViolation, nowIso } from '../store/util.ts';
import type { Analysis } from './analysis.ts';
import { type DefinitionReport, reportStats } from './report.ts';
import { type Actor, auditAs } from './service.ts';

/** Refuses a change that another revision of the same app overtook (made between analysis and transaction). */
function concurrentChange(app: ApiApp): never {
  fail('conflict', `Another change to API app "${app.name}" made a revision at the same time; try again.`);
}

export interface IngestResult {
  changed: boolean;
  revision: RevisionSummary;
}

/**
 * Stores `analyzed` as the app's new current revision unless its content equals the current one.
 * Audits `app.revision.create` when a revision is made. A text left unanalysed (apps/service.ts, because it was
 * the current revision's content) must still be: when another revision landed since, the change is refused as
 * concurrent.
 */
export async function ingestRevision(
  trx: Db,
  actor: Actor,
  app: ApiApp,
  input: { text: string; contentHash: string; analyzed?: Analysis; source: RevisionSource },
): Promise<IngestResult> {
  // Read the current revision inside the transaction: another change may have landed since the request began.
  const currentId = (await getAppById(trx, app.id))?.currentRevisionId ?? null;
  const current = currentId ? await getRevisionSummaryById(trx, currentId) : undefined;
  if (current && current.contentHash === input.contentHash) return { changed: false, revision: current };
  const analyzed = input.analyzed ?? concurrentChange(app);
  let revision: Awaited<ReturnType<typeof addRevision<DefinitionReport>>>;
  try {
    revision = await addRevision(trx, {
      appId: app.id,
      contentHash: input.contentHash,
      source: input.source,
      mediaType: analyzed.mediaType,
      text: input.text,
      report: analyzed.report,
      createdBy: actor.user.id,
    });
  } catch (error) {
    if (isUniqueViolation(error)) concurrentChange(app);
    throw error;
  }
  await saveRevisionStats(trx, revision.id, reportStats(analyzed.report));
  // Issue 6: the revision's diff against the one it replaces, made with the analysis (apps/analysis-run.ts) and
  // stored when that is still the current revision. Otherwise (another revision landed in between, or the diff
  // failed) it is made when first read (changes/revision-diff.ts).
  const diff = analyzed.diff;
  if (current && diff?.previousRevisionId === current.id) {
    await saveRevisionDiff(trx, { ...diff, revisionId: revision.id, createdAt: nowIso() });
  }
  await updateApp(trx, app.id, { currentRevisionId: revision.id });
  await auditAs(trx, actor, {
    action: 'app.revision.create',
    resourceId: app.id,
    summary: {
      app: app.name,
      revision: revision.number,
      contentHash: revision.contentHash,
      source: input.source.kind,
      errors: analyzed.report.openapi.errors,
    },
  });
  const { text: _text, report: _report, ...summary } = revision;
  return { changed: true, revision: summary };
}
