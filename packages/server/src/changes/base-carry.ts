/**
 * The base of a version the maker stores by hand (`PUT …/connectors/{name}`, new authentication answers): it
 * is the base of the version that was current when they edited it — after a restore, the restored version,
 * not the version numbered before. The connector service calls this when it adds such a version.
 */
import type { DefinitionAnalyzer } from '../apps/analysis.ts';
import { type Connector, type ConnectorVersion, getConnector, getConnectorVersion } from '../store/connectors.ts';
import type { Db } from '../store/store.ts';
import { sourceAppOf, versionBase, versionDocuments } from './links.ts';
import { computeOverlay } from './overlay.ts';
import { getConnectorBase, saveConnectorBase } from './store.ts';

/**
 * Makes the base of a linked connector's current version ready before a hand-made version is stored: the export
 * of its source revision is made now and kept by exportRevision (links.ts), so carryVersionBase finds it there
 * inside the save's transaction instead of holding the transaction (on SQLite, the one connection) while the
 * analyzer exports a large definition. Does nothing for unknown or unlinked connectors.
 */
export async function prepareVersionBase(
  db: Db,
  analyzer: DefinitionAnalyzer,
  environmentId: string,
  name: string,
): Promise<void> {
  const connector = await getConnector(db, environmentId, name);
  if (!connector?.sourceAppId) return;
  const app = await sourceAppOf(db, connector);
  const version = app && (await getConnectorVersion(db, connector.id));
  if (app && version) await versionBase(db, analyzer, app, version);
}

/**
 * Stores, for a hand-made version of a linked connector, the base of the version it was edited from (with
 * the overlay it now carries), so a later source update merges against what the maker actually edited.
 * Does nothing for unlinked connectors or when the edited version has no known base.
 */
export async function carryVersionBase(
  db: Db,
  analyzer: DefinitionAnalyzer,
  connector: Connector,
  editedFrom: ConnectorVersion,
  added: ConnectorVersion,
): Promise<void> {
  if (!connector.sourceAppId || (await getConnectorBase(db, added.id))) return;
  const app = await sourceAppOf(db, connector);
  if (!app) return;
  const found = await versionBase(db, analyzer, app, editedFrom);
  if (!found) return;
  await saveConnectorBase(db, {
    versionId: added.id,
    connectorId: connector.id,
    revisionId: found.revisionId,
    base: found.base,
    overlay: computeOverlay(found.base, versionDocuments(added)),
    createdAt: added.createdAt,
  });
}
