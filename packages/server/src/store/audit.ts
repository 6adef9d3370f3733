/** The audit log: append-only records of who changed what, when and from where. */
import type { Db } from './store.ts';
import { newId, nowIso, parseJson } from './util.ts';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  /** Dotted verb, e.g. `environment.create`, `auth.login`. */
  action: string;
  outcome: 'success' | 'failure';
  resourceType: string;
  resourceId: string | null;
  /** What changed, without secrets. */
  summary: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  /** Inclusive lower bound (ISO time). */
  since?: string;
  /** Exclusive upper bound (ISO time). */
  until?: string;
}

/** Opaque paging position: the (at, id) of the last entry of the previous page. */
export interface AuditCursor {
  at: string;
  id: string;
}

let sequence = 0;

/**
 * Audit ids sort in the order this process wrote them (a per-process sequence before the random part), so
 * entries made in the same millisecond still list newest first; `at` is only millisecond-precise.
 */
function auditId(): string {
  sequence = (sequence + 1) % 36 ** 6;
  return newId(`aud_${Date.now().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(6, '0')}`);
}

/** Appends an entry (in the caller's transaction, so it exists exactly when the change does). */
export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<AuditEntry> {
  const full: AuditEntry = { ...entry, id: auditId(), at: entry.at ?? nowIso() };
  await db
    .insertInto('audit_log')
    .values({
      id: full.id,
      at: full.at,
      actor_id: full.actorId,
      actor_email: full.actorEmail,
      action: full.action,
      outcome: full.outcome,
      resource_type: full.resourceType,
      resource_id: full.resourceId,
      summary: JSON.stringify(full.summary),
      ip: full.ip,
      user_agent: full.userAgent,
    })
    .execute();
  return full;
}

/** Entries matching the filter, newest first, at most `limit`, after the cursor. */
export async function queryAudit(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; after?: AuditCursor },
): Promise<{ entries: AuditEntry[]; next?: AuditCursor }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.resourceType) query = query.where('resource_type', '=', filter.resourceType);
  if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.since) query = query.where('at', '>=', filter.since);
  if (filter.until) query = query.where('at', '<', filter.until);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.slice(0, page.limit).map(
    (r): AuditEntry => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      outcome: r.outcome === 'failure' ? 'failure' : 'success',
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      summary: parseJson<Record<string, unknown>>(r.summary),
      ip: r.ip,
      userAgent: r.user_agent,
    }),
  );
  const last = entries[entries.length - 1];
  return rows.length > page.limit && last ? { entries, next: { at: last.at, id: last.id } } : { entries };
}
