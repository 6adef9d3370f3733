/**
 * The seed workflow in a real browser: the API developer registers the demo API from its definition URL,
 * sees the findings and downloads the connector package; the maker creates a custom connector from that
 * file, fills in the API key label, creates a connection and tests it. Every page is screenshotted and
 * scanned with axe-core, at 1280×800 and at 390 pixels wide.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  horizontalOverflow,
  type LaunchedBrowser,
  launchChromium,
  RUN_BROWSER,
  screenshot,
  seriousViolations,
} from './helpers/browser.ts';
import { type PortalUser, type Portico, startPortico } from './helpers/portico.ts';

let portico: Portico;
let chrome: LaunchedBrowser;
let developer: PortalUser;
let maker: PortalUser;
let downloads: string;
let packageZip: string;
const APP = 'inventory';
/** The page of the running test, screenshotted when the test fails. */
let lastPage: Page | undefined;

/** Screenshot plus accessibility scan of the page as it is now. */
async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chrome.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  // Generous: CI runs this file beside the rest of the suite on two cores.
  page.setDefaultTimeout(30_000);
  lastPage = page;
  return { context, page };
}

async function signIn(page: Page, user: PortalUser): Promise<void> {
  await page.goto(`${portico.url}/apps`);
  await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'API apps', level: 1 }).waitFor();
}

beforeAll(async () => {
  [portico, chrome] = await Promise.all([startPortico(), launchChromium()]);
  developer = await portico.addUser('developer', 'user');
  maker = await portico.addUser('maker', 'maker');
  await portico.addEnvironment('staging', maker);
  downloads = await mkdtemp(path.join(tmpdir(), 'portico-downloads-'));
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
    await screenshot(lastPage, `failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(
      () => undefined,
    );
  }
});

afterAll(async () => {
  await chrome?.close();
  await portico?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

describe.runIf(RUN_BROWSER)('portal, seed workflow at 1280×800', { timeout: 180_000 }, () => {
  it('the developer signs in, registers the demo API from its URL, sees findings and downloads the package', async () => {
    const { context, page } = await newPage({ width: 1280, height: 800 });
    await page.goto(`${portico.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await inspect(page, 'desktop-01-sign-in');

    // A wrong password is told where it happened, in words.
    await page.getByLabel('Email').fill(developer.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email or password is wrong.');
    await inspect(page, 'desktop-02-sign-in-error');

    await signIn(page, developer);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('developer');
    await inspect(page, 'desktop-03-apps-empty');

    await page.getByRole('button', { name: 'New API app' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(APP);
    await page.getByLabel('Display name').fill('Inventory API');
    await page.getByRole('textbox', { name: 'Definition URL' }).fill(`${portico.demo.url}/openapi.json`);
    await inspect(page, 'desktop-04-apps-create');
    await page.getByRole('button', { name: 'Register' }).click();

    await page.getByRole('heading', { name: 'Inventory API', level: 1 }).waitFor();
    const hosted = await page.getByRole('textbox', { name: 'Hosted definition URL' }).inputValue();
    expect(hosted).toBe(`${portico.url}/apps/${APP}/definition.json`);
    await page.getByRole('heading', { name: 'Findings of the current revision' }).waitFor();
    await page
      .getByText(/No findings|Errors|Warnings|Information/)
      .first()
      .waitFor();
    await inspect(page, 'desktop-05-app-definition');

    await page.getByRole('tab', { name: 'Operations' }).click();
    const operations = page.getByRole('table', { name: 'Operations of the definition' });
    await operations.waitFor();
    const documentOps = Object.values(portico.demo.document.paths as Record<string, Record<string, unknown>>).flatMap(
      (item) => Object.values(item).filter((op) => typeof op === 'object' && op && 'operationId' in op),
    ).length;
    expect(await operations.getByRole('row').count()).toBe(documentOps + 1);
    await inspect(page, 'desktop-06-app-operations');

    await page.getByRole('tab', { name: 'Revisions' }).click();
    await page.getByRole('table', { name: 'Revisions' }).getByText('current').waitFor();
    await inspect(page, 'desktop-07-app-revisions');

    await page.getByRole('button', { name: 'Refresh from source' }).click();
    await page.getByText('The definition has not changed; no new revision.').waitFor();

    await page.getByRole('tab', { name: 'Export to PowerApps/Flow' }).click();
    await page.getByText(/Ready to import|Not importable yet/).waitFor();
    await page
      .getByRole('heading', { name: /Fixes made/ })
      .first()
      .waitFor();
    await page
      .getByRole('heading', { name: /What was lost/ })
      .first()
      .waitFor();
    await inspect(page, 'desktop-08-app-export-manual');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download package (.zip)' }).click(),
    ]);
    packageZip = path.join(downloads, `${APP}.zip`);
    await download.saveAs(packageZip);
    expect(readFileSync(packageZip).subarray(0, 2).toString('latin1')).toBe('PK');

    // The developer has no maker role: express export says so instead of failing later.
    await page.getByRole('radio', { name: /Express/ }).check();
    await page.getByText('Express export needs the maker role in an environment.', { exact: false }).waitFor();
    await inspect(page, 'desktop-09-app-export-express-no-role');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    await context.close();
  });

  it('the maker creates the connector from the downloaded package, adds a connection and tests it', async () => {
    expect(packageZip, 'the developer test downloads the package').toBeTruthy();
    const { context, page } = await newPage({ width: 1280, height: 800 });
    await signIn(page, maker);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Custom connectors' }).click();
    await page.getByRole('table', { name: 'Connectors' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Connectors' }).textContent()).toContain('Built-in');
    await inspect(page, 'desktop-10-connectors');

    await page.getByRole('button', { name: 'New custom connector' }).click();
    await page.getByRole('heading', { name: '1. General' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(packageZip);
    await page.getByText(`${APP}.zip`).waitFor();
    await inspect(page, 'desktop-11-wizard-general');
    await page.getByRole('button', { name: 'Continue to security' }).click();

    await page.getByRole('heading', { name: '2. Security' }).waitFor();
    await page.getByText('API key', { exact: true }).first().waitFor();
    const label = page.getByRole('textbox', { name: 'Parameter label' });
    await label.fill('Inventory API key');
    await inspect(page, 'desktop-12-wizard-security');
    await page.getByRole('button', { name: 'Continue to definition' }).click();

    await page.getByRole('heading', { name: '3. Definition' }).waitFor();
    await page.getByRole('table', { name: 'Operations of the connector' }).waitFor();
    await inspect(page, 'desktop-13-wizard-definition');
    await page.getByRole('button', { name: 'Continue to create' }).click();

    await page.getByRole('heading', { name: '4. Create' }).waitFor();
    await page.getByLabel('Connector name').fill(APP);
    await inspect(page, 'desktop-14-wizard-create');
    await page.getByRole('button', { name: 'Create connector' }).click();

    await page.getByRole('tab', { name: 'Versions' }).waitFor();
    await page.getByRole('table', { name: 'Operations of the connector' }).waitFor();
    await inspect(page, 'desktop-15-connector');
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByText('Inventory API key').first().waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('table', { name: 'Versions' }).waitFor();
    await inspect(page, 'desktop-16-connector-versions');

    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('heading', { name: 'New connection' }).waitFor();
    await page.getByLabel('Inventory API key').fill(portico.demo.apiKey);
    await page.getByLabel('Connection name').fill('My inventory');
    await inspect(page, 'desktop-17-connection-create');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.getByRole('list', { name: 'Connections' }).getByText('My inventory').waitFor();
    await page.getByRole('button', { name: 'Test My inventory' }).click();
    await page.getByText(/^Works: /).waitFor();
    await inspect(page, 'desktop-18-connections');

    // A connection with a wrong key fails its test, says so, and can be deleted.
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('combobox', { name: 'Connector' }).selectOption(APP);
    await page.getByLabel('Inventory API key').fill('not-the-key');
    await page.getByLabel('Connection name').fill('Wrong key');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.getByRole('button', { name: 'Test Wrong key' }).click();
    await page.getByText(/^Failed: /).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete Wrong key' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Connections' }).textContent()).not.toContain('Wrong key');

    // The Test tab calls an operation through the gateway with the connection's key.
    const expected = (await (
      await fetch(`${portico.demo.url}/items/1`, { headers: { 'x-api-key': portico.demo.apiKey } })
    ).json()) as { sku: string };
    await page.goto(`${portico.url}/connectors/${APP}`);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByRole('combobox', { name: 'Operation' }).selectOption('GetItem');
    const itemId = page.getByRole('spinbutton', { name: /item ?id/i });
    await itemId.fill('1');
    await page.getByRole('button', { name: 'Test operation' }).click();
    const response = page.getByRole('region', { name: 'Response body' });
    await expect.poll(() => response.textContent()).toContain(expected.sku);
    await page
      .getByText(/^200\b/)
      .first()
      .waitFor();
    await inspect(page, 'desktop-19-connector-test');
    // The upstream's own error answer passes through as it is.
    await itemId.fill('99999');
    await page.getByRole('button', { name: 'Test operation' }).click();
    await page
      .getByText(/^404\b/)
      .first()
      .waitFor();
    expect(await response.textContent()).toContain('not-found');
    await inspect(page, 'desktop-20-connector-test-error');

    // The secret never comes back to the browser.
    expect(await page.content()).not.toContain(portico.demo.apiKey);
    await context.close();
  });

  it('the maker uploads a definition file, exports it express into an environment and switches environments', async () => {
    const file = path.join(downloads, 'inventory-openapi.json');
    writeFileSync(file, JSON.stringify(portico.demo.document, null, 2));
    const { context, page } = await newPage({ width: 1280, height: 800 });
    await signIn(page, maker);
    await page.getByRole('button', { name: 'New API app' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('uploaded');
    await page.getByLabel('Display name').fill('Uploaded Inventory');
    await page.getByRole('radio', { name: 'Upload a file' }).check();
    // Dropped on the drop zone, as a file dragged from the desktop would be.
    const dropped = await page.evaluateHandle(
      `(() => { const d = new DataTransfer(); d.items.add(new File([${JSON.stringify(readFileSync(file, 'utf8'))}], 'inventory-openapi.json', { type: 'application/json' })); return d; })()`,
    );
    await page.getByText('or drop the file here', { exact: false }).dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByText('inventory-openapi.json').waitFor();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Uploaded Inventory', level: 1 }).waitFor();

    await page.getByRole('tab', { name: 'Export to PowerApps/Flow' }).click();
    await page.getByRole('radio', { name: /Express/ }).check();
    await page.getByRole('heading', { name: 'Authentication: API key' }).waitFor();
    await page.getByRole('textbox', { name: 'Connector name' }).fill('uploaded-inventory');
    await page.getByRole('textbox', { name: 'Parameter label' }).fill('Warehouse key');
    await inspect(page, 'desktop-21-app-export-express');
    await page.getByRole('button', { name: 'Export to environment' }).click();
    await page.getByText('Connector created').waitFor();
    await inspect(page, 'desktop-22-app-export-express-done');
    await page.getByRole('link', { name: 'Open the connector' }).click();
    await page.getByRole('heading', { name: 'Uploaded Inventory', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByText('Warehouse key').first().waitFor();

    // Another environment has its own connectors: the express export is not there.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Custom connectors' }).click();
    const table = page.getByRole('table', { name: 'Connectors' });
    await expect.poll(() => table.textContent()).toContain('Uploaded Inventory');
    await page.getByLabel('Environment').selectOption('staging');
    await expect.poll(async () => (await table.textContent()) ?? '').not.toContain('Uploaded Inventory');
    expect(await table.textContent()).toContain('Built-in');
    await inspect(page, 'desktop-23-connectors-other-environment');
    await context.close();
  });

  it('the maker creates an Entra ID connector in the wizard, shares it and updates it to a new version', async () => {
    const secret = 'planted-client-secret-4711';
    const doc = (operations: string[]) => ({
      swagger: '2.0',
      info: { title: 'Contoso Directory', version: '1.0' },
      host: 'directory.example.com',
      basePath: '/',
      schemes: ['https'],
      securityDefinitions: {
        entra: {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
          tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token',
          scopes: {},
        },
      },
      security: [{ entra: [] }],
      paths: Object.fromEntries(
        operations.map((op) => [
          `/${op.toLowerCase()}`,
          { get: { operationId: op, summary: `Get ${op}`, responses: { '200': { description: 'OK' } } } },
        ]),
      ),
    });
    const v1 = path.join(downloads, 'contoso-v1.json');
    const v2 = path.join(downloads, 'contoso-v2.json');
    writeFileSync(v1, JSON.stringify(doc(['GetMe'])));
    writeFileSync(v2, JSON.stringify(doc(['GetMe', 'GetPeople'])));

    const { context, page } = await newPage({ width: 1280, height: 800 });
    await signIn(page, maker);
    await page.goto(`${portico.url}/connectors/new`);
    await page.locator('input[type=file]').setInputFiles(v1);
    await page.getByRole('button', { name: 'Continue to security' }).click();
    await page.getByRole('heading', { name: '2. Security' }).waitFor();
    await page.getByText('Microsoft Entra ID (OAuth 2.0)').waitFor();
    await page.getByRole('textbox', { name: 'Client ID' }).fill('contoso-portal-client');
    await page.getByLabel('Client secret').fill(secret);
    await page.getByRole('textbox', { name: 'Resource URL' }).fill('https://directory.example.com');
    const redirect = await page.getByRole('textbox', { name: 'Redirect URL' }).inputValue();
    expect(redirect.startsWith(`${portico.url}/redirect`)).toBe(true);
    await inspect(page, 'desktop-24-wizard-security-entra');
    await page.getByRole('button', { name: 'Continue to definition' }).click();
    await page.getByRole('button', { name: 'Continue to create' }).click();
    await page.getByLabel('Connector name').fill('contoso');
    // The per-connector redirect URL follows the name chosen here, and is the one the connector then has.
    const registered = `${portico.url}/redirect/contoso`;
    const redirectField = page.getByRole('textbox', { name: 'Redirect URL' });
    const globalRedirect = `${portico.url}/redirect`;
    await expect.poll(() => redirectField.inputValue()).toMatch(new RegExp(`^(${registered}|${globalRedirect})$`));
    const chosen = await redirectField.inputValue();
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: 'Contoso Directory', level: 1 }).waitFor();

    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByText('contoso-portal-client').waitFor();
    expect(await page.getByRole('textbox', { name: 'Redirect URL' }).inputValue()).toBe(chosen);
    await inspect(page, 'desktop-25-connector-security-entra');

    await page.getByRole('tab', { name: 'Sharing' }).click();
    await page.getByRole('button', { name: 'Share with everyone in the environment' }).click();
    await page.getByRole('table', { name: 'Shares' }).getByText('Everyone in the environment').waitFor();
    await inspect(page, 'desktop-26-connector-sharing');

    await page.getByRole('tab', { name: 'Update' }).click();
    await page.locator('input[type=file]').setInputFiles(v2);
    await page.getByRole('button', { name: 'Check the new definition' }).click();
    expect(await page.getByRole('textbox', { name: 'Client ID' }).inputValue()).toBe('contoso-portal-client');
    await page.getByLabel('Client secret').fill(secret);
    await page.getByRole('button', { name: 'Update connector' }).click();
    await page.getByText('Updated: version 2 is now current.').waitFor();
    await inspect(page, 'desktop-27-connector-update');
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Restore version 1' }).waitFor();
    await page.getByRole('tab', { name: 'Operations' }).click();
    await page
      .getByRole('table', { name: 'Operations of the connector' })
      .getByRole('cell', { name: 'GetPeople', exact: true })
      .waitFor();
    // Restoring version 1 brings back its operations.
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('button', { name: 'Restore version 2' }).waitFor();
    await page.getByRole('tab', { name: 'Operations' }).click();
    await page.getByRole('cell', { name: 'GetMe', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'GetPeople', exact: true }).count()).toBe(0);

    expect(await page.content()).not.toContain(secret);
    await context.close();
  });

  it('shows an API error where it happened, in words, and asks to sign in again when the session ends', async () => {
    const { context, page } = await newPage({ width: 1280, height: 800 });
    await signIn(page, developer);
    await page.getByRole('button', { name: 'New API app' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('broken');
    await page.getByRole('textbox', { name: 'Definition URL' }).fill(`${portico.demo.url}/no-such-document.json`);
    await page.getByRole('button', { name: 'Register' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not register the API app');
    await inspect(page, 'desktop-28-apps-create-error');

    // A session that ends while the portal is open sends the user to sign in, and back afterwards.
    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/connections');
    await page.getByLabel('Email').fill(developer.email);
    await page.getByLabel('Password').fill(developer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await context.close();
  });
});

describe.runIf(RUN_BROWSER)('portal at a 390-pixel-wide viewport', { timeout: 180_000 }, () => {
  async function visit(user: PortalUser, pages: [string, string, (page: Page) => Promise<unknown>][]) {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await signIn(page, user);
    for (const [url, name, ready] of pages) {
      await page.goto(`${portico.url}${url}`);
      await ready(page);
      await inspect(page, name);
      expect(await horizontalOverflow(page), `sideways scrolling on ${url}`).toBeLessThanOrEqual(0);
    }
    await context.close();
  }

  it('shows every page without sideways scrolling and without serious accessibility problems', async () => {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${portico.url}/signin`);
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    await inspect(page, 'mobile-01-sign-in');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();
    await visit(developer, [
      ['/apps', 'mobile-02-apps', (p) => p.getByRole('table', { name: 'API apps' }).waitFor()],
      [
        `/apps/${APP}`,
        'mobile-03-app-definition',
        (p) =>
          p
            .getByText(/No findings|Errors|Warnings|Information/)
            .first()
            .waitFor(),
      ],
    ]);
    await visit(maker, [
      ['/connectors', 'mobile-04-connectors', (p) => p.getByRole('table', { name: 'Connectors' }).waitFor()],
      ['/connectors/new', 'mobile-05-wizard', (p) => p.getByRole('heading', { name: '1. General' }).waitFor()],
      [
        `/connectors/${APP}`,
        'mobile-06-connector',
        (p) => p.getByRole('table', { name: 'Operations of the connector' }).waitFor(),
      ],
      ['/connections', 'mobile-07-connections', (p) => p.getByRole('list', { name: 'Connections' }).waitFor()],
      [
        `/connectors/${APP}`,
        'mobile-08-connector-test',
        async (p) => {
          // The Test tab with a generated form and a response, on a phone.
          await p.getByRole('tab', { name: 'Test' }).click();
          await p.getByRole('combobox', { name: 'Operation' }).selectOption('GetItem');
          await p.getByRole('spinbutton', { name: /item ?id/i }).fill('1');
          await p.getByRole('button', { name: 'Test operation' }).click();
          await p
            .getByText(/^200\b/)
            .first()
            .waitFor();
        },
      ],
    ]);
  });
});
