/**
 * A real Portico for browser tests: the built portal, a server listening on 127.0.0.1 port 0 over SQLite in
 * a temporary data directory, the demo API as the upstream, and users made in the store.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../../packages/server/src/auth/password.ts';
import { provisionUser } from '../../../packages/server/src/auth/provision.ts';
import { testConfig } from '../../../packages/server/src/config.ts';
import { type DemoApi, startDemoApi } from '../../../packages/server/src/demo/index.ts';
import { WEB_DIST } from '../../../packages/server/src/routes/web.ts';
import { type RunningServer, startServer } from '../../../packages/server/src/server.ts';
import {
  createEnvironment,
  getEnvironment,
  setEnvironmentRole,
} from '../../../packages/server/src/store/environments.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PortalUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

export interface Portico {
  url: string;
  demo: DemoApi;
  server: RunningServer;
  /** Creates a user with a password; `role` is their role in the `default` environment. */
  addUser(name: string, role: 'maker' | 'user'): Promise<PortalUser>;
  /** Creates an environment where the given user is a maker. */
  addEnvironment(name: string, maker: PortalUser): Promise<void>;
  close(): Promise<void>;
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the portal when `packages/web/dist` is missing or older than its sources, so tests see the current code. */
export function ensurePortalBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const web = path.join(ROOT, 'packages', 'web');
  const sources = Math.max(newestChange(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build', '-w', '@portico/web'], { cwd: ROOT, stdio: 'pipe' });
}

/** Starts the demo API and Portico (portal included) on 127.0.0.1. */
export async function startPortico(): Promise<Portico> {
  ensurePortalBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portico-e2e-'));
  const demo = await startDemoApi();
  const config = testConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    database: { dialect: 'sqlite', file: path.join(dataDir, 'portico.db') },
    publicUrl: 'http://127.0.0.1:0',
    gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }],
  });
  const server = await startServer({ config, print: () => undefined });
  let counter = 0;
  return {
    url: server.url,
    demo,
    server,
    async addUser(name, role) {
      counter += 1;
      const email = `${name}-${counter}@example.com`;
      const password = `${name} correct horse ${counter}`;
      // Cheap scrypt parameters: verification reads them from the hash.
      const passwordHash = await hashPassword(password, { N: 1024, r: 8, p: 1 });
      const db = server.store.db;
      const created = await provisionUser(db, { email, passwordHash, displayName: name });
      if (!created.ok) throw new Error(`user ${email} exists`);
      if (role !== 'maker') {
        const env = await getEnvironment(db, 'default');
        if (!env) throw new Error('the default environment is missing');
        await setEnvironmentRole(db, env.id, created.value.id, role);
      }
      return { id: created.value.id, email, password, displayName: name };
    },
    async addEnvironment(name, maker) {
      const created = await createEnvironment(server.store.db, { name, createdBy: null });
      if (!created.ok) throw new Error(`environment ${name} exists`);
      await setEnvironmentRole(server.store.db, created.value.id, maker.id, 'maker');
    },
    async close() {
      await server.close();
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
