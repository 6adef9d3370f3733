/**
 * Connectors made from a definition URL stay linked to their source (issue 6): the URL becomes (or reuses) an
 * API app owned by the maker, and the connector is made from its current revision the way the express export
 * does (`sourceAppId` / `sourceRevisionId`), so the schedule, diff, impact and update work for it.
 */
import type { JsonObject } from '@portico/openapi';
import type { FastifyInstance } from 'fastify';
import { buildPackage } from '../apps/package.ts';
import { type Actor, createApiApp } from '../apps/service.ts';
import type { ConnectorInput, ConnectorResult } from '../connectors/service.ts';
import type { ConnectorReport } from '../connectors/types.ts';
import { fail } from '../errors.ts';
import { type ApiApp, deleteApp, getApp, listAppsOfUser } from '../store/apps.ts';

type LinkedPackage = Pick<
  ConnectorInput,
  'definition' | 'properties' | 'settings' | 'report' | 'sourceAppId' | 'sourceRevisionId'
>;

/** The maker's API app (owner or contributor) for this URL, if there is one. */
async function appOfUrl(server: FastifyInstance, userId: string, url: string): Promise<ApiApp | undefined> {
  const apps = await listAppsOfUser(server.store.db, userId);
  return apps.find((a) => a.role !== 'reader' && a.source.kind === 'url' && a.source.url === url);
}

/** A free app name derived from the connector name (`name`, `name-2`, …, at most 63 characters). */
async function freeAppName(server: FastifyInstance, base: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!(await getApp(server.store.db, name))) return name;
  }
  return fail(
    'app_exists',
    `Every API app name derived from "${base}" is taken; register the URL as an API app first.`,
  );
}

/** The express export's package of the app's current revision, as connector input linked to that revision. */
async function linkedPackage(server: FastifyInstance, app: ApiApp, displayName?: string): Promise<LinkedPackage> {
  const pkg = await buildPackage(server, app, {
    fix: true,
    splitByTag: false,
    ...(displayName ? { connectorName: displayName } : {}),
  });
  const only = pkg.result.packages[0];
  if (!only || !pkg.result.importable) {
    fail(
      'package_invalid',
      `The definition at ${app.source.kind === 'url' ? app.source.url : app.name} cannot be made into a connector.`,
    );
  }
  const report: ConnectorReport = {
    source: 'openapi',
    inputVersion: pkg.source.version.version,
    findings: [...pkg.result.findings, ...only.report.findings],
    fixes: only.report.fixes,
    losses: only.report.losses,
    normalizations: [],
    importable: only.report.importable,
  };
  return {
    definition: JSON.parse(only.files['apiDefinition.swagger.json']) as JsonObject,
    properties: JSON.parse(only.files['apiProperties.json']) as JsonObject,
    settings: JSON.parse(only.files['settings.json']) as JsonObject,
    report,
    sourceAppId: app.id,
    sourceRevisionId: pkg.source.revision.id,
  };
}

/**
 * Creates a connector linked to the API app of `url` (reused when the maker has one, else registered with the
 * maker as owner). `create` writes the connector; an app registered here is removed again when it fails.
 */
export async function createFromUrlLinked(
  server: FastifyInstance,
  actor: Actor,
  input: { url: string; connectorName: string; displayName?: string },
  create: (pkg: LinkedPackage) => Promise<ConnectorResult>,
): Promise<ConnectorResult> {
  const existing = await appOfUrl(server, actor.user.id, input.url);
  const app =
    existing ??
    (await createApiApp(server, actor, {
      name: await freeAppName(server, input.connectorName),
      definitionUrl: input.url,
    }));
  try {
    return await create(await linkedPackage(server, app, input.displayName));
  } catch (error) {
    if (!existing) await deleteApp(server.store.db, app.id);
    throw error;
  }
}
