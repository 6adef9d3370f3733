/**
 * Who may see, use and change a connector. Built-in connectors are visible to everyone and changed by no one.
 * A custom connector is visible to its creator, environment admins and those it is shared with (a user, or
 * the whole environment); it is changed by its creator, environment admins, and makers it is shared with
 * for editing — as custom connectors behave in Power Apps.
 */
import type { EnvironmentRole } from '../auth/roles.ts';
import { fail } from '../errors.ts';
import { type Connector, getConnector, getSharePermission } from '../store/connectors.ts';
import type { Db } from '../store/store.ts';
import type { User } from '../store/users.ts';

/** The caller as the connector rules see them. */
export interface ConnectorActor {
  user: User;
  /** Their role in the connector's environment (global administrators count as admin). */
  role: EnvironmentRole;
}

/** True when the actor may see the connector and create connections to it. */
export async function canUseConnector(db: Db, connector: Connector, actor: ConnectorActor): Promise<boolean> {
  if (connector.builtIn || actor.role === 'admin' || connector.createdBy === actor.user.id) return true;
  return (await getSharePermission(db, connector.id, actor.user.id)) !== undefined;
}

/** True when the actor may update, share or delete the connector (never a built-in one). */
export async function canEditConnector(db: Db, connector: Connector, actor: ConnectorActor): Promise<boolean> {
  if (connector.builtIn) return false;
  if (actor.role === 'admin') return true;
  if (actor.role !== 'maker') return false;
  if (connector.createdBy === actor.user.id) return true;
  return (await getSharePermission(db, connector.id, actor.user.id)) === 'edit';
}

/** The connector named in an environment if the actor may use it; 404 otherwise (invisible ones do not leak). */
export async function findUsableConnector(
  db: Db,
  environment: { id: string; name: string },
  name: string,
  actor: ConnectorActor,
): Promise<Connector> {
  const connector = await getConnector(db, environment.id, name);
  if (!connector || !(await canUseConnector(db, connector, actor))) {
    fail(
      'connector_not_found',
      `There is no connector "${name}" in environment "${environment.name}" that you can use.`,
    );
  }
  return connector;
}

/** Like findUsableConnector, and refuses built-ins (read-only) and callers who may not change it. */
export async function findEditableConnector(
  db: Db,
  environment: { id: string; name: string },
  name: string,
  actor: ConnectorActor,
): Promise<Connector> {
  const connector = await findUsableConnector(db, environment, name, actor);
  if (connector.builtIn) {
    fail('read_only', `"${name}" is a built-in connector and cannot be changed; create a custom connector instead.`);
  }
  if (!(await canEditConnector(db, connector, actor))) {
    fail(
      'forbidden',
      `Only the creator of "${name}", environment admins and makers it is shared with for editing may change it.`,
    );
  }
  return connector;
}
