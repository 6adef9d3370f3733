/** Recording audit entries from a request: who (principal), from where (IP, user agent), what (scrubbed). */
import type { FastifyRequest } from 'fastify';
import { type AuditEntry, insertAuditEntry } from '../store/audit.ts';
import type { Db } from '../store/store.ts';

/** Keys whose values are secrets; their values never reach the audit log. */
const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key)/i;

/** A deep copy of `value` with the values of secret-looking keys replaced by "[redacted]". */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : scrubSecrets(v)]),
    );
  }
  return value;
}

export interface AuditEvent {
  /** Dotted verb: `<resource>.<verb>`, e.g. `connector.create`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  summary?: Record<string, unknown>;
  outcome?: 'success' | 'failure';
  /** Overrides the actor (e.g. a failed sign-in names the email tried). */
  actor?: { id: string | null; email: string | null };
}

/**
 * Records one change made by this request. Pass the transaction that makes the change, so the entry
 * exists exactly when the change does.
 */
export async function recordAudit(db: Db, req: FastifyRequest, event: AuditEvent): Promise<AuditEntry> {
  const user = req.principal?.user;
  return insertAuditEntry(db, {
    actorId: event.actor ? event.actor.id : (user?.id ?? null),
    actorEmail: event.actor ? event.actor.email : (user?.email ?? null),
    action: event.action,
    outcome: event.outcome ?? 'success',
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    summary: scrubSecrets(event.summary ?? {}) as Record<string, unknown>,
    ip: req.ip ?? null,
    userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
  });
}

/** Records a change made outside HTTP (CLI commands on the database, start-up tasks). */
export async function recordSystemAudit(db: Db, event: AuditEvent & { via: string }): Promise<AuditEntry> {
  return insertAuditEntry(db, {
    actorId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    action: event.action,
    outcome: event.outcome ?? 'success',
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    summary: scrubSecrets(event.summary ?? {}) as Record<string, unknown>,
    ip: null,
    userAgent: event.via,
  });
}
