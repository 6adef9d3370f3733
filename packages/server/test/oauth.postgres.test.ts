/**
 * OAuth on PostgreSQL: the whole sign-in on a fresh database, and two Portico processes (two apps, two pools)
 * whose token managers hit one expired connection at once: the advisory lock lets exactly one refresh happen.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenManager, oauthDepsOf } from '../src/oauth/index.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { json } from './helpers/app.ts';
import {
  CONNECTIONS,
  CONNECTORS,
  genericSettings,
  type Json,
  type OAuthApp,
  oauthApp,
  oauthPackage,
  PUBLIC_URL,
} from './helpers/oauth.ts';
import { followToRedirect, startTestProvider, type TestProvider } from './helpers/oidc.ts';
import { createTestDatabase, RUN_POSTGRES, type TestDatabase } from './helpers/postgres.ts';

describe.runIf(RUN_POSTGRES)('OAuth connections on PostgreSQL', () => {
  let database: TestDatabase;
  let provider: TestProvider;
  let storeA: Store;
  let storeB: Store;
  let a: OAuthApp;
  let b: OAuthApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    provider = await startTestProvider({ redirectUris: [`${PUBLIC_URL}/redirect/pg-oauth`], accessTokenTtl: 300 });
    const masterKey = randomBytes(32).toString('base64');
    storeA = openStore({ dialect: 'postgres', url: database.url });
    storeB = openStore({ dialect: 'postgres', url: database.url });
    a = await oauthApp({ store: storeA, config: { masterKey } });
    b = await oauthApp({ store: storeB, config: { masterKey } });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await storeA?.close();
    await storeB?.close();
    await provider?.close();
    await database?.drop();
  });

  it('signs in, and two processes refreshing one expired connection at once make exactly one refresh', async () => {
    const connector = await a.call('POST', CONNECTORS, a.owner, {
      ...oauthPackage(genericSettings(provider.issuer, provider.clientId)),
      name: 'pg-oauth',
      auth: { clientSecret: provider.clientSecret },
    });
    expect(connector.statusCode, connector.body).toBe(201);
    const created = json<Json>(await a.call('POST', CONNECTIONS, a.owner, { connector: 'pg-oauth', parameters: {} }));
    const page = await a.land(await followToRedirect(created.authorizationUrl, PUBLIC_URL));
    expect(page.statusCode, page.body).toBe(200);

    let clock = Date.now();
    const managerA = createTokenManager({ ...oauthDepsOf(a.t.app), now: () => clock });
    const managerB = createTokenManager({ ...oauthDepsOf(b.t.app), now: () => clock });
    const first = await managerA.getAccessToken(created.id);
    expect(await managerB.getAccessToken(created.id)).toBe(first);

    clock += 301_000;
    const refreshes = provider.tokenRequests.refresh_token ?? 0;
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? managerA : managerB).getAccessToken(created.id)),
    );
    expect(provider.tokenRequests.refresh_token).toBe(refreshes + 1);
    expect(managerA.refreshCount + managerB.refreshCount).toBe(1);
    expect(new Set(all).size).toBe(1);
    expect(all[0]).not.toBe(first);
    const got = json<Json>(await b.call('GET', `${CONNECTIONS}/${created.id}`, a.owner));
    expect(got.status).toBe('connected');
  });
});
