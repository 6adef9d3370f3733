/** Creating users the same way from the API and from `portico admin create-user`. */
import { getEnvironment, setEnvironmentRole } from '../store/environments.ts';
import type { Db } from '../store/store.ts';
import { createUser, type User } from '../store/users.ts';
import type { Insert } from '../store/util.ts';

/** The environment every new user joins, and their role there (as in Power Platform's default environment). */
export const DEFAULT_ENVIRONMENT = 'default';
export const DEFAULT_ENVIRONMENT_ROLE = 'maker' as const;

export interface ProvisionInput {
  email: string;
  /** From hashPassword, computed before the transaction (hashing takes tens of milliseconds). */
  passwordHash?: string | null;
  displayName?: string;
  admin?: boolean;
}

/**
 * Creates a user and makes them a maker in the default environment.
 * Run it in a transaction; `exists` when the email is taken.
 */
export async function provisionUser(db: Db, input: ProvisionInput): Promise<Insert<User>> {
  const created = await createUser(db, {
    email: input.email,
    displayName: input.displayName,
    passwordHash: input.passwordHash ?? null,
    admin: input.admin ?? false,
  });
  if (!created.ok) return created;
  const env = await getEnvironment(db, DEFAULT_ENVIRONMENT);
  if (env) await setEnvironmentRole(db, env.id, created.value.id, DEFAULT_ENVIRONMENT_ROLE);
  return created;
}
