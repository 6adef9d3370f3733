/** Building apps for route tests: in-memory SQLite (or a given store), users with tokens, request helpers. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.ts';
import { hashPassword } from '../../src/auth/password.ts';
import { provisionUser } from '../../src/auth/provision.ts';
import { newPersonalAccessToken } from '../../src/auth/secrets.ts';
import { type Config, testConfig } from '../../src/config.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createAccessToken } from '../../src/store/tokens.ts';
import type { User } from '../../src/store/users.ts';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** A fresh app over a fresh in-memory SQLite database (or the given store, which the caller owns). */
export async function makeApp(
  options: { config?: Partial<Config>; store?: Store; logger?: Logger; extraFeatures?: FastifyPluginAsync[] } = {},
): Promise<TestApp> {
  const config = testConfig(options.config);
  const store = options.store ?? openStore(config.database);
  const app = await buildApp({ config, store, logger: options.logger, extraFeatures: options.extraFeatures });
  return {
    app,
    store,
    close: async () => {
      await app.close();
      if (!options.store) await store.close();
    },
  };
}

export interface TestUser {
  user: User;
  token: string;
  password: string;
  /** `Authorization` header for this user's token. */
  auth: { authorization: string };
}

let counter = 0;

/** Creates a user directly in the store (maker in `default`) with a personal access token. */
export async function addUser(
  store: Store,
  options: { email?: string; admin?: boolean; password?: string; tokenExpiresAt?: string | null } = {},
): Promise<TestUser> {
  counter += 1;
  const email = options.email ?? `user${counter}-${Date.now()}@example.com`;
  const password = options.password ?? `pw-${counter}-correct horse`;
  // Cheap scrypt parameters: tests create many users; verification reads the parameters from the hash.
  const passwordHash = await hashPassword(password, { N: 1024, r: 8, p: 1 });
  const created = await provisionUser(store.db, { email, admin: options.admin, passwordHash });
  if (!created.ok) throw new Error(`test user ${email} exists`);
  const { token, hash, prefix } = newPersonalAccessToken();
  await createAccessToken(store.db, {
    userId: created.value.id,
    name: 'test',
    prefix,
    tokenHash: hash,
    expiresAt: options.tokenExpiresAt ?? null,
  });
  return { user: created.value, token, password, auth: { authorization: `Bearer ${token}` } };
}

/** Parses a JSON response body. */
export function json<T = Record<string, unknown>>(res: { body: string }): T {
  return JSON.parse(res.body) as T;
}

/** The error code of an error response. */
export function errorCode(res: { body: string }): string | undefined {
  return json<{ error?: { code?: string } }>(res).error?.code;
}
