/**
 * Demo mode (`portico demo`): the demo inventory API started in-process, two demo users, a personal access token
 * for the CLI, and the demo API registered as an API app. Everything is idempotent over one data directory: a
 * second start reuses the users and the app (giving the users new passwords and the CLI a new token, since
 * Portico keeps only hashes) and keeps the demo API key, stored encrypted under `--data`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { refreshApiApp } from './apps/refresh.ts';
import { type Actor, auditAs, createApiApp } from './apps/service.ts';
import { recordSystemAudit } from './audit/record.ts';
import { hashPassword } from './auth/password.ts';
import { provisionUser } from './auth/provision.ts';
import { newPersonalAccessToken } from './auth/secrets.ts';
import type { AllowedHost, Config } from './config.ts';
import { DEMO_DEFAULT_PORT } from './demo/document.ts';
import { type DemoApi, startDemoApi } from './demo/server.ts';
import type { Keyring } from './secrets/index.ts';
import { type ApiApp, getApp, updateApp } from './store/apps.ts';
import { getRevisionById } from './store/revisions.ts';
import type { Db } from './store/store.ts';
import { createAccessToken, listAccessTokens, revokeAccessToken } from './store/tokens.ts';
import { getUserByEmail, setPasswordHash, type User } from './store/users.ts';

export type { DemoApi } from './demo/server.ts';

/** The name of the demo API app (and the connector name the printed commands suggest). */
export const DEMO_APP_NAME = 'demo-inventory';
/** The demo API listens on loopback; demo mode allow-lists this host for definition fetches and the gateway. */
export const DEMO_API_HOST = '127.0.0.1';
/** Name of the personal access token demo mode creates (earlier ones are revoked at each start). */
export const DEMO_TOKEN_NAME = 'portico demo';
/** The file under `--data` holding the demo API key, encrypted with the server's keyring. */
export const DEMO_KEY_FILE = 'demo-api-key';

/** The demo accounts: a global administrator (owner of the demo app) and a maker in the default environment. */
export const DEMO_ACCOUNTS = {
  admin: { email: 'demo-admin@example.com', displayName: 'Demo Administrator', admin: true },
  maker: { email: 'demo-maker@example.com', displayName: 'Demo Maker', admin: false },
} as const;

const AUDIT_VIA = 'portico demo';
const KEY_CONTEXT = 'portico-demo-api-key';

/** A demo account with the password it got at this start (shown once, never stored in clear). */
export interface DemoAccount {
  id: string;
  email: string;
  password: string;
  /** False when the account existed from an earlier start (it got a new password). */
  created: boolean;
}

/** What `seedDemo` made or reused. */
export interface DemoSeed {
  admin: DemoAccount;
  maker: DemoAccount;
  /** A new personal access token of the administrator, for the CLI. */
  token: string;
  app: ApiApp;
  /** The number of the app's current revision. */
  revision: number;
  /** True when the app was registered now, false when it existed (and was pointed at this demo API's URL). */
  appCreated: boolean;
}

/** A running demo: the demo API and what was seeded for it. */
export interface DemoMode {
  api: DemoApi;
  seed: DemoSeed;
  close(): Promise<void>;
}

/** The gateway allow-list plus the demo API's loopback host (PORTICO_GATEWAY_ALLOW_HOSTS semantics). */
export function withDemoAllowHost(allowHosts: readonly AllowedHost[]): AllowedHost[] {
  const present = allowHosts.some((h) => h.kind === 'host' && h.host === DEMO_API_HOST);
  return present ? [...allowHosts] : [...allowHosts, { kind: 'host', host: DEMO_API_HOST }];
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** True when the configuration lets Portico fetch from and call the demo API. */
export function allowsDemoApi(config: Pick<Config, 'gatewayAllowHosts'>): boolean {
  const demo = ipv4Number(DEMO_API_HOST);
  return config.gatewayAllowHosts.some((h) => {
    if (h.kind === 'host') return h.host === DEMO_API_HOST;
    if (h.family !== 4) return false;
    const size = 2 ** (32 - h.prefix);
    return Math.floor(ipv4Number(h.address) / size) === Math.floor(demo / size);
  });
}

/** A random password of 20 URL-safe characters. */
function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * The demo API key: decrypted from `<dataDir>/demo-api-key`, or made and stored there (encrypted, mode 0600) on the
 * first start, so connections made to the demo API keep working after a restart. A key file that the keyring can no
 * longer open (its master key was removed) is replaced by a new key.
 */
export function demoApiKey(keyring: Keyring, dataDir: string): string {
  const file = path.join(dataDir, DEMO_KEY_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    try {
      const key = keyring.decrypt(stored, { context: KEY_CONTEXT });
      if (keyring.needsRewrap(stored)) writeSecretFile(file, keyring.rewrap(stored));
      return key;
    } catch {
      // Unreadable (corrupt, or wrapped by a master key that is gone): make a new key below.
    }
  }
  const key = `demo_${randomBytes(16).toString('hex')}`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeSecretFile(file, keyring.encrypt(key, { context: KEY_CONTEXT }));
  return key;
}

/** Writes a file with mode 0600 under a temporary name, then renames it into place. */
function writeSecretFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${content}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Creates a demo account, or gives the existing one a new password; audited as a system change. */
async function ensureAccount(
  db: Db,
  account: (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS],
  password: string,
  passwordHash: string,
): Promise<{ user: User; account: DemoAccount }> {
  const existing = await getUserByEmail(db, account.email);
  if (existing) {
    await setPasswordHash(db, existing.id, passwordHash);
    await recordSystemAudit(db, {
      via: AUDIT_VIA,
      actor: { id: existing.id, email: existing.email },
      action: 'user.update',
      resourceType: 'user',
      resourceId: existing.id,
      summary: { email: existing.email, changed: ['credentials'] },
    });
    return { user: existing, account: { id: existing.id, email: existing.email, password, created: false } };
  }
  const created = await provisionUser(db, {
    email: account.email,
    displayName: account.displayName,
    admin: account.admin,
    passwordHash,
  });
  if (!created.ok) throw new Error(`demo account ${account.email} appeared while it was being created; start again`);
  const user = created.value;
  await recordSystemAudit(db, {
    via: AUDIT_VIA,
    actor: { id: user.id, email: user.email },
    action: 'user.create',
    resourceType: 'user',
    resourceId: user.id,
    summary: { email: user.email, admin: user.admin },
  });
  return { user, account: { id: user.id, email: user.email, password, created: true } };
}

/** Revokes the administrator's earlier demo tokens and makes a new one (its secret is returned once). */
async function replaceDemoToken(db: Db, user: User): Promise<string> {
  for (const old of await listAccessTokens(db, user.id)) {
    if (old.name !== DEMO_TOKEN_NAME || old.revokedAt) continue;
    await revokeAccessToken(db, user.id, old.id);
    await recordSystemAudit(db, {
      via: AUDIT_VIA,
      actor: { id: user.id, email: user.email },
      action: 'token.revoke',
      resourceType: 'token',
      resourceId: old.id,
      summary: { name: old.name },
    });
  }
  const { token, hash, prefix } = newPersonalAccessToken();
  const record = await createAccessToken(db, {
    userId: user.id,
    name: DEMO_TOKEN_NAME,
    prefix,
    tokenHash: hash,
    expiresAt: null,
  });
  await recordSystemAudit(db, {
    via: AUDIT_VIA,
    actor: { id: user.id, email: user.email },
    action: 'token.create',
    resourceType: 'token',
    resourceId: record.id,
    summary: { name: record.name },
  });
  return token;
}

/** Registers the demo API as an API app, or points the existing app at this demo API's definition URL. */
async function ensureDemoApp(
  server: FastifyInstance,
  actor: Actor,
  apiUrl: string,
): Promise<{ app: ApiApp; created: boolean }> {
  const definitionUrl = `${apiUrl}/openapi.json`;
  const existing = await getApp(server.store.db, DEMO_APP_NAME);
  if (!existing) {
    const app = await createApiApp(server, actor, {
      name: DEMO_APP_NAME,
      displayName: 'Demo inventory API',
      baseUrl: apiUrl,
      definitionUrl,
    });
    return { app, created: true };
  }
  if (existing.source.kind === 'url' && existing.source.url === definitionUrl) return { app: existing, created: false };
  // The demo API listens on another port than last time: follow it (a new revision when the document changed).
  const moved = await server.store.transaction(async (trx) => {
    const record = await updateApp(trx, existing.id, { baseUrl: apiUrl, source: { kind: 'url', url: definitionUrl } });
    await auditAs(trx, actor, {
      action: 'app.update',
      resourceId: existing.id,
      summary: { name: existing.name, changed: ['baseUrl', 'definitionUrl'] },
    });
    return record ?? existing;
  });
  await refreshApiApp(server, actor, moved);
  return { app: (await getApp(server.store.db, DEMO_APP_NAME)) ?? moved, created: false };
}

/**
 * Seeds demo mode on a built (not necessarily listening) server: the two demo accounts with new passwords, a new
 * CLI token for the administrator, and the demo API app registered from `${apiUrl}/openapi.json`.
 */
export async function seedDemo(server: FastifyInstance, apiUrl: string): Promise<DemoSeed> {
  const adminPassword = newPassword();
  const makerPassword = newPassword();
  // Hash outside the transaction: scrypt takes tens of milliseconds.
  const [adminHash, makerHash] = await Promise.all([hashPassword(adminPassword), hashPassword(makerPassword)]);
  const people = await server.store.transaction(async (trx) => {
    const admin = await ensureAccount(trx, DEMO_ACCOUNTS.admin, adminPassword, adminHash);
    const maker = await ensureAccount(trx, DEMO_ACCOUNTS.maker, makerPassword, makerHash);
    const token = await replaceDemoToken(trx, admin.user);
    return { admin, maker, token };
  });
  const { app, created } = await ensureDemoApp(server, { user: people.admin.user }, apiUrl);
  const current = app.currentRevisionId ? await getRevisionById(server.store.db, app.currentRevisionId) : undefined;
  return {
    admin: people.admin.account,
    maker: people.maker.account,
    token: people.token,
    app,
    revision: current?.number ?? 0,
    appCreated: created,
  };
}

/** Where the demo API listens: a port, or undefined for the default (DEMO_DEFAULT_PORT, else any free port). */
export interface DemoModeOptions {
  port?: number;
}

/** Starts the demo API on the given port, or on DEMO_DEFAULT_PORT falling back to any free port when it is taken. */
async function listenDemoApi(apiKey: string, port: number | undefined): Promise<DemoApi> {
  if (port !== undefined) return startDemoApi({ host: DEMO_API_HOST, port, apiKey });
  try {
    return await startDemoApi({ host: DEMO_API_HOST, port: DEMO_DEFAULT_PORT, apiKey });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startDemoApi({ host: DEMO_API_HOST, port: 0, apiKey });
  }
}

/**
 * Starts demo mode on a built server (call it before the server listens): the demo API with its stable key, then
 * the seed. The server's configuration must allow-list the demo API's host (see withDemoAllowHost).
 */
export async function startDemoMode(server: FastifyInstance, options: DemoModeOptions = {}): Promise<DemoMode> {
  if (!allowsDemoApi(server.config)) {
    throw new Error(
      `demo mode needs ${DEMO_API_HOST} in the gateway allow-list (PORTICO_GATEWAY_ALLOW_HOSTS) to fetch and call the demo API`,
    );
  }
  const api = await listenDemoApi(demoApiKey(server.keyring, server.config.dataDir), options.port);
  try {
    const seed = await seedDemo(server, api.url);
    return { api, seed, close: () => api.close() };
  } catch (error) {
    await api.close();
    throw error;
  }
}
