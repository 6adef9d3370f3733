/**
 * One check of an API app's definition URL (scheduled, on demand or by webhook): H1's conditional refresh, the
 * outcome recorded on the schedule, and — when a new revision came in — the automatic update of linked
 * connectors whose owners chose it, for non-breaking changes that merge without conflict.
 */
import type { FastifyInstance } from 'fastify';
import { refreshApiApp } from '../apps/refresh.ts';
import type { Actor } from '../apps/service.ts';
import { PorticoError } from '../errors.ts';
import { type ApiApp, getAppById, listAppMembers } from '../store/apps.ts';
import { getConnectorById } from '../store/connectors.ts';
import { getUser, type User } from '../store/users.ts';
import type { Clock } from './clock.ts';
import { connectorsLinkedTo, DEFAULT_INTERVAL_SECONDS, ensureSchedule, getAutoUpdate, recordCheck } from './store.ts';
import { applyUpdate, planUpdate } from './update.ts';

export interface AutoUpdateOutcome {
  connectorId: string;
  name: string;
  applied: boolean;
  version?: number;
  /** Why it was not applied (breaking changes, conflicts, rights). */
  reason?: string;
}

export interface CheckOutcome {
  appId: string;
  app: string;
  changed: boolean;
  notModified: boolean;
  revision?: number;
  error?: { code: string; message: string };
  autoUpdates: AutoUpdateOutcome[];
}

/** Who a check acts as when no person asked for it: the app's creator, else its first owner. */
export async function systemActorOf(server: FastifyInstance, app: ApiApp): Promise<User | undefined> {
  const db = server.store.db;
  const creator = app.createdBy ? await getUser(db, app.createdBy) : undefined;
  if (creator && !creator.disabledAt) return creator;
  const owner = (await listAppMembers(db, app.id)).find((m) => m.role === 'owner' && !m.user.disabledAt);
  return owner?.user;
}

/** Fetches the app's definition again and handles what follows; failures are outcomes, not exceptions. */
export async function checkApp(
  server: FastifyInstance,
  app: ApiApp,
  actor: Actor,
  clock: Clock,
): Promise<CheckOutcome> {
  const db = server.store.db;
  await ensureSchedule(db, app.id, new Date(clock.now().getTime() + DEFAULT_INTERVAL_SECONDS * 1000).toISOString());
  const outcome: CheckOutcome = { appId: app.id, app: app.name, changed: false, notModified: false, autoUpdates: [] };
  try {
    const refreshed = await refreshApiApp(server, actor, app);
    outcome.changed = refreshed.changed;
    outcome.notModified = refreshed.notModified;
  } catch (error) {
    if (!(error instanceof PorticoError)) throw error;
    outcome.error = { code: error.code, message: error.message };
  }
  const fresh = (await getAppById(db, app.id)) ?? app;
  if (outcome.changed && fresh.currentRevisionId) {
    const revision = await db
      .selectFrom('revisions')
      .select('number')
      .where('id', '=', fresh.currentRevisionId)
      .executeTakeFirst();
    if (revision) outcome.revision = Number(revision.number);
    outcome.autoUpdates = await autoUpdateLinked(server, fresh, clock);
  }
  const text = outcome.error
    ? `failed: ${outcome.error.message}`
    : outcome.changed
      ? `new revision ${outcome.revision ?? ''}`.trim()
      : outcome.notModified
        ? 'not modified'
        : 'unchanged';
  await recordCheck(db, app.id, clock.now().toISOString(), text);
  return outcome;
}

/** Applies non-breaking, conflict-free updates to the linked connectors that have automatic updates on. */
export async function autoUpdateLinked(
  server: FastifyInstance,
  app: ApiApp,
  clock: Clock,
): Promise<AutoUpdateOutcome[]> {
  const db = server.store.db;
  const outcomes: AutoUpdateOutcome[] = [];
  for (const id of await connectorsLinkedTo(db, app.id)) {
    if (!(await getAutoUpdate(db, id))) continue;
    const connector = await getConnectorById(db, id);
    if (!connector) continue;
    const entry: AutoUpdateOutcome = { connectorId: id, name: connector.name, applied: false };
    outcomes.push(entry);
    try {
      const plan = await planUpdate(db, server.analyzer, connector, { now: clock.now() });
      if ('linked' in plan) {
        entry.reason = plan.reason;
        continue;
      }
      if (!plan.updateAvailable) {
        entry.reason = 'already up to date';
        continue;
      }
      if (plan.summary.breaking > 0 || plan.summary.unknown > 0) {
        entry.reason = `${plan.summary.breaking} breaking and ${plan.summary.unknown} unclassified change(s) need a person's review`;
        continue;
      }
      if (plan.merge.conflicts.length > 0) {
        entry.reason = `${plan.merge.conflicts.length} customisation(s) conflict with the change`;
        continue;
      }
      const maker = connector.createdBy ? await getUser(db, connector.createdBy) : undefined;
      if (!maker || maker.disabledAt) {
        entry.reason = 'the connector’s creator can no longer act on it';
        continue;
      }
      const applied = await applyUpdate(
        { store: server.store, keyring: server.keyring, analyzer: server.analyzer },
        plan,
        {
          user: maker,
          automatic: true,
        },
      );
      entry.applied = true;
      entry.version = applied.version;
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      entry.reason = error.message;
    }
  }
  return outcomes;
}
