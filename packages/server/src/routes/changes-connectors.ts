/**
 * Routes of issue 6 on the connector side: whether a linked connector has a source update (with the diff,
 * breaking first, and the impact on its connections), applying it with the maker's customisations kept and
 * each conflict resolved by an explicit choice, the automatic-update setting, and the customisations as an
 * OpenAPI Overlay 1.0 document.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../changes/clock.ts';
import { sourceAppOf, versionBase, versionDocuments } from '../changes/links.ts';
import { RESOLUTIONS, type Resolution } from '../changes/merge.ts';
import { computeOverlay, toOverlayDocument } from '../changes/overlay.ts';
import { getAutoUpdate, setAutoUpdate } from '../changes/store.ts';
import { applyUpdate, planUpdate, planView } from '../changes/update.ts';
import { canEditConnector, findEditableConnector, findUsableConnector } from '../connectors/access.ts';
import { audit } from '../connectors/service.ts';
import { fail } from '../errors.ts';
import { getConnectorVersion } from '../store/connectors.ts';
import { actorOf } from './connector-context.ts';
import { connectorParams } from './connector-schemas.ts';

type Params = { env: string; connector: string };
type UpdateBody = { resolutions?: Array<{ pointer: string; choice: Resolution }> };

const tags = ['Connectors'];
const open = { type: 'object', additionalProperties: true } as const;

const updateViewSchema = {
  type: 'object',
  required: ['linked', 'updateAvailable', 'autoUpdate'],
  properties: {
    linked: { type: 'boolean', description: 'True when the connector is linked to an API app.' },
    reason: { type: 'string', description: 'Why there is no update to offer, when not linked.' },
    app: open,
    connectorVersion: { type: 'integer' },
    baseRevision: open,
    latestRevision: open,
    updateAvailable: { type: 'boolean' },
    autoUpdate: { type: 'boolean', description: 'Non-breaking updates apply automatically when found.' },
    summary: open,
    headline: { type: 'string', description: 'One sentence: what changed and what to do.' },
    breakingChanges: { type: 'array', items: { type: 'string' } },
    changes: { type: 'array', items: open, description: 'Every change, breaking first.' },
    impact: open,
    customisations: { type: 'integer', description: 'How many customisations the overlay holds.' },
    conflicts: { type: 'array', items: open, description: 'Customisations that need a choice to be carried over.' },
  },
} as const;

/** The connector-side change routes (registered by routes/changes.ts). */
export function connectorChangeRoutes(clock: Clock) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const base = '/api/v1/environments/:env/connectors/:connector';

    app.get<{ Params: Params }>(
      `${base}/update`,
      {
        config: { access: { environment: 'user' } },
        schema: {
          operationId: 'GetConnectorUpdate',
          summary: 'Check a connector for a source update',
          description:
            'For a connector made from an API app: whether the app has a newer revision, the changes (breaking first), which connections called the affected operations in the last 30 days and how often, and which customisations conflict.',
          tags,
          params: connectorParams,
          response: { 200: updateViewSchema },
        },
      },
      async (req) => {
        const db = app.store.db;
        const actor = actorOf(req);
        const connector = await findUsableConnector(db, req.scope.environment!, req.params.connector, actor);
        // Which connections (names, owners) called what is for those who may change the connector; users see counts.
        return planView(await planUpdate(db, app.analyzer, connector, { now: clock.now() }), {
          autoUpdate: await getAutoUpdate(db, connector.id),
          showConnections: await canEditConnector(db, connector, actor),
        });
      },
    );

    app.post<{ Params: Params; Body: UpdateBody }>(
      `${base}/update`,
      {
        config: { access: { environment: 'maker' } },
        schema: {
          operationId: 'UpdateConnectorFromSource',
          summary: 'Update a connector from its source, keeping customisations',
          description:
            'Merges the API app’s current revision with the connector’s customisations (three-way) into a new connector version; connections keep working. Each conflict needs a resolution { pointer, choice: keep-mine | take-theirs }; unresolved ones answer update_conflicts with the list. Restore the previous version with POST …/versions/{v}/restore.',
          tags,
          params: connectorParams,
          body: {
            type: 'object',
            properties: {
              resolutions: {
                type: 'array',
                maxItems: 1000,
                items: {
                  type: 'object',
                  required: ['pointer', 'choice'],
                  properties: {
                    pointer: { type: 'string', maxLength: 2048, description: 'The conflict’s pointer.' },
                    choice: { type: 'string', enum: [...RESOLUTIONS] },
                  },
                },
              },
            },
          },
          response: {
            200: {
              type: 'object',
              required: ['name', 'version', 'revision'],
              properties: {
                name: { type: 'string' },
                version: { type: 'integer', description: 'The new connector version.' },
                revision: open,
                customisationsKept: { type: 'integer' },
                conflictsResolved: { type: 'integer' },
                summary: open,
              },
            },
          },
        },
      },
      async (req) => {
        const db = app.store.db;
        const actor = actorOf(req);
        const connector = await findEditableConnector(db, req.scope.environment!, req.params.connector, actor);
        const resolutions = new Map<string, Resolution>();
        for (const r of req.body.resolutions ?? []) resolutions.set(r.pointer, r.choice);
        const plan = await planUpdate(db, app.analyzer, connector, { now: clock.now(), resolutions });
        if ('linked' in plan) fail('connector_not_linked', plan.reason);
        const known = new Set(plan.merge.conflicts.map((c) => c.pointer));
        const stray = [...resolutions.keys()].filter((p) => !known.has(p));
        if (stray.length > 0) {
          fail(
            'bad_request',
            `Resolutions name no conflict of this update: ${stray.slice(0, 5).join(', ')}; check GET …/connectors/${connector.name}/update for the current conflicts.`,
            { pointers: stray },
          );
        }
        const applied = await applyUpdate(
          { store: app.store, keyring: app.keyring, analyzer: app.analyzer, request: req },
          plan,
          {
            user: actor.user,
            role: actor.role,
          },
        );
        return {
          name: applied.connector.name,
          version: applied.version,
          revision: applied.revision,
          customisationsKept: applied.kept,
          conflictsResolved: applied.conflictsResolved,
          summary: plan.summary,
        };
      },
    );

    app.put<{ Params: Params; Body: { autoUpdate: boolean } }>(
      `${base}/update-settings`,
      {
        config: { access: { environment: 'maker' } },
        schema: {
          operationId: 'SetConnectorUpdateSettings',
          summary: 'Set automatic updates',
          description:
            'With autoUpdate, the scheduler applies source updates that have no breaking or unclassified change and no conflicting customisation; others wait for a person.',
          tags,
          params: connectorParams,
          body: { type: 'object', required: ['autoUpdate'], properties: { autoUpdate: { type: 'boolean' } } },
          response: {
            200: { type: 'object', required: ['autoUpdate'], properties: { autoUpdate: { type: 'boolean' } } },
          },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await app.store.transaction(async (trx) => {
          const connector = await findEditableConnector(trx, req.scope.environment!, req.params.connector, actor);
          await setAutoUpdate(trx, connector.id, req.body.autoUpdate, clock.now().toISOString());
          await audit(trx, req, actor.user, {
            action: 'connector.update-settings',
            resourceType: 'connector',
            resourceId: connector.id,
            summary: {
              environment: req.scope.environment!.name,
              name: connector.name,
              autoUpdate: req.body.autoUpdate,
            },
          });
        });
        return { autoUpdate: req.body.autoUpdate };
      },
    );

    app.get<{ Params: Params; Querystring: { document?: 'definition' | 'properties'; version?: number } }>(
      `${base}/overlay`,
      {
        config: { access: { environment: 'user' } },
        schema: {
          operationId: 'GetConnectorOverlay',
          summary: 'Export the customisations as an OpenAPI Overlay',
          description:
            'The changes made to the connector since it was imported from its API app, as an OpenAPI Overlay 1.0 document over apiDefinition.swagger.json (or, with document=properties, over apiProperties.json).',
          tags,
          params: connectorParams,
          querystring: {
            type: 'object',
            properties: {
              document: { type: 'string', enum: ['definition', 'properties'], default: 'definition' },
              version: { type: 'integer', minimum: 1, description: 'A version number; default the current one.' },
            },
          },
          response: { 200: open },
        },
      },
      async (req) => {
        const db = app.store.db;
        const connector = await findUsableConnector(db, req.scope.environment!, req.params.connector, actorOf(req));
        const version = await getConnectorVersion(db, connector.id, req.query.version);
        if (!version)
          fail('connector_version_not_found', `Connector "${connector.name}" has no version ${req.query.version}.`);
        const linkedApp = await sourceAppOf(db, connector);
        const found = linkedApp ? await versionBase(db, app.analyzer, linkedApp, version) : undefined;
        if (!found) {
          fail(
            'connector_not_linked',
            `Connector "${connector.name}" was not imported from an API app, so it has no base to measure customisations against.`,
          );
        }
        const document = req.query.document ?? 'definition';
        const ops = computeOverlay(found.base, versionDocuments(version));
        return toOverlayDocument(
          ops,
          document,
          {
            title: `Customisations of connector ${connector.name} (version ${version.version})`,
            version: String(version.version),
          },
          document === 'definition' ? 'apiDefinition.swagger.json' : 'apiProperties.json',
        );
      },
    );
  };
}
