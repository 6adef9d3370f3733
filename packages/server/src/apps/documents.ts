/**
 * The bundled document of a revision, for hosting and export. Revisions are immutable, so a small
 * in-process cache keyed by revision id is always correct (each node keeps its own).
 */

import type { JsonObject, OasVersion } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import type { ApiApp } from '../store/apps.ts';
import { getRevisionById, type Revision } from '../store/revisions.ts';
import { readDefinition } from './definition.ts';
import type { DefinitionReport } from './report.ts';

export interface RevisionDocument {
  revision: Omit<Revision<DefinitionReport>, 'text'>;
  document: JsonObject;
  version: { family: OasVersion; version: string };
  /** Serializations, made on first request. */
  serialized: { json?: string; yaml?: string };
}

const CACHE_SIZE = 16;
const cache = new Map<string, RevisionDocument>();

function remember(entry: RevisionDocument): RevisionDocument {
  cache.delete(entry.revision.id);
  cache.set(entry.revision.id, entry);
  while (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return entry;
}

/** The current revision's bundled document; 409 when the app has no definition yet. */
export async function currentDocument(server: FastifyInstance, app: ApiApp): Promise<RevisionDocument> {
  if (!app.currentRevisionId) {
    fail(
      'conflict',
      `API app "${app.name}" has no definition yet; upload one with PUT /api/v1/apps/${app.name}/definition.`,
    );
  }
  const hit = cache.get(app.currentRevisionId);
  if (hit) return remember(hit);
  const revision =
    (await getRevisionById<DefinitionReport>(server.store.db, app.currentRevisionId)) ?? fail('revision_not_found');
  const { text, ...rest } = revision;
  const read = await readDefinition(text, { uri: `${app.name} revision ${revision.number}`, maxBytes: Infinity });
  return remember({ revision: rest, document: read.document, version: read.version, serialized: {} });
}
