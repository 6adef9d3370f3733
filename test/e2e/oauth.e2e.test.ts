/**
 * OAuth in the portal, against a real OAuth 2.0 provider on 127.0.0.1: the maker creates a connector that signs
 * in with OAuth in the wizard (client ID, secret, URLs; the redirect URL it shows is the one the provider
 * knows), creates a connection by signing in at the provider and coming back through Portico's redirect, fixes
 * a connection whose sign-in was refused, then calls the upstream from the Test tab with the token Portico got.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../../packages/server/test/helpers/oidc.ts';
import { type LaunchedBrowser, launchChromium, RUN_BROWSER, screenshot, seriousViolations } from './helpers/browser.ts';
import { type PortalUser, type Portico, startPortico } from './helpers/portico.ts';

const CONNECTOR = 'directory';
let portico: Portico;
let chrome: LaunchedBrowser;
let provider: TestProvider;
let upstream: Server;
let upstreamUrl: string;
let maker: PortalUser;
let dir: string;

async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

beforeAll(async () => {
  [portico, chrome] = await Promise.all([startPortico(), launchChromium()]);
  provider = await startTestProvider({
    redirectUris: [`${portico.url}/redirect`, `${portico.url}/redirect/${CONNECTOR}`],
    accessTokenTtl: 300,
  });
  // The upstream answers only calls that carry a bearer token.
  upstream = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    res.writeHead(token ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(token ? { name: 'Ada Lovelace', signedInWith: 'oauth' } : { error: 'no token' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  maker = await portico.addUser('oauth-maker', 'maker');
  dir = await mkdtemp(path.join(tmpdir(), 'portico-oauth-e2e-'));
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await provider?.close();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  await portico?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(RUN_BROWSER)('portal with OAuth 2.0', { timeout: 180_000 }, () => {
  it('creates an OAuth connector, signs a connection in at the provider and calls the upstream with its token', async () => {
    const definition = path.join(dir, 'directory.json');
    writeFileSync(
      definition,
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'Directory', version: '1.0' },
        host: upstreamUrl,
        basePath: '/',
        schemes: ['http'],
        paths: {
          '/me': {
            get: { operationId: 'GetMe', summary: 'Who am I', responses: { '200': { description: 'OK' } } },
          },
        },
        securityDefinitions: {
          oauth: {
            type: 'oauth2',
            flow: 'accessCode',
            authorizationUrl: `${provider.issuer}/auth`,
            tokenUrl: `${provider.issuer}/token`,
            scopes: { openid: 'Sign in', offline_access: 'Stay signed in' },
          },
        },
        security: [{ oauth: ['openid', 'offline_access'] }],
      }),
    );
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    await page.goto(`${portico.url}/connectors/new`);
    await page.getByLabel('Email').fill(maker.email);
    await page.getByLabel('Password').fill(maker.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: '1. General' }).waitFor();
    await page.getByRole('textbox', { name: 'Connector name' }).fill(CONNECTOR);
    await page.locator('input[type=file]').setInputFiles(definition);
    await page.getByRole('button', { name: 'Continue to security' }).click();
    await page.getByRole('heading', { name: '2. Security' }).waitFor();
    await page.getByText('OAuth 2.0', { exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Client ID' }).fill(provider.clientId);
    await page.getByLabel('Client secret').fill(provider.clientSecret);
    await page.getByRole('textbox', { name: 'Scopes' }).fill('openid offline_access');
    const redirect = await page.getByRole('textbox', { name: 'Redirect URL' }).inputValue();
    expect([`${portico.url}/redirect`, `${portico.url}/redirect/${CONNECTOR}`]).toContain(redirect);
    await inspect(page, 'oauth-01-wizard-security');
    await page.getByRole('button', { name: 'Continue to definition' }).click();
    await page.getByRole('button', { name: 'Continue to create' }).click();
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: 'Directory', level: 1 }).waitFor();

    // The connection: Portico sends the browser to the provider, which signs the user in and sends it back.
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('heading', { name: 'New connection' }).waitFor();
    await page.getByRole('radio', { name: /With my account/ }).check();
    await inspect(page, 'oauth-02-connection-create');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByText('Signed in: the connection is connected.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/connections');
    await page.getByRole('list', { name: 'Connections' }).getByText('Connected').waitFor();
    await inspect(page, 'oauth-03-connections-signed-in');

    // A refused sign-in says so; "Fix connection" signs the same connection in again.
    provider.denyNext(true);
    // Forget the provider's own session (its cookies start with "_"), so it asks the user again.
    await context.clearCookies({ name: /^_/ });
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('combobox', { name: 'Connector' }).selectOption(CONNECTOR);
    await page.getByLabel('Connection name').fill('Second account');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByText('The sign-in did not complete.', { exact: false }).waitFor();
    const fix = page.getByRole('button', { name: 'Fix connection Second account' });
    await fix.waitFor();
    await inspect(page, 'oauth-04-connections-sign-in-refused');
    provider.denyNext(false);
    await fix.click();
    await page.getByText('Signed in: the connection is connected.').waitFor();
    await expect.poll(() => fix.count()).toBe(0);

    await page.goto(`${portico.url}/connectors/${CONNECTOR}`);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'directory (connected)' });
    await page.getByRole('button', { name: 'Test operation' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Response body' }).textContent())
      .toContain('Ada Lovelace');
    await inspect(page, 'oauth-05-connector-test');

    expect(await page.content()).not.toContain(provider.clientSecret);
    await context.close();
  });
});
