/**
 * Checking and applying a source update of a linked connector: the diff from the revision its version was
 * made from to the app's current revision (breaking first), the impact on its connections, and the three-way
 * merge that keeps the maker's overlay. Applying stores a new connector version through the connector
 * service (so previous versions stay restorable and connections, which reference the connector, keep working).
 */
import type { Change, DiffSummary, JsonObject } from '@portico/openapi';
import type { FastifyRequest } from 'fastify';
import type { DefinitionAnalyzer } from '../apps/analysis.ts';
import type { DefinitionReport } from '../apps/report.ts';
import type { EnvironmentRole } from '../auth/roles.ts';
import { audit, createOrUpdateConnector } from '../connectors/service.ts';
import { fail } from '../errors.ts';
import type { Keyring } from '../secrets/index.ts';
import type { ApiApp } from '../store/apps.ts';
import { type Connector, type ConnectorVersion, getConnectorById, getConnectorVersion } from '../store/connectors.ts';
import type { Environment } from '../store/environments.ts';
import { getRevisionById, type Revision } from '../store/revisions.ts';
import type { Db, Store } from '../store/store.ts';
import type { User } from '../store/users.ts';
import { IMPACT_WINDOW_DAYS, type Impact, impactOf } from './impact.ts';
import { type ExportedRevision, exportRevision, sourceAppOf, versionBase, versionDocuments } from './links.ts';
import { type MergeResult, mergeOverlay, type Resolution } from './merge.ts';
import { computeOverlay, type OverlayOp, type SourceDocuments } from './overlay.ts';
import { diffRevisions } from './revision-diff.ts';
import { getAutoUpdate, saveConnectorBase } from './store.ts';

/** Everything an update needs, computed from the current state. */
export interface UpdatePlan {
  connector: Connector;
  version: ConnectorVersion;
  app: ApiApp;
  baseRevision: Revision;
  latestRevision: Revision;
  updateAvailable: boolean;
  changes: Change[];
  summary: DiffSummary;
  impact: Impact;
  overlay: OverlayOp[];
  theirs: ExportedRevision;
  merge: MergeResult;
  autoUpdate: boolean;
}

/** Why a connector has no update to offer. */
export type NotLinked = { linked: false; reason: string };

const revisionRef = (r: Revision) => ({ id: r.id, number: r.number });

/** Plans the update of a connector to its source app's current revision (nothing is written). */
export async function planUpdate(
  db: Db,
  analyzer: DefinitionAnalyzer,
  connector: Connector,
  options: { now: Date; resolutions?: ReadonlyMap<string, Resolution> },
): Promise<UpdatePlan | NotLinked> {
  const app = await sourceAppOf(db, connector);
  if (!app) {
    return {
      linked: false,
      reason: connector.sourceAppId
        ? 'The API app this connector was created from has been deleted.'
        : 'This connector was not created from an API app (use Export on an API app to create a linked connector).',
    };
  }
  const version = await getConnectorVersion(db, connector.id);
  if (!version) return { linked: false, reason: 'The connector has no current version.' };
  const base = await versionBase(db, analyzer, app, version);
  const baseRevision = base && (await getRevisionById<DefinitionReport>(db, base.revisionId));
  const latestRevision = app.currentRevisionId
    ? await getRevisionById<DefinitionReport>(db, app.currentRevisionId)
    : undefined;
  if (!base || !baseRevision || !latestRevision) {
    return {
      linked: false,
      reason: `No version of this connector records the revision of API app "${app.name}" it was made from; export the app into the connector again to link them.`,
    };
  }
  const theirs = await exportRevision(analyzer, app, latestRevision);
  if (!theirs) {
    fail(
      'package_invalid',
      `Revision ${latestRevision.number} of API app "${app.name}" cannot be exported as a connector; see GET /api/v1/apps/${app.name}/revisions/${latestRevision.number}.`,
    );
  }
  const diff = await diffRevisions(db, analyzer, baseRevision.id, latestRevision.id);
  const since = new Date(options.now.getTime() - IMPACT_WINDOW_DAYS * 86_400_000).toISOString();
  const baseOperations = diff.changes.length
    ? await analyzer.operations({ text: baseRevision.text, uri: `revision ${baseRevision.number}` })
    : {};
  const impact = await impactOf(db, connector.id, diff.changes, baseOperations, since);
  const current = versionDocuments(version);
  const overlay = computeOverlay(base.base, current);
  const merge = mergeOverlay({
    base: base.base,
    theirs: theirs.docs,
    current,
    overlay,
    ...(options.resolutions ? { resolutions: options.resolutions } : {}),
  });
  return {
    connector,
    version,
    app,
    baseRevision,
    latestRevision,
    updateAvailable: latestRevision.id !== baseRevision.id,
    changes: diff.changes,
    summary: diff.summary,
    impact,
    overlay,
    theirs,
    merge,
    autoUpdate: await getAutoUpdate(db, connector.id),
  };
}

/** The API view of a plan: update available, the diff (breaking first), the impact and the conflicts. */
export function planView(
  plan: UpdatePlan | NotLinked,
  options: { autoUpdate?: boolean; showConnections?: boolean } = {},
) {
  if ('linked' in plan) {
    return { linked: false, reason: plan.reason, updateAvailable: false, autoUpdate: options.autoUpdate ?? false };
  }
  const breaking = plan.changes.filter((c) => c.breaking);
  const impact =
    options.showConnections === false
      ? { ...plan.impact, operations: plan.impact.operations.map((o) => ({ ...o, connections: [] })) }
      : plan.impact;
  return {
    linked: true,
    app: { id: plan.app.id, name: plan.app.name },
    connectorVersion: plan.version.version,
    baseRevision: revisionRef(plan.baseRevision),
    latestRevision: revisionRef(plan.latestRevision),
    updateAvailable: plan.updateAvailable,
    autoUpdate: plan.autoUpdate,
    summary: plan.summary,
    headline: headline(plan),
    breakingChanges: breaking.map((c) => c.message),
    changes: plan.changes,
    impact,
    customisations: plan.overlay.length,
    conflicts: plan.merge.conflicts,
  };
}

/** One sentence a person can act on. */
function headline(plan: UpdatePlan): string {
  if (!plan.updateAvailable) {
    return `Up to date with revision ${plan.latestRevision.number} of API app "${plan.app.name}".`;
  }
  const { breaking, nonBreaking, unknown } = plan.summary;
  const parts = [`Revision ${plan.latestRevision.number} of API app "${plan.app.name}" is available`];
  parts.push(`(${breaking} breaking, ${nonBreaking} non-breaking, ${unknown} to review)`);
  let text = `${parts.join(' ')}.`;
  if (plan.impact.brokenConnections > 0) {
    text += ` ${plan.impact.brokenConnections} connection(s) called an operation with a breaking change in the last ${IMPACT_WINDOW_DAYS} days.`;
  }
  if (plan.merge.conflicts.length > 0) {
    text += ` ${plan.merge.conflicts.length} of your customisation(s) conflict with the change; resolve each with "keep-mine" or "take-theirs".`;
  }
  return text;
}

/** What applying needs from the server. */
export interface UpdateDeps {
  store: Store;
  keyring: Keyring;
  analyzer: DefinitionAnalyzer;
  request?: FastifyRequest;
}

export interface AppliedUpdate {
  connector: Connector;
  version: number;
  revision: { id: string; number: number };
  kept: number;
  conflictsResolved: number;
  automatic: boolean;
}

async function environmentById(db: Db, id: string | null): Promise<Environment> {
  const row = id ? await db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) fail('environment_not_found', 'The connector’s environment no longer exists.');
  return { id: row.id, name: row.name, displayName: row.display_name, createdAt: row.created_at };
}

/**
 * Stores the merged package as the connector's new version, with its base and overlay, in one transaction.
 * Refuses unresolved conflicts (`update_conflicts`, each listed) and a connector changed since the plan.
 */
export async function applyUpdate(
  deps: UpdateDeps,
  plan: UpdatePlan,
  actor: { user: User; role?: EnvironmentRole; automatic?: boolean },
): Promise<AppliedUpdate> {
  if (!plan.updateAvailable) {
    fail(
      'conflict',
      `Connector "${plan.connector.name}" already uses revision ${plan.latestRevision.number} of API app "${plan.app.name}"; there is nothing to update.`,
    );
  }
  if (plan.merge.unresolved.length > 0) {
    fail(
      'update_conflicts',
      `${plan.merge.unresolved.length} customisation(s) of "${plan.connector.name}" conflict with revision ${plan.latestRevision.number}; send a "resolutions" entry { pointer, choice: "keep-mine" | "take-theirs" } for each conflict listed in details.`,
      { conflicts: plan.merge.unresolved },
    );
  }
  return deps.store.transaction(async (trx) => {
    const fresh = await getConnectorById(trx, plan.connector.id);
    if (!fresh || fresh.currentVersionId !== plan.version.id) {
      fail(
        'conflict',
        `Connector "${plan.connector.name}" changed while the update was prepared; check the update again.`,
      );
    }
    const environment = await environmentById(trx, fresh.environmentId);
    const merged = plan.merge.merged;
    const made = await createOrUpdateConnector(
      {
        store: deps.store,
        keyring: deps.keyring,
        analyzer: deps.analyzer,
        db: trx,
        ...(deps.request ? { request: deps.request } : {}),
      },
      {
        environment,
        name: fresh.name,
        definition: merged.definition as JsonObject,
        properties: merged.properties as JsonObject,
        settings: (plan.version.settings ?? null) as JsonObject | null,
        icon: plan.version.icon,
        report: plan.theirs.report,
        actor: actor.user,
        ...(actor.role ? { actorRole: actor.role } : {}),
        sourceAppId: plan.app.id,
        sourceRevisionId: plan.latestRevision.id,
        mode: 'update',
      },
    );
    await saveConnectorBase(trx, {
      versionId: made.version.id,
      connectorId: fresh.id,
      revisionId: plan.latestRevision.id,
      base: plan.theirs.docs as SourceDocuments,
      overlay: plan.merge.kept,
      createdAt: made.version.createdAt,
    });
    const resolved = plan.merge.conflicts.filter((c) => c.resolution).length;
    await audit(trx, deps.request, actor.user, {
      action: 'connector.source-update',
      resourceType: 'connector',
      resourceId: fresh.id,
      summary: {
        environment: environment.name,
        name: fresh.name,
        version: made.version.version,
        app: plan.app.name,
        fromRevision: plan.baseRevision.number,
        toRevision: plan.latestRevision.number,
        breaking: plan.summary.breaking,
        customisationsKept: plan.merge.kept.length,
        conflicts: plan.merge.conflicts.map((c) => ({ pointer: c.pointer, resolution: c.resolution })),
        automatic: actor.automatic === true,
      },
    });
    return {
      connector: made.connector,
      version: made.version.version,
      revision: revisionRef(plan.latestRevision),
      kept: plan.merge.kept.length,
      conflictsResolved: resolved,
      automatic: actor.automatic === true,
    };
  });
}
