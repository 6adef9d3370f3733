/**
 * The hosted texts of a revision (`/apps/{app}/definition.json|yaml`): the bundled document serialized, made by
 * the analyzer (on its worker for large definitions, apps/analysis.ts) on first request. Revisions are
 * immutable, so a small in-process cache keyed by revision id is always correct (each node keeps its own).
 */
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import type { ApiApp } from '../store/apps.ts';
import { getRevisionById, type Revision } from '../store/revisions.ts';
import type { HostedFormat } from './analysis.ts';
import type { DefinitionReport } from './report.ts';

export interface HostedRevision {
  revision: Omit<Revision<DefinitionReport>, 'text'>;
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

async function storedRevision(server: FastifyInstance, id: string): Promise<Revision<DefinitionReport>> {
  return (await getRevisionById<DefinitionReport>(server.store.db, id)) ?? fail('revision_not_found');
}

/** The app's current revision for hosting; 409 when the app has no definition yet. */
export async function currentRevision(server: FastifyInstance, app: ApiApp): Promise<HostedRevision> {
  if (!app.currentRevisionId) {
    fail(
      'conflict',
      `API app "${app.name}" has no definition yet; upload one with PUT /api/v1/apps/${app.name}/definition.`,
    );
  }
  const hit = cache.get(app.currentRevisionId);
  if (hit) return remember(hit);
  const { text: _text, ...revision } = await storedRevision(server, app.currentRevisionId);
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
    made = storedRevision(server, entry.revision.id).then((stored) =>
      server.analyzer.host({ text: stored.text, uri: `${app.name} revision ${stored.number}`, format }),
    );
    // A failure is not kept: the next request tries again.
    made.catch(() => {
      if (entry.serialized[format] === made) delete entry.serialized[format];
    });
    entry.serialized[format] = made;
  }
  return made;
}
