/**
 * The refresh webhook's work, shared by `POST /apps/{app}/refresh` (when called with the app's `prt_…` token)
 * and its alias `POST /apps/{app}/refresh-hook`: verify the token, then check the app as its maker.
 */
import type { FastifyInstance } from 'fastify';
import { recordSystemAudit } from '../audit/record.ts';
import { fail } from '../errors.ts';
import { type ApiApp, getApp } from '../store/apps.ts';
import { getUser } from '../store/users.ts';
import type { Clock } from './clock.ts';
import { type CheckOutcome, checkApp } from './detection.ts';
import { refreshTokenMatches } from './hook-token.ts';
import { DEFAULT_INTERVAL_SECONDS, ensureSchedule } from './store.ts';

/** Verifies `authorization` against the app's webhook token and runs a check; one 401 for every failure. */
export async function refreshByHookToken(
  server: FastifyInstance,
  appName: string,
  authorization: string | undefined,
  clock: Clock,
): Promise<{ app: ApiApp; outcome: CheckOutcome }> {
  const db = server.store.db;
  const record = await getApp(db, appName);
  const next = new Date(clock.now().getTime() + DEFAULT_INTERVAL_SECONDS * 1000).toISOString();
  const schedule = record ? await ensureSchedule(db, record.id, next) : undefined;
  if (!record || !schedule || !refreshTokenMatches(authorization, schedule.hookTokenHash)) {
    // The same answer for an unknown app and a wrong token: app names do not leak.
    fail(
      'refresh_token_invalid',
      `Send the refresh webhook token of API app "${appName}" as "Authorization: Bearer prt_…"; an owner makes one with POST /api/v1/apps/${appName}/refresh-token.`,
    );
  }
  const creator = schedule.hookToken?.createdBy ? await getUser(db, schedule.hookToken.createdBy) : undefined;
  if (!creator || creator.disabledAt) {
    fail('refresh_token_invalid', 'The user who made this webhook token can no longer act; make a new token.');
  }
  await recordSystemAudit(db, {
    action: 'app.refresh-hook',
    resourceType: 'app',
    resourceId: record.id,
    summary: { app: record.name, prefix: schedule.hookToken?.prefix },
    actor: { id: creator.id, email: creator.email },
    via: 'refresh-webhook',
  });
  return { app: record, outcome: await checkApp(server, record, { user: creator }, clock) };
}
