/**
 * The hosted texts of a revision (`/apps/{app}/definition.json|yaml`): the bundled document serialized, made by
 * the analyzer (on its worker for large definitions, apps/analysis.ts) on first request. Revisions are
 * immutable, so a small in-process cache keyed by revision id is always correct (each node keeps its own).
 */
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import type { ApiApp } from '../store/apps.ts';
import { getRevisionById, getRevisionSummaryById, type RevisionSummary } from '../store/revisions.ts';
import type { HostedFormat } from './analysis.ts';

export interface HostedRevision {
  revision: RevisionSummary;
  /** Serializations, made on first request (shared by concurrent requests). */
  serialized: Partial<Record<HostedFormat, Promise<string>>>;
}

const CACHE_SIZE = 16;
const cache = new Map<string, HostedRevision>();

function remember(entry: HostedRevision): HostedRevision {
  cache.delete(entry.revision.id);
  cache.set(entry.revision.id, entry);
  while (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return entry;
}

/** The id of the app's current revision; 409 when the app has no definition yet. */
export function currentRevisionId(app: ApiApp): string {
  return (
    app.currentRevisionId ??
    fail(
      'conflict',
      `API app "${app.name}" has no definition yet; upload one with PUT /api/v1/apps/${app.name}/definition.`,
    )
  );
}

/** The app's current revision for hosting (without its text); 409 when the app has no definition yet. */
export async function currentRevision(server: FastifyInstance, app: ApiApp): Promise<HostedRevision> {
  const id = currentRevisionId(app);
  const hit = cache.get(id);
  if (hit) return remember(hit);
  const revision = (await getRevisionSummaryById(server.store.db, id)) ?? fail('revision_not_found');
  return remember({ revision, serialized: {} });
}

/** The revision's text in `format`, made once per revision and format. */
export function hostedText(
  server: FastifyInstance,
  app: ApiApp,
  entry: HostedRevision,
  format: HostedFormat,
): Promise<string> {
  let made = entry.serialized[format];
  if (!made) {
    made = getRevisionById(server.store.db, entry.revision.id).then((stored) =>
      server.analyzer.host({
        text: (stored ?? fail('revision_not_found')).text,
        uri: `${app.name} revision ${entry.revision.number}`,
        format,
      }),
    );
    // A failure is not kept: the next request tries again.
    made.catch(() => {
      if (entry.serialized[format] === made) delete entry.serialized[format];
    });
    entry.serialized[format] = made;
  }
  return made;
}
