/**
 * The two steps of creating a custom connector, as in the Power Apps wizard: prepare (upload → draft with the
 * detected authentication, the questions to ask, the operations with findings and the redirect URLs), then
 * create from the draft with the answers.
 */

import { createFromUrlLinked } from '../changes/url-link.ts';
import { fail } from '../errors.ts';
import { createDraft, deleteDraft, getDraft } from '../store/drafts.ts';
import type { Environment } from '../store/environments.ts';
import type { User } from '../store/users.ts';
import { authQuestions, redirectUrls, requirementsOf } from './auth.ts';
import { type ConnectorDeps, type ConnectorResult, createOrUpdateConnector, suggestName } from './service.ts';
import { type PackageSource, preparePackage } from './source.ts';
import type { AuthAnswers, PreparedPackage } from './types.ts';
import { operationsOf, reportView } from './views.ts';

/** The first step's answer. */
export function draftView(
  draft: { id: string; expiresAt: string },
  pkg: PreparedPackage,
  publicUrl: string,
  name: string | undefined,
) {
  const info = pkg.definition.info as { title?: unknown } | undefined;
  const suggested = name ?? suggestName(typeof info?.title === 'string' ? info.title : 'connector');
  const requirements = requirementsOf(pkg.properties);
  return {
    draftId: draft.id,
    expiresAt: draft.expiresAt,
    suggestedName: suggested,
    title: typeof info?.title === 'string' ? info.title : null,
    auth: {
      type: requirements.type,
      questions: authQuestions(pkg.properties),
      connectionParameters: requirements.parameters
        .filter((p) => p.type !== 'oauthSetting')
        .map((p) => ({ name: p.name, label: p.label, type: p.type, required: p.required, secret: p.secret })),
    },
    redirectUrls: redirectUrls(publicUrl, suggested, pkg.properties),
    operations: operationsOf(pkg.definition, pkg.report.findings),
    report: reportView(pkg.report),
  };
}

/** Step 1: reads and checks the upload and keeps it as a draft of this user in this environment. */
export async function prepareConnector(
  deps: ConnectorDeps,
  input: {
    environment: Environment;
    source: PackageSource;
    name?: string;
    actor: User;
    allowHosts: readonly string[];
    publicUrl: string;
  },
) {
  const pkg = await preparePackage(input.source, {
    allowHosts: input.allowHosts,
    ...(input.name ? { connectorName: input.name } : {}),
  });
  const draft = await createDraft(deps.db ?? deps.store.db, {
    environmentId: input.environment.id,
    createdBy: input.actor.id,
    package: pkg,
  });
  return draftView(draft, pkg, input.publicUrl, input.name);
}

/** Step 2: creates the connector from a draft with the maker's answers; the draft is used up. */
export async function createFromDraft(
  deps: ConnectorDeps,
  input: {
    environment: Environment;
    draftId: string;
    name: string;
    displayName?: string;
    authAnswers?: AuthAnswers;
    actor: User;
    mode?: 'create' | 'update';
  },
): Promise<ConnectorResult> {
  const server = deps.request?.server;
  if (!deps.db && server && (input.mode ?? 'create') === 'create') {
    const peek = await getDraft<PreparedPackage>(deps.store.db, input.draftId, {
      environmentId: input.environment.id,
      createdBy: input.actor.id,
    });
    const url = peek?.package.sourceUrl;
    if (peek && url) {
      // Prepared from a definition URL: the connector stays linked to an API app of that URL (issue 6).
      return createFromUrlLinked(
        server,
        { user: input.actor, request: deps.request },
        { url, connectorName: input.name, ...(input.displayName ? { displayName: input.displayName } : {}) },
        (pkg) =>
          deps.store.transaction(async (db) => {
            const result = await createOrUpdateConnector(
              { ...deps, db },
              {
                environment: input.environment,
                name: input.name,
                ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
                ...pkg,
                ...(input.authAnswers ? { authAnswers: input.authAnswers } : {}),
                actor: input.actor,
                mode: 'create',
              },
            );
            await deleteDraft(db, peek.id);
            return result;
          }),
      );
    }
  }
  const run = async (db: NonNullable<ConnectorDeps['db']>) => {
    const draft = await getDraft<PreparedPackage>(db, input.draftId, {
      environmentId: input.environment.id,
      createdBy: input.actor.id,
    });
    if (!draft) {
      fail(
        'draft_not_found',
        `There is no draft "${input.draftId}" of yours in environment "${input.environment.name}" (drafts expire after a day); prepare the connector again.`,
      );
    }
    const pkg = draft.package;
    const result = await createOrUpdateConnector(
      { ...deps, db },
      {
        environment: input.environment,
        name: input.name,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        definition: pkg.definition,
        properties: pkg.properties,
        settings: pkg.settings,
        icon: pkg.icon,
        report: pkg.report,
        ...(input.authAnswers ? { authAnswers: input.authAnswers } : {}),
        actor: input.actor,
        mode: input.mode ?? 'create',
      },
    );
    await deleteDraft(db, draft.id);
    return result;
  };
  return deps.db ? run(deps.db) : deps.store.transaction(run);
}
