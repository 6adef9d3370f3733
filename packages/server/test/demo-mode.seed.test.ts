/** Demo mode's parts in-process: the allow-list check, the stored demo API key, and an idempotent seed. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowedHost } from '../src/config.ts';
import {
  allowsDemoApi,
  DEMO_ACCOUNTS,
  DEMO_APP_NAME,
  DEMO_KEY_FILE,
  demoApiKey,
  startDemoMode,
  withDemoAllowHost,
} from '../src/demo-mode.ts';
import { generateMasterKey, keyringFromKeys } from '../src/secrets/index.ts';
import { listApps } from '../src/store/apps.ts';
import { listAccessTokens } from '../src/store/tokens.ts';
import { listUsers } from '../src/store/users.ts';
import { makeApp } from './helpers/app.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-demo-seed-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('withDemoAllowHost', () => {
  it('adds 127.0.0.1 to the gateway allow-list once, keeping the hosts already there', () => {
    const once = withDemoAllowHost([{ kind: 'host', host: 'api.internal' }]);
    expect(once).toEqual([
      { kind: 'host', host: 'api.internal' },
      { kind: 'host', host: '127.0.0.1' },
    ]);
    expect(withDemoAllowHost(once)).toEqual(once);
  });
});

describe('allowsDemoApi', () => {
  it('accepts 127.0.0.1 as a host or inside a CIDR block, and nothing else', () => {
    const allows = (...hosts: AllowedHost[]) => allowsDemoApi({ gatewayAllowHosts: hosts });
    expect(allows({ kind: 'host', host: '127.0.0.1' })).toBe(true);
    expect(allows({ kind: 'cidr', address: '127.0.0.0', prefix: 8, family: 4 })).toBe(true);
    expect(allows({ kind: 'cidr', address: '0.0.0.0', prefix: 0, family: 4 })).toBe(true);
    expect(allows({ kind: 'cidr', address: '127.0.0.1', prefix: 32, family: 4 })).toBe(true);
    expect(allows({ kind: 'cidr', address: '127.0.1.0', prefix: 24, family: 4 })).toBe(false);
    expect(allows({ kind: 'cidr', address: '10.0.0.0', prefix: 8, family: 4 })).toBe(false);
    expect(allows({ kind: 'host', host: 'localhost' }, { kind: 'cidr', address: '::1', prefix: 128, family: 6 })).toBe(
      false,
    );
    expect(allows()).toBe(false);
  });
});

describe('demoApiKey', () => {
  it('keeps one key per data directory, encrypted in a 0600 file', () => {
    const data = path.join(dir, 'key-stable');
    const keyring = keyringFromKeys([generateMasterKey()]);
    const key = demoApiKey(keyring, data);
    expect(key).toMatch(/^demo_[0-9a-f]{32}$/);
    expect(demoApiKey(keyring, data)).toBe(key);
    const file = path.join(data, DEMO_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(key);
  });

  it('makes a new key when the stored one cannot be opened with this master key', () => {
    const data = path.join(dir, 'key-lost');
    const first = demoApiKey(keyringFromKeys([generateMasterKey()]), data);
    const other = keyringFromKeys([generateMasterKey()]);
    const second = demoApiKey(other, data);
    expect(second).not.toBe(first);
    expect(demoApiKey(other, data)).toBe(second);
    writeFileSync(path.join(data, DEMO_KEY_FILE), 'not an envelope\n');
    expect(demoApiKey(other, data)).toMatch(/^demo_/);
  });
});

describe('startDemoMode', () => {
  it('refuses to start when 127.0.0.1 is not allow-listed, and writes nothing', async () => {
    const { app, store, close } = await makeApp({ config: { dataDir: path.join(dir, 'refused') } });
    try {
      await expect(startDemoMode(app, { port: 0 })).rejects.toThrow(/127\.0\.0\.1 in the gateway allow-list/);
      expect(await listUsers(store.db)).toEqual([]);
      expect(await listApps(store.db)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('seeds users, a token and the app once, and reuses them on a second start', async () => {
    const { app, store, close } = await makeApp({
      config: { dataDir: path.join(dir, 'seed'), gatewayAllowHosts: withDemoAllowHost([]) },
    });
    try {
      const first = await startDemoMode(app, { port: 0 });
      await first.close();
      expect(first.seed.appCreated).toBe(true);
      expect(first.seed.revision).toBe(1);
      expect(first.seed.admin.created && first.seed.maker.created).toBe(true);
      const second = await startDemoMode(app, { port: 0 });
      await second.close();
      expect(second.seed.appCreated).toBe(false);
      expect(second.api.apiKey).toBe(first.api.apiKey);
      expect([second.seed.admin.id, second.seed.maker.id]).toEqual([first.seed.admin.id, first.seed.maker.id]);
      expect(second.seed.admin.created || second.seed.maker.created).toBe(false);
      const users = await listUsers(store.db);
      expect(users.map((u) => [u.email, u.admin]).sort()).toEqual([
        [DEMO_ACCOUNTS.admin.email, true],
        [DEMO_ACCOUNTS.maker.email, false],
      ]);
      const apps = await listApps(store.db);
      expect(apps.map((a) => a.name)).toEqual([DEMO_APP_NAME]);
      expect(apps[0]?.source).toEqual({ kind: 'url', url: `${second.api.url}/openapi.json` });
      const tokens = await listAccessTokens(store.db, first.seed.admin.id);
      expect(tokens.filter((t) => !t.revokedAt)).toHaveLength(1);
      expect(tokens).toHaveLength(2);
    } finally {
      await close();
    }
  });
});
