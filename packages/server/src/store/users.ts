/** Users: local accounts. The password hash never leaves this module except through findLogin. */
import type { Selectable } from 'kysely';
import type { UsersTable } from './schema.ts';
import type { Db } from './store.ts';
import { bool, type Insert, insertUnique, newId, nowIso } from './util.ts';

export interface User {
  id: string;
  email: string;
  displayName: string;
  /** Global administrator: every role everywhere, user management, audit log. */
  admin: boolean;
  createdAt: string;
  disabledAt: string | null;
}

export interface NewUser {
  email: string;
  displayName?: string;
  passwordHash?: string | null;
  admin?: boolean;
}

const USER_COLUMNS = ['id', 'email', 'display_name', 'is_admin', 'created_at', 'disabled_at'] as const;

/** Maps a row to the User shape the rest of the server uses. */
export function toUser(row: Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    admin: bool(row.is_admin),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Emails compare case-insensitively; they are stored lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user; `exists` when the email is taken. */
export async function createUser(db: Db, input: NewUser): Promise<Insert<User>> {
  const email = normalizeEmail(input.email);
  const row = {
    id: newId('usr'),
    email,
    display_name: input.displayName?.trim() || email.split('@')[0] || email,
    password_hash: input.passwordHash ?? null,
    is_admin: input.admin ? 1 : 0,
    created_at: nowIso(),
    disabled_at: null,
  };
  return insertUnique(async () => {
    await db.insertInto('users').values(row).execute();
    return toUser(row);
  });
}

/** A user by id, or undefined. */
export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** A user by email (any case), or undefined. */
export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && toUser(row);
}

/** A user by id or by email: routes accept either in `{user}` path parameters. */
export async function findUser(db: Db, idOrEmail: string): Promise<User | undefined> {
  return idOrEmail.includes('@') ? getUserByEmail(db, idOrEmail) : getUser(db, idOrEmail);
}

/** The user and password hash for a sign-in attempt. */
export async function findLogin(
  db: Db,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** Every user, oldest first. */
export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('created_at').orderBy('id').execute();
  return rows.map(toUser);
}

/** How many users exist (0 on a fresh installation). */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces a user's password hash. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
