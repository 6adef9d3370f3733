/**
 * Roles as data. Each scope lists its roles from weakest to strongest; a role includes every weaker one.
 * Global administrators (`users.is_admin`) hold the strongest role in every scope. The route × role test
 * enumerates these lists, so adding a role here is enough to have it covered.
 */

export const ENVIRONMENT_ROLES = ['user', 'maker', 'admin'] as const;
export type EnvironmentRole = (typeof ENVIRONMENT_ROLES)[number];

export const APP_ROLES = ['reader', 'contributor', 'owner'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/** What each role may do, for documentation, the portal and the route table test. */
export const ROLE_DESCRIPTIONS: Record<EnvironmentRole | AppRole, string> = {
  user: 'use connectors shared with them and create their own connections',
  maker: 'create, update, share and delete custom connectors, plus everything a user can do',
  admin: 'manage members of the environment, plus everything a maker can do',
  reader: 'see the API app, its revisions and hosted definition, and download its connector package',
  contributor: 'refresh the definition and export the API app (manual or express), plus everything a reader can do',
  owner: 'change settings and members of the API app and delete it, plus everything a contributor can do',
};

/** True when `held` is at least `needed` in the ordered role list. */
export function roleSatisfies<R extends string>(order: readonly R[], held: R | undefined, needed: R): boolean {
  return held !== undefined && order.indexOf(held) >= order.indexOf(needed);
}

/** Narrows a stored role string; unknown values (from a newer version) count as no role. */
export function parseRole<R extends string>(order: readonly R[], value: string): R | undefined {
  return (order as readonly string[]).includes(value) ? (value as R) : undefined;
}

/**
 * The access rule of a route, declared in its `config.access`. Every `/api/v1` route must declare one;
 * the auth plugin enforces it before the body is read.
 * - `public`: anyone (sign-in, the OpenAPI document)
 * - `authenticated`: any signed-in user or token
 * - `admin`: global administrators
 * - `{ environment, param }`: at least this role in the environment named by path parameter `param` (default `env`)
 * - `{ app, param }`: at least this role on the API app named by path parameter `param` (default `app`)
 */
export type Access =
  | 'public'
  | 'authenticated'
  | 'admin'
  | { environment: EnvironmentRole; param?: string }
  | { app: AppRole; param?: string };
