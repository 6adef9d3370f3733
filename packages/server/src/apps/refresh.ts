/**
 * Refreshing an app from its definition URL: a conditional fetch (ETag / Last-Modified of the last one), then a
 * new revision only when the content changed. The outcome of every fetch is kept on the app (the error of a
 * failed one is shown in lists) and audited; a failure leaves the current revision as it was.
 */
import type { FastifyInstance } from 'fastify';
import { fail, PorticoError } from '../errors.ts';
import { getAppSettings, recordFetch } from '../store/app-settings.ts';
import type { ApiApp } from '../store/apps.ts';
import { ingestRevision } from './ingest.ts';
import { type Actor, analyzeUnlessCurrent, auditAs } from './service.ts';
import { fetchFailed, fetchSource } from './source.ts';

export interface RefreshOutcome {
  changed: boolean;
  /** The server answered 304 Not Modified. */
  notModified: boolean;
}

/** Records a failed fetch on the app (in its own transaction) and returns the error to throw. */
async function failed(server: FastifyInstance, actor: Actor, app: ApiApp, error: PorticoError): Promise<PorticoError> {
  await server.store.transaction(async (trx) => {
    await recordFetch(trx, app.id, { error: error.message });
    await auditAs(trx, actor, {
      action: 'app.refresh',
      resourceId: app.id,
      outcome: 'failure',
      summary: { app: app.name, code: error.code },
    });
  });
  return error;
}

/** Fetches the app's definition URL again; throws the API error when it cannot be fetched or read. */
export async function refreshApiApp(server: FastifyInstance, actor: Actor, app: ApiApp): Promise<RefreshOutcome> {
  if (app.source.kind !== 'url') {
    fail(
      'conflict',
      `API app "${app.name}" has an uploaded definition, not a URL; upload a new one with PUT /api/v1/apps/${app.name}/definition.`,
    );
  }
  const url = app.source.url;
  const settings = await getAppSettings(server.store.db, app.id);
  const fetched = await fetchSource(server.config, url, {
    etag: settings.sourceEtag,
    lastModified: settings.sourceLastModified,
  });
  if (!fetched.ok && fetched.code === 'not-modified') {
    await server.store.transaction(async (trx) => {
      await recordFetch(trx, app.id, {});
      await auditAs(trx, actor, {
        action: 'app.refresh',
        resourceId: app.id,
        summary: { app: app.name, changed: false, notModified: true },
      });
    });
    return { changed: false, notModified: true };
  }
  if (!fetched.ok) throw await failed(server, actor, app, fetchFailed(fetched));
  // The same text as the current revision is not analysed again. Definition URLs without ETag or Last-Modified
  // answer 200 to every check, and analysing a large definition costs a core for a second or two (GitHub's
  // 13 MB, on the analysis worker since apps/analysis.ts); the outcome is the one ingestRevision gives.
  let checked: Awaited<ReturnType<typeof analyzeUnlessCurrent>>;
  try {
    checked = await analyzeUnlessCurrent(server, fetched.text, url, app);
  } catch (error) {
    if (error instanceof PorticoError) throw await failed(server, actor, app, error);
    throw error;
  }
  return server.store.transaction(async (trx) => {
    await recordFetch(trx, app.id, { etag: fetched.etag ?? null, lastModified: fetched.lastModified ?? null });
    const ingested =
      'analyzed' in checked
        ? await ingestRevision(trx, actor, app, { text: fetched.text, ...checked, source: { kind: 'url', url } })
        : { changed: false, revision: checked.unchanged };
    await auditAs(trx, actor, {
      action: 'app.refresh',
      resourceId: app.id,
      summary: { app: app.name, changed: ingested.changed, revision: ingested.revision.number },
    });
    return { changed: ingested.changed, notModified: false };
  });
}
