/**
 * A Microsoft Entra ID (`aad`) connector end to end in the browser, at a 390-pixel-wide phone viewport: the
 * maker fills client ID, secret, resource URL, login URL and tenant in the wizard, signs a connection in at the
 * identity provider (a real OAuth provider answering at Entra ID's v1 paths), and runs an operation on the Test
 * tab against an API that accepts only tokens that provider issued. Each step: screenshot, axe-core, no
 * sideways scrolling.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  horizontalOverflow,
  type LaunchedBrowser,
  launchChromium,
  RUN_BROWSER,
  screenshot,
  seriousViolations,
} from './helpers/browser.ts';
import { type EntraStandIn, startEntraStandIn } from './helpers/entra.ts';
import { type PortalUser, type Portico, startPortico } from './helpers/portico.ts';

const CONNECTOR = 'contoso-people';
let portico: Portico;
let chrome: LaunchedBrowser;
let entra: EntraStandIn;
let maker: PortalUser;
let dir: string;
/** The page of the running test, screenshotted when the test fails. */
let lastPage: Page | undefined;

/** Screenshot, accessibility scan and the no-sideways-scrolling check of the page as it is now. */
async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  expect(await horizontalOverflow(page), `sideways scrolling on ${name}`).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  [portico, chrome] = await Promise.all([startPortico(), launchChromium()]);
  entra = await startEntraStandIn({
    redirectUris: [`${portico.url}/redirect`, `${portico.url}/redirect/${CONNECTOR}`],
  });
  maker = await portico.addUser('entra-maker', 'maker');
  dir = await mkdtemp(path.join(tmpdir(), 'portico-entra-e2e-'));
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
    await screenshot(lastPage, 'failed-entra').catch(() => undefined);
  }
});

afterAll(async () => {
  await chrome?.close();
  await entra?.close();
  await portico?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(RUN_BROWSER)('portal with a Microsoft Entra ID connector on a phone', { timeout: 180_000 }, () => {
  it('fills the Entra ID settings, signs a connection in at the provider and gets the API’s data on the Test tab', async () => {
    const definition = path.join(dir, 'people.json');
    const api = new URL(entra.apiUrl);
    writeFileSync(
      definition,
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'Contoso People', version: '1.0' },
        host: api.host,
        basePath: '/',
        schemes: ['http'],
        paths: {
          '/me': {
            get: {
              operationId: 'GetMyProfile',
              summary: 'Get my profile',
              'x-ms-summary': 'My profile',
              responses: { '200': { description: 'The signed-in user' } },
            },
          },
        },
        securityDefinitions: {
          entra: {
            type: 'oauth2',
            flow: 'accessCode',
            authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
            tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token',
            scopes: { openid: 'Sign in', offline_access: 'Stay signed in' },
          },
        },
        security: [{ entra: ['openid', 'offline_access'] }],
      }),
    );
    const context = await chrome.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    lastPage = page;

    await page.goto(`${portico.url}/connectors/new`);
    await page.getByLabel('Email').fill(maker.email);
    await page.getByLabel('Password').fill(maker.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: '1. General' }).waitFor();
    await page.getByRole('textbox', { name: 'Connector name' }).fill(CONNECTOR);
    await page.locator('input[type=file]').setInputFiles(definition);
    await page.getByRole('button', { name: 'Continue to security' }).click();
    await page.getByRole('heading', { name: '2. Security' }).waitFor();
    await page.getByText('Microsoft Entra ID (OAuth 2.0)').waitFor();
    await page.getByRole('textbox', { name: 'Client ID' }).fill(entra.provider.clientId);
    await page.getByLabel('Client secret').fill(entra.provider.clientSecret);
    await page.getByRole('textbox', { name: 'Resource URL' }).fill(entra.resource);
    await page.getByRole('textbox', { name: 'Login URL' }).fill(entra.loginUri);
    await page.getByRole('textbox', { name: 'Tenant ID' }).fill(entra.tenant);
    const redirect = await page.getByRole('textbox', { name: 'Redirect URL' }).inputValue();
    expect([`${portico.url}/redirect`, `${portico.url}/redirect/${CONNECTOR}`]).toContain(redirect);
    await inspect(page, 'entra-mobile-01-wizard-security');
    await page.getByRole('button', { name: 'Continue to definition' }).click();
    await page.getByRole('button', { name: 'Continue to create' }).click();
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: CONNECTOR, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByText(entra.loginUri).waitFor();
    await inspect(page, 'entra-mobile-02-connector-security');

    // Portico sends the browser to {login URL}/{tenant}/oauth2/authorize; the provider signs in and sends it back.
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('heading', { name: 'New connection' }).waitFor();
    await page.getByRole('radio', { name: /With my account/ }).check();
    await inspect(page, 'entra-mobile-03-connection-create');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByText('Signed in: the connection is connected.').waitFor();
    await page.getByRole('list', { name: 'Connections' }).getByText('Connected').waitFor();
    await inspect(page, 'entra-mobile-04-connections');
    expect(entra.provider.tokenParams.map((t) => [t.grant, t.resource])).toEqual([
      ['authorization_code', entra.resource],
    ]);
    expect(entra.issued).toHaveLength(1);

    await page.goto(`${portico.url}/connectors/${CONNECTOR}`);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByRole('combobox', { name: 'Connection' }).selectOption({ label: `${CONNECTOR} (connected)` });
    await page.getByRole('button', { name: 'Test operation' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Response body' }).textContent())
      .toContain('Grace Hopper');
    await page
      .getByText(/^200\b/)
      .first()
      .waitFor();
    await inspect(page, 'entra-mobile-05-connector-test');
    // The API saw the token the provider issued for this connection, and nothing else.
    expect(entra.apiCalls).toEqual([{ path: '/me', accepted: true }]);

    expect(await page.content()).not.toContain(entra.provider.clientSecret);
    await context.close();
  });
});
