/**
 * API app services shared by the routes and by start-up code (e.g. `portico demo` registering its API):
 * obtaining a definition (fetch or upload, analysed by the core) and creating an app with its first
 * revision in one transaction. Audit entries come from the request when there is one, else are system ones.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit, recordSystemAudit } from '../audit/record.ts';
import { fail } from '../errors.ts';
import { recordFetch, updateAppSettings } from '../store/app-settings.ts';
import { type ApiApp, createApp, getApp, getAppById } from '../store/apps.ts';
import { findRevisionByHash, getRevisionById, type RevisionSource, type RevisionSummary } from '../store/revisions.ts';
import type { Db } from '../store/store.ts';
import type { User } from '../store/users.ts';
import type { Analysis, AnalysisRequest } from './analysis.ts';
import { contentHash } from './definition.ts';
import { ingestRevision } from './ingest.ts';
import { fetchFailed, fetchSource } from './source.ts';

/** Who makes a change: the request (IP, user agent, principal) or, outside HTTP, the acting user. */
export interface Actor {
  user: User;
  request?: FastifyRequest;
}

/** A definition obtained for a new revision: the text, where it came from and the conditional-fetch values. */
export interface Obtained {
  text: string;
  source: RevisionSource;
  contentHash: string;
  /**
   * The analysis of `text`, with its diff against the revision it would replace; absent when `text` is the
   * content of the current revision of the app it replaces (`unchanged`), which is not analysed again
   * (ingestRevision keeps it).
   */
  analyzed?: Analysis;
  unchanged?: RevisionSummary;
  etag?: string | null;
  lastModified?: string | null;
}

/** Records an audit entry from the request, or as a system change by the actor. */
export async function auditAs(
  db: Db,
  actor: Actor,
  event: {
    action: string;
    resourceId: string;
    summary: Record<string, unknown>;
    outcome?: 'success' | 'failure';
  },
): Promise<void> {
  const full = { ...event, resourceType: 'app' };
  if (actor.request) await recordAudit(db, actor.request, full);
  else
    await recordSystemAudit(db, {
      ...full,
      actor: { id: actor.user.id, email: actor.user.email },
      via: 'portico-server',
    });
}

/** The current revision of `app`, as the analysis diffs a new text against it (none for a new app). */
async function replacedRevision(
  server: FastifyInstance,
  app: ApiApp | undefined,
): Promise<AnalysisRequest['previous']> {
  const id = app?.currentRevisionId;
  const revision = id ? await getRevisionById(server.store.db, id) : undefined;
  return (
    revision && { id: revision.id, number: revision.number, text: revision.text, contentHash: revision.contentHash }
  );
}

/** Analyses a text off the event loop (apps/analysis.ts), with its diff against the revision it would replace. */
async function analyzeFor(
  server: FastifyInstance,
  text: string,
  uri: string,
  replacing: ApiApp | undefined,
): Promise<Analysis> {
  const previous = await replacedRevision(server, replacing);
  return server.analyzer.analyze({
    text,
    uri,
    maxBytes: server.config.bodyLimit,
    ...(previous ? { previous } : {}),
  });
}

/** The current revision of app `appId` when its content hash is `hash`; undefined otherwise. */
async function currentRevisionWithHash(
  server: FastifyInstance,
  appId: string,
  hash: string,
): Promise<RevisionSummary | undefined> {
  const currentId = (await getAppById(server.store.db, appId))?.currentRevisionId;
  if (!currentId) return undefined;
  const found = await findRevisionByHash(server.store.db, appId, hash);
  return found?.id === currentId ? found : undefined;
}

/**
 * Analyses `text` unless it is the content of the current revision of `replacing` (then that revision is the
 * answer). Uploading, re-fetching or pointing an app at the definition it already has changes nothing
 * (ingestRevision), and analysing a large definition again would cost a core for a second or two and read the
 * current revision's text, only to be thrown away.
 */
export async function analyzeUnlessCurrent(
  server: FastifyInstance,
  text: string,
  uri: string,
  replacing: ApiApp | undefined,
): Promise<{ contentHash: string; analyzed: Analysis } | { contentHash: string; unchanged: RevisionSummary }> {
  const hash = contentHash(text);
  const unchanged = replacing && (await currentRevisionWithHash(server, replacing.id, hash));
  if (unchanged) return { contentHash: hash, unchanged };
  return { contentHash: hash, analyzed: await analyzeFor(server, text, uri, replacing) };
}

/**
 * Fetches a definition URL and analyses it (against the current revision of `replacing`); fetch and parse
 * failures become API errors.
 */
export async function obtainFromUrl(server: FastifyInstance, url: string, replacing?: ApiApp): Promise<Obtained> {
  const fetched = await fetchSource(server.config, url);
  if (!fetched.ok) throw fetchFailed(fetched);
  return {
    text: fetched.text,
    source: { kind: 'url', url },
    ...(await analyzeUnlessCurrent(server, fetched.text, url, replacing)),
    etag: fetched.etag ?? null,
    lastModified: fetched.lastModified ?? null,
  };
}

/**
 * Analyses an uploaded text (against the current revision of `replacing`); parse failures name the file (or
 * "the uploaded definition") and the line.
 */
export async function obtainFromText(
  server: FastifyInstance,
  text: string,
  filename?: string,
  replacing?: ApiApp,
): Promise<Obtained> {
  return {
    text,
    source: filename ? { kind: 'upload', filename } : { kind: 'upload' },
    ...(await analyzeUnlessCurrent(server, text, filename ?? 'the uploaded definition', replacing)),
  };
}

export interface NewApiApp {
  name: string;
  displayName?: string;
  baseUrl?: string | null;
  corsOrigins?: string[];
  /** Exactly one: a URL Portico fetches, or the text of the definition. */
  definitionUrl?: string;
  definition?: string;
  filename?: string;
}

/**
 * Registers an API app: obtains and analyses the definition first (nothing is written when that fails), then
 * creates the app (the actor becomes owner), its settings and revision 1 in one transaction.
 */
export async function createApiApp(server: FastifyInstance, actor: Actor, input: NewApiApp): Promise<ApiApp> {
  if (await getApp(server.store.db, input.name)) appExists(input.name);
  const obtained =
    input.definitionUrl !== undefined
      ? await obtainFromUrl(server, input.definitionUrl)
      : await obtainFromText(server, input.definition ?? '', input.filename);
  return server.store.transaction(async (trx) => {
    const inserted = await createApp(trx, {
      name: input.name,
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      baseUrl: input.baseUrl ?? null,
      source: input.definitionUrl !== undefined ? { kind: 'url', url: input.definitionUrl } : { kind: 'upload' },
      createdBy: actor.user.id,
    });
    if (!inserted.ok) appExists(input.name);
    const record = inserted.value;
    await updateAppSettings(trx, record.id, input.corsOrigins ? { corsOrigins: input.corsOrigins } : {});
    if (obtained.source.kind === 'url') {
      await recordFetch(trx, record.id, { etag: obtained.etag ?? null, lastModified: obtained.lastModified ?? null });
    }
    await auditAs(trx, actor, {
      action: 'app.create',
      resourceId: record.id,
      summary: { name: record.name, source: record.source, baseUrl: record.baseUrl },
    });
    await ingestRevision(trx, actor, record, obtained);
    return (await getApp(trx, record.name)) ?? record;
  });
}

function appExists(name: string): never {
  fail('app_exists', `An API app named "${name}" already exists; choose another name or refresh that app.`);
}
