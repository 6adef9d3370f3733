/** API apps (the API side): name, base URL, definition source, current revision, and members' roles. */
import { APP_ROLES, type AppRole, parseRole } from '../auth/roles.ts';
import type { Db } from './store.ts';
import { toUser, type User } from './users.ts';
import { type Insert, insertUnique, newId, nowIso } from './util.ts';

/** Where an app's definition comes from: a URL Portico fetches, or files users upload. */
export type AppSource = { kind: 'url'; url: string } | { kind: 'upload' };

export interface ApiApp {
  id: string;
  name: string;
  displayName: string;
  baseUrl: string | null;
  source: AppSource;
  currentRevisionId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

interface AppRow {
  id: string;
  name: string;
  display_name: string;
  base_url: string | null;
  source_kind: string;
  source_url: string | null;
  current_revision_id: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

function toApp(row: AppRow): ApiApp {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    baseUrl: row.base_url,
    source: row.source_kind === 'url' && row.source_url ? { kind: 'url', url: row.source_url } : { kind: 'upload' },
    currentRevisionId: row.current_revision_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

/** Creates an API app and makes its creator the owner; `exists` when the name is taken. */
export async function createApp(
  db: Db,
  input: { name: string; displayName?: string; baseUrl?: string | null; source: AppSource; createdBy: string },
): Promise<Insert<ApiApp>> {
  const now = nowIso();
  const row: AppRow = {
    id: newId('app'),
    name: input.name,
    display_name: input.displayName?.trim() || input.name,
    base_url: input.baseUrl ?? null,
    source_kind: input.source.kind,
    source_url: input.source.kind === 'url' ? input.source.url : null,
    current_revision_id: null,
    created_at: now,
    updated_at: now,
    created_by: input.createdBy,
  };
  return insertUnique(async () => {
    await db.insertInto('api_apps').values(row).execute();
    await db
      .insertInto('app_roles')
      .values({ app_id: row.id, user_id: input.createdBy, role: 'owner', created_at: now })
      .execute();
    return toApp(row);
  });
}

/** An API app by name. */
export async function getApp(db: Db, name: string): Promise<ApiApp | undefined> {
  const row = await db.selectFrom('api_apps').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toApp(row);
}

/** An API app by id. */
export async function getAppById(db: Db, id: string): Promise<ApiApp | undefined> {
  const row = await db.selectFrom('api_apps').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toApp(row);
}

/** Every API app (global admins), by name. */
export async function listApps(db: Db): Promise<ApiApp[]> {
  const rows = await db.selectFrom('api_apps').selectAll().orderBy('name').execute();
  return rows.map(toApp);
}

/** The API apps a user has a role on, with that role, by name. */
export async function listAppsOfUser(db: Db, userId: string): Promise<Array<ApiApp & { role: AppRole }>> {
  const rows = await db
    .selectFrom('api_apps as a')
    .innerJoin('app_roles as r', 'r.app_id', 'a.id')
    .selectAll('a')
    .select('r.role')
    .where('r.user_id', '=', userId)
    .orderBy('a.name')
    .execute();
  return rows.flatMap((row) => {
    const role = parseRole(APP_ROLES, row.role);
    return role ? [{ ...toApp(row), role }] : [];
  });
}

/** Changes an app's settings; fields left undefined stay as they are. */
export async function updateApp(
  db: Db,
  id: string,
  changes: { displayName?: string; baseUrl?: string | null; source?: AppSource; currentRevisionId?: string },
): Promise<ApiApp | undefined> {
  const set: Partial<AppRow> = { updated_at: nowIso() };
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.baseUrl !== undefined) set.base_url = changes.baseUrl;
  if (changes.source !== undefined) {
    set.source_kind = changes.source.kind;
    set.source_url = changes.source.kind === 'url' ? changes.source.url : null;
  }
  if (changes.currentRevisionId !== undefined) set.current_revision_id = changes.currentRevisionId;
  await db.updateTable('api_apps').set(set).where('id', '=', id).execute();
  return getAppById(db, id);
}

/** Deletes an app with its revisions and roles; false when it did not exist. */
export async function deleteApp(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('api_apps').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A user's role on an app, if any. */
export async function getAppRole(db: Db, appId: string, userId: string): Promise<AppRole | undefined> {
  const row = await db
    .selectFrom('app_roles')
    .select('role')
    .where('app_id', '=', appId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? parseRole(APP_ROLES, row.role) : undefined;
}

/** Gives a user a role on an app, replacing the one they had. */
export async function setAppRole(db: Db, appId: string, userId: string, role: AppRole): Promise<void> {
  await db
    .insertInto('app_roles')
    .values({ app_id: appId, user_id: userId, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['app_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

/** Removes a user's role on an app; false when they had none. */
export async function removeAppRole(db: Db, appId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('app_roles')
    .where('app_id', '=', appId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Members of an app with their roles, by email. */
export async function listAppMembers(db: Db, appId: string): Promise<Array<{ user: User; role: AppRole }>> {
  const rows = await db
    .selectFrom('app_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.is_admin', 'u.created_at', 'u.disabled_at', 'r.role'])
    .where('r.app_id', '=', appId)
    .orderBy('u.email')
    .execute();
  return rows.flatMap((row) => {
    const role = parseRole(APP_ROLES, row.role);
    return role ? [{ user: toUser(row), role }] : [];
  });
}
