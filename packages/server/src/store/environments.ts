/** Environments and their members' roles. */
import { ENVIRONMENT_ROLES, type EnvironmentRole, parseRole } from '../auth/roles.ts';
import type { Db } from './store.ts';
import { toUser, type User } from './users.ts';
import { type Insert, insertUnique, newId, nowIso } from './util.ts';

export interface Environment {
  id: string;
  name: string;
  displayName: string;
  createdAt: string;
}

export interface EnvironmentMember {
  user: User;
  role: EnvironmentRole;
  since: string;
}

function toEnvironment(row: { id: string; name: string; display_name: string; created_at: string }): Environment {
  return { id: row.id, name: row.name, displayName: row.display_name, createdAt: row.created_at };
}

/** Creates an environment; `exists` when the name is taken. */
export async function createEnvironment(
  db: Db,
  input: { name: string; displayName?: string; createdBy: string | null },
): Promise<Insert<Environment>> {
  const row = {
    id: newId('env'),
    name: input.name,
    display_name: input.displayName?.trim() || input.name,
    created_at: nowIso(),
    created_by: input.createdBy,
  };
  return insertUnique(async () => {
    await db.insertInto('environments').values(row).execute();
    return toEnvironment(row);
  });
}

/** An environment by name. */
export async function getEnvironment(db: Db, name: string): Promise<Environment | undefined> {
  const row = await db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toEnvironment(row);
}

/** Every environment (for global admins), by name. */
export async function listEnvironments(db: Db): Promise<Environment[]> {
  const rows = await db.selectFrom('environments').selectAll().orderBy('name').execute();
  return rows.map(toEnvironment);
}

/** The environments where a user has a role, with that role, by name. */
export async function listEnvironmentsOfUser(
  db: Db,
  userId: string,
): Promise<Array<Environment & { role: EnvironmentRole }>> {
  const rows = await db
    .selectFrom('environments as e')
    .innerJoin('environment_roles as r', 'r.environment_id', 'e.id')
    .select(['e.id', 'e.name', 'e.display_name', 'e.created_at', 'r.role'])
    .where('r.user_id', '=', userId)
    .orderBy('e.name')
    .execute();
  return rows.flatMap((row) => {
    const role = parseRole(ENVIRONMENT_ROLES, row.role);
    return role ? [{ ...toEnvironment(row), role }] : [];
  });
}

/** A user's role in an environment, if any. */
export async function getEnvironmentRole(
  db: Db,
  environmentId: string,
  userId: string,
): Promise<EnvironmentRole | undefined> {
  const row = await db
    .selectFrom('environment_roles')
    .select('role')
    .where('environment_id', '=', environmentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? parseRole(ENVIRONMENT_ROLES, row.role) : undefined;
}

/** Gives a user a role in an environment, replacing the one they had. */
export async function setEnvironmentRole(
  db: Db,
  environmentId: string,
  userId: string,
  role: EnvironmentRole,
): Promise<void> {
  await db
    .insertInto('environment_roles')
    .values({ environment_id: environmentId, user_id: userId, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['environment_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

/** Removes a user's role in an environment; false when they had none. */
export async function removeEnvironmentRole(db: Db, environmentId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('environment_roles')
    .where('environment_id', '=', environmentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Members of an environment with their roles, by email. */
export async function listEnvironmentMembers(db: Db, environmentId: string): Promise<EnvironmentMember[]> {
  const rows = await db
    .selectFrom('environment_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.is_admin',
      'u.created_at',
      'u.disabled_at',
      'r.role',
      'r.created_at as since',
    ])
    .where('r.environment_id', '=', environmentId)
    .orderBy('u.email')
    .execute();
  return rows.flatMap((row) => {
    const role = parseRole(ENVIRONMENT_ROLES, row.role);
    return role ? [{ user: toUser(row), role, since: row.since }] : [];
  });
}
