/** The audit log for global administrators: filters and cursor paging, newest first. */
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import { type AuditCursor, queryAudit } from '../store/audit.ts';

interface AuditQuery {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): AuditCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // fall through
  }
  return fail(
    'validation_failed',
    'The cursor is not one returned by this API; pass nextCursor from the previous page.',
    [{ in: 'querystring', pointer: '/cursor', message: 'unknown cursor' }],
  );
}

/** Route: GET /audit. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: AuditQuery }>(
    '/api/v1/audit',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'ListAuditEntries',
        summary: 'List audit log entries',
        description: 'Who changed what, when and from where; newest first. Administrators only.',
        tags: ['Administration'],
        querystring: {
          type: 'object',
          properties: {
            actor: { type: 'string', description: 'User id of the actor.' },
            action: { type: 'string', description: 'e.g. environment.create' },
            resourceType: { type: 'string' },
            resourceId: { type: 'string' },
            since: { type: 'string', format: 'date-time', description: 'Entries at or after this time.' },
            until: { type: 'string', format: 'date-time', description: 'Entries before this time.' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            cursor: { type: 'string', description: 'nextCursor of the previous page.' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'AuditEntry#' } }, nextCursor: { type: 'string' } },
          },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const iso = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);
      const page = await queryAudit(
        app.store.db,
        {
          actorId: q.actor,
          action: q.action,
          resourceType: q.resourceType,
          resourceId: q.resourceId,
          since: iso(q.since),
          until: iso(q.until),
        },
        { limit: q.limit, after: q.cursor ? decodeCursor(q.cursor) : undefined },
      );
      return { items: page.entries, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
    },
  );
}
