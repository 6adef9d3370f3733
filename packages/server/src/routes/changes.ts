/**
 * Routes of issue 6 on the API side: a revision's diff against the previous one, the refresh schedule, the
 * per-app refresh webhook (token created and rotated by owners, shown once) and an on-demand check. Also
 * registers the connector-side routes and runs the refresh scheduler for the life of the server (unless
 * PORTICO_CHANGE_CHECKS is off; it also sets the scheduler's tick).
 */
import type { FastifyInstance } from 'fastify';
import { findRevision } from '../apps/revisions.ts';
import { appParams, scopedApp } from '../apps/shared.ts';
import { recordAudit } from '../audit/record.ts';
import { requireUser } from '../auth/access.ts';
import { type Clock, systemClock, systemTimer, type Timer } from '../changes/clock.ts';
import { checkApp } from '../changes/detection.ts';
import { refreshByHookToken } from '../changes/hook-refresh.ts';
import { newRefreshToken } from '../changes/hook-token.ts';
import { revisionDiff } from '../changes/revision-diff.ts';
import { createChangeScheduler } from '../changes/scheduler.ts';
import {
  DEFAULT_INTERVAL_SECONDS,
  ensureSchedule,
  type RefreshSchedule,
  setHookToken,
  updateSchedule,
} from '../changes/store.ts';
import { connectorChangeRoutes } from './changes-connectors.ts';

const tags = ['Changes'];
const open = { type: 'object', additionalProperties: true } as const;

const scheduleSchema = {
  type: 'object',
  required: ['enabled', 'intervalSeconds', 'nextCheckAt', 'hookToken'],
  properties: {
    enabled: { type: 'boolean', description: 'Whether the definition URL is fetched on a schedule.' },
    intervalSeconds: { type: 'integer', description: 'Time between two scheduled fetches.' },
    nextCheckAt: { type: 'string', format: 'date-time' },
    lastCheckAt: { type: ['string', 'null'], format: 'date-time' },
    lastOutcome: { type: ['string', 'null'], description: 'What the last check found (or why it failed).' },
    hookToken: {
      type: ['object', 'null'],
      description: 'The refresh webhook token (its prefix only; the token is shown once when made).',
      properties: { prefix: { type: 'string' }, createdAt: { type: 'string' } },
    },
    hookUrl: { type: 'string', description: 'Where the API’s pipeline POSTs with the token.' },
  },
} as const;

const checkSchema = {
  type: 'object',
  required: ['app', 'changed', 'notModified', 'autoUpdates'],
  properties: {
    app: { type: 'string' },
    changed: { type: 'boolean', description: 'True when a new revision was made.' },
    notModified: { type: 'boolean', description: 'The server answered 304 Not Modified.' },
    revision: { type: 'integer', description: 'The new revision’s number.' },
    error: open,
    autoUpdates: { type: 'array', items: open, description: 'Linked connectors updated automatically (or why not).' },
  },
} as const;

function hookUrlOf(publicUrl: string, appName: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/apps/${appName}/refresh`;
}

function scheduleView(publicUrl: string, appName: string, s: RefreshSchedule) {
  return {
    enabled: s.enabled,
    intervalSeconds: s.intervalSeconds,
    nextCheckAt: s.nextCheckAt,
    lastCheckAt: s.lastCheckAt,
    lastOutcome: s.lastOutcome,
    hookToken: s.hookToken && { prefix: s.hookToken.prefix, createdAt: s.hookToken.createdAt },
    hookUrl: hookUrlOf(publicUrl, appName),
  };
}

/** The change routes, with the clock and timer of the scheduler they run (tests build their own scheduler). */
export function buildChangeRoutes(deps: { clock: Clock; timer: Timer }) {
  return async function changeRoutes(app: FastifyInstance): Promise<void> {
    const { clock } = deps;
    const inOneInterval = () => new Date(clock.now().getTime() + DEFAULT_INTERVAL_SECONDS * 1000).toISOString();
    // PORTICO_CHANGE_CHECKS: off leaves scheduled checks to other processes (checks on demand still run).
    const checks = app.config.changeChecks ?? { enabled: true, tickSeconds: 60 };
    if (checks.enabled) {
      const scheduler = createChangeScheduler(app, { ...deps, tickMs: checks.tickSeconds * 1000 });
      app.addHook('onReady', async () => scheduler.start());
      app.addHook('onClose', async () => scheduler.stop());
    }

    app.get<{ Params: { app: string; revision: string } }>(
      '/api/v1/apps/:app/revisions/:revision/diff',
      {
        config: { access: { app: 'reader' } },
        schema: {
          operationId: 'GetAppRevisionDiff',
          summary: 'What a revision changed',
          description:
            'The changes of this revision against the previous one, breaking first, each with its kind, the operation, pointers into both documents and a message a person can act on.',
          tags,
          params: {
            type: 'object',
            required: ['app', 'revision'],
            properties: {
              app: { type: 'string', description: 'API app name.' },
              revision: { type: 'string', description: 'Revision number (1, 2, …) or id (rev_…).' },
            },
          },
          response: {
            200: {
              type: 'object',
              required: ['revision', 'previous', 'summary', 'changes'],
              properties: {
                revision: open,
                previous: { type: ['object', 'null'], additionalProperties: true },
                summary: open,
                comparedAs: { type: 'string' },
                changes: { type: 'array', items: open },
              },
            },
          },
        },
      },
      async (req) => {
        const record = scopedApp(req);
        const revision = await findRevision(req, record, req.params.revision);
        const diff = await revisionDiff(app.store.db, app.analyzer, revision);
        const previous =
          diff?.previousRevisionId &&
          (await app.store.db
            .selectFrom('revisions')
            .select(['id', 'number'])
            .where('id', '=', diff.previousRevisionId)
            .executeTakeFirst());
        return {
          revision: { id: revision.id, number: revision.number },
          previous: previous ? { id: previous.id, number: Number(previous.number) } : null,
          summary: diff?.summary ?? { breaking: 0, nonBreaking: 0, unknown: 0 },
          ...(diff ? { comparedAs: diff.comparedAs } : {}),
          changes: diff?.changes ?? [],
        };
      },
    );

    app.get<{ Params: { app: string } }>(
      '/api/v1/apps/:app/refresh-schedule',
      {
        config: { access: { app: 'reader' } },
        schema: {
          operationId: 'GetAppRefreshSchedule',
          summary: 'Get the refresh schedule',
          description:
            'When the definition URL is fetched next, how often, what the last check found, and the webhook.',
          tags,
          params: appParams,
          response: { 200: scheduleSchema },
        },
      },
      async (req) => {
        const record = scopedApp(req);
        return scheduleView(
          app.config.publicUrl,
          record.name,
          await ensureSchedule(app.store.db, record.id, inOneInterval()),
        );
      },
    );

    app.put<{ Params: { app: string }; Body: { enabled?: boolean; intervalSeconds?: number } }>(
      '/api/v1/apps/:app/refresh-schedule',
      {
        config: { access: { app: 'contributor' } },
        schema: {
          operationId: 'SetAppRefreshSchedule',
          summary: 'Change the refresh schedule',
          description:
            'Turns scheduled fetching on or off and sets its interval (60 seconds to 7 days, default one hour); the next check moves to one interval from now. Contributors and owners.',
          tags,
          params: appParams,
          body: {
            type: 'object',
            properties: {
              enabled: { type: 'boolean' },
              intervalSeconds: { type: 'integer', minimum: 60, maximum: 604800 },
            },
          },
          response: { 200: scheduleSchema },
        },
      },
      async (req) => {
        const record = scopedApp(req);
        const schedule = await app.store.transaction(async (trx) => {
          const current = await ensureSchedule(trx, record.id, inOneInterval());
          const interval = req.body.intervalSeconds ?? current.intervalSeconds;
          await updateSchedule(trx, record.id, {
            ...(req.body.enabled !== undefined ? { enabled: req.body.enabled } : {}),
            intervalSeconds: interval,
            nextCheckAt: new Date(clock.now().getTime() + interval * 1000).toISOString(),
          });
          await recordAudit(trx, req, {
            action: 'app.refresh-schedule.update',
            resourceType: 'app',
            resourceId: record.id,
            summary: { app: record.name, enabled: req.body.enabled ?? current.enabled, intervalSeconds: interval },
          });
          return (await ensureSchedule(trx, record.id, inOneInterval()))!;
        });
        return scheduleView(app.config.publicUrl, record.name, schedule);
      },
    );

    app.post<{ Params: { app: string } }>(
      '/api/v1/apps/:app/refresh-token',
      {
        config: { access: { app: 'owner' } },
        schema: {
          operationId: 'CreateAppRefreshToken',
          summary: 'Create or rotate the refresh webhook token',
          description:
            'Makes a new webhook token for POST /api/v1/apps/{app}/refresh (an earlier one stops working). The token is in this answer only; Portico keeps its hash. Owners.',
          tags,
          params: appParams,
          response: {
            201: {
              type: 'object',
              required: ['token', 'prefix', 'hookUrl'],
              properties: {
                token: { type: 'string', description: 'Send as "Authorization: Bearer <token>"; shown once.' },
                prefix: { type: 'string' },
                hookUrl: { type: 'string' },
              },
            },
          },
        },
      },
      async (req, reply) => {
        const record = scopedApp(req);
        const user = requireUser(req).user;
        const made = newRefreshToken();
        await app.store.transaction(async (trx) => {
          await ensureSchedule(trx, record.id, inOneInterval());
          await setHookToken(trx, record.id, {
            hash: made.hash,
            prefix: made.prefix,
            createdAt: clock.now().toISOString(),
            createdBy: user.id,
          });
          await recordAudit(trx, req, {
            action: 'app.refresh-token.create',
            resourceType: 'app',
            resourceId: record.id,
            summary: { app: record.name, prefix: made.prefix },
          });
        });
        return reply.code(201).send({
          token: made.token,
          prefix: made.prefix,
          hookUrl: hookUrlOf(app.config.publicUrl, record.name),
        });
      },
    );

    app.delete<{ Params: { app: string } }>(
      '/api/v1/apps/:app/refresh-token',
      {
        config: { access: { app: 'owner' } },
        schema: {
          operationId: 'DeleteAppRefreshToken',
          summary: 'Revoke the refresh webhook token',
          description: 'The webhook stops accepting the current token. Owners.',
          tags,
          params: appParams,
          response: { 204: { type: 'null', description: 'Revoked.' } },
        },
      },
      async (req, reply) => {
        const record = scopedApp(req);
        await app.store.transaction(async (trx) => {
          await ensureSchedule(trx, record.id, inOneInterval());
          await setHookToken(trx, record.id, null);
          await recordAudit(trx, req, {
            action: 'app.refresh-token.delete',
            resourceType: 'app',
            resourceId: record.id,
            summary: { app: record.name },
          });
        });
        return reply.code(204).send();
      },
    );

    app.post<{ Params: { app: string } }>(
      '/api/v1/apps/:app/refresh-hook',
      {
        config: { access: 'public' },
        schema: {
          operationId: 'RefreshAppByWebhook',
          summary: 'Refresh webhook for the API’s pipeline (alias)',
          description:
            'Fetches the definition URL now, as POST /api/v1/apps/{app}/check does, authenticated by the app’s refresh webhook token ("Authorization: Bearer prt_…") instead of a user. The same as POST /api/v1/apps/{app}/refresh with that token.',
          tags,
          params: appParams,
          response: { 200: checkSchema },
        },
      },
      async (req) => (await refreshByHookToken(app, req.params.app, req.headers.authorization, clock)).outcome,
    );

    app.post<{ Params: { app: string } }>(
      '/api/v1/apps/:app/check',
      {
        config: { access: { app: 'contributor' } },
        schema: {
          operationId: 'CheckAppForChanges',
          summary: 'Check the definition URL for changes now',
          description:
            'Fetches the definition URL now (conditionally), as the scheduler does: a changed document becomes a new revision with its diff, and linked connectors with automatic updates take non-breaking changes. Contributors and owners.',
          tags,
          params: appParams,
          response: { 200: checkSchema },
        },
      },
      async (req) => {
        const record = scopedApp(req);
        return checkApp(app, record, { user: requireUser(req).user, request: req }, clock);
      },
    );

    await app.register(connectorChangeRoutes(clock));
  };
}

/** The change routes with the real clock (listed in features.ts). */
export const changeRoutes = buildChangeRoutes({ clock: systemClock, timer: systemTimer });
