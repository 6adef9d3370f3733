/**
 * When the API changes, in the browser: an upload-based API app gets a new definition (new revision, history
 * updated) and its long findings list is filtered, searched and collapsed; a connector is shared with a
 * colleague by email; a connector made from an API app by express export shows "Update available" when the
 * source definition changes, with the diff (breaking first), the impact and a conflict to settle, and "Update"
 * makes the new version. The new pages are checked with axe-core and at 390 pixels wide.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
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

const APP = 'catalog';
const OUR_SUMMARY = 'Read one catalog item (our wording)';
const API_KEY = 'catalog-key-5521';
let portico: Portico;
let chrome: LaunchedBrowser;
let maker: PortalUser;
let colleague: PortalUser;
let dir: string;
let source: Server;
let sourceUrl: string;
/** Which definition the source serves: 1, then 2 after "the API's team" deploys a change. */
let sourceVersion = 1;
let lastPage: Page | undefined;

/** The API's definition as its team publishes it, version 1 or 2. */
function catalogDefinition(version: number, host: string) {
  const op = (operationId: string, summary: string) => ({
    get: { operationId, summary, description: summary, responses: { '200': { description: 'OK' } } },
  });
  return {
    swagger: '2.0',
    info: { title: 'Catalog', version: `${version}.0`, description: 'The product catalog.' },
    host,
    basePath: '/',
    schemes: ['http'],
    securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    security: [{ key: [] }],
    paths: {
      '/items': op('ListItems', 'List the items'),
      '/items/{id}': {
        get: {
          ...op('GetItem', version === 1 ? 'Get an item' : 'Fetch one item').get,
          parameters: [{ name: 'id', in: 'path', required: true, type: 'string', description: 'Item id' }],
        },
      },
      // Version 2 removes the legacy operation (breaking) and adds the stock one.
      ...(version === 1 ? { '/legacy': op('GetLegacy', 'The old listing') } : { '/stock': op('GetStock', 'Stock') }),
    },
  };
}

/**
 * A definition with many findings of more than one severity: operations without summaries or descriptions,
 * and a few whose path parameter is never declared.
 */
function noisyDefinition(count: number) {
  return {
    openapi: '3.0.3',
    info: { title: 'Noisy', version: '1.0' },
    servers: [{ url: 'https://noisy.example.com' }],
    paths: Object.fromEntries([
      ...Array.from({ length: count }, (_, i) => [
        `/op${i + 1}`,
        { get: { operationId: `op${i + 1}`, responses: { '200': { description: 'OK' } } } },
      ]),
      ...Array.from({ length: 3 }, (_, i) => [
        `/undeclared${i + 1}/{id}`,
        {
          get: {
            operationId: `undeclared${i + 1}`,
            summary: 'Undeclared',
            responses: { '200': { description: 'OK' } },
          },
        },
      ]),
    ]),
  };
}

async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

async function newPage(width = 1280, height = 800): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chrome.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  lastPage = page;
  return { context, page };
}

async function signIn(page: Page, user: PortalUser): Promise<void> {
  await page.goto(`${portico.url}/apps`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'API apps', level: 1 }).waitFor();
}

beforeAll(async () => {
  [portico, chrome] = await Promise.all([startPortico(), launchChromium()]);
  source = createServer((req, res) => {
    if (req.url === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(catalogDefinition(sourceVersion, `127.0.0.1:${(source.address() as AddressInfo).port}`)));
      return;
    }
    // The API itself: every call needs the key.
    const ok = req.headers['x-api-key'] === API_KEY;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { path: req.url, items: [{ id: 'c-1', name: 'Lamp' }] } : { error: 'bad key' }));
  });
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  maker = await portico.addUser('changes-maker', 'maker');
  colleague = await portico.addUser('colleague', 'user');
  dir = await mkdtemp(path.join(tmpdir(), 'portico-changes-e2e-'));
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
    await screenshot(lastPage, `failed-changes-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`).catch(
      () => undefined,
    );
  }
});

afterAll(async () => {
  await chrome?.close();
  await new Promise<void>((resolve) => (source ? source.close(() => resolve()) : resolve()));
  await portico?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(RUN_BROWSER)('portal when the API changes', { timeout: 180_000 }, () => {
  it('filters, searches and collapses a long findings list, and takes a new uploaded definition', async () => {
    const first = path.join(dir, 'noisy.json');
    const second = path.join(dir, 'noisy-v2.json');
    writeFileSync(first, JSON.stringify(noisyDefinition(56)));
    writeFileSync(second, JSON.stringify(noisyDefinition(57)));
    const { context, page } = await newPage();
    await signIn(page, maker);
    await page.getByRole('button', { name: 'New API app' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('noisy');
    await page.getByRole('radio', { name: 'Upload a file' }).check();
    await page.locator('input[type=file]').setInputFiles(first);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Noisy', level: 1 }).waitFor();

    // Many findings: the groups start collapsed, with a count each.
    const filters = page.getByRole('search', { name: 'Filter the findings' });
    await filters.waitFor();
    const status = filters.getByRole('status');
    const total = Number(/^(\d+) findings$/.exec((await status.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(12);
    const groups = page.locator('details');
    expect(await groups.count()).toBeGreaterThan(0);
    for (const open of await groups.evaluateAll((els) => els.map((e) => (e as { open: boolean }).open))) {
      expect(open).toBe(false);
    }
    await expect
      .poll(() => page.getByRole('listitem').filter({ hasText: '/paths/~1op17' }).first().isVisible())
      .toBe(false);
    await inspect(page, 'changes-01-findings-collapsed');

    // A search opens the groups and keeps only the findings that match.
    await filters.getByRole('searchbox', { name: 'Search the findings' }).fill('op17');
    await expect.poll(() => status.textContent()).toMatch(/^\d+ of \d+ findings shown$/);
    const matches = page.getByRole('listitem').filter({ hasText: /./ });
    await expect.poll(() => matches.count()).toBeGreaterThan(0);
    for (const text of await matches.allTextContents()) expect(text).toContain('op17');
    await inspect(page, 'changes-02-findings-search');

    // The severity filter keeps one group.
    await filters.getByRole('searchbox', { name: 'Search the findings' }).fill('');
    const severities = await page.locator('details').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(severities.length, 'the definition has findings of more than one severity').toBeGreaterThan(1);
    const firstGroup = severities[0] ?? '';
    const [, title, count] = /^(\w+) \((\d+)\)$/.exec(firstGroup) ?? [];
    await filters
      .getByRole('combobox', { name: 'Severity' })
      .selectOption({ label: `Only ${(title ?? '').toLowerCase()}` });
    await expect.poll(() => status.textContent()).toBe(`${count} of ${total} findings shown`);
    expect(await page.locator('details').count()).toBe(1);
    expect(await page.locator('details').getAttribute('open')).not.toBeNull();
    await inspect(page, 'changes-03-findings-severity');

    // A group longer than a page shows 50 findings and a button for the rest.
    await filters.getByRole('combobox', { name: 'Severity' }).selectOption({ label: 'Only warnings' });
    const warnings = page.locator('details li');
    await expect.poll(() => warnings.count()).toBe(50);
    const more = page.getByRole('button', { name: /^Show \d+ more of \d+$/ });
    const rest = Number(/of (\d+)$/.exec((await more.textContent()) ?? '')?.[1]);
    expect(rest).toBeGreaterThan(0);
    await more.click();
    await expect.poll(() => warnings.count()).toBe(50 + rest);
    expect(await filters.getByRole('status').textContent()).toBe(`${50 + rest} of ${total} findings shown`);

    // A new definition uploaded to the app becomes revision 2, and the history lists both.
    await page.getByLabel('Upload a new definition').setInputFiles(second);
    await page.getByText('New revision 2 made.').waitFor();
    await page.getByRole('tab', { name: 'Revisions' }).click();
    const revisions = page.getByRole('table', { name: 'Revisions' });
    await expect.poll(() => revisions.getByRole('row').count()).toBe(3);
    expect(await revisions.getByRole('row').nth(1).textContent()).toContain('current');
    expect(await revisions.textContent()).toContain('uploaded noisy-v2.json');
    await inspect(page, 'changes-04-app-new-revision');
    await context.close();
  });

  it('offers the source update of an exported connector with its diff, impact and conflict, and applies it', async () => {
    const { context, page } = await newPage();
    await signIn(page, maker);
    await page.getByRole('button', { name: 'New API app' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(APP);
    await page.getByRole('textbox', { name: 'Definition URL' }).fill(`${sourceUrl}/openapi.json`);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Export to PowerApps/Flow' }).click();
    await page.getByRole('radio', { name: /Express/ }).check();
    await page.getByRole('textbox', { name: 'Connector name' }).fill(APP);
    await page.getByRole('textbox', { name: 'Parameter label' }).fill('Catalog key');
    await page.getByRole('button', { name: 'Export to environment' }).click();
    await page.getByRole('link', { name: 'Open the connector' }).click();
    await page.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();

    // Shared with a colleague by email.
    await page.getByRole('tab', { name: 'Sharing' }).click();
    await page.getByRole('textbox', { name: 'Share with a user (email)' }).fill(colleague.email);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('table', { name: 'Shares' }).getByText(colleague.email).waitFor();
    await inspect(page, 'changes-05-connector-shared-by-email');
    // The colleague now finds the connector.
    const other = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const colleaguePage = await other.newPage();
    colleaguePage.setDefaultTimeout(30_000);
    await signIn(colleaguePage, colleague);
    await colleaguePage.goto(`${portico.url}/connectors`);
    await expect.poll(() => colleaguePage.getByRole('table', { name: 'Connectors' }).textContent()).toContain(APP);
    await other.close();

    // A connection calls the legacy operation, so the update's impact has someone to count.
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByRole('heading', { name: 'New connection' }).waitFor();
    await page.getByLabel('Catalog key').fill(API_KEY);
    await page.getByLabel('Connection name').fill('Shop floor');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.getByRole('list', { name: 'Connections' }).getByText('Shop floor').waitFor();
    await page.goto(`${portico.url}/connectors/${APP}`);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByRole('combobox', { name: 'Operation' }).selectOption('GetLegacy');
    await page.getByRole('button', { name: 'Test operation' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Response body' }).textContent()).toContain('Lamp');

    // The maker customises the connector: their own summary of GetItem, uploaded as a new package.
    const base = `${portico.url}/api/v1/environments/default/connectors/${APP}`;
    const zip = unzipSync(new Uint8Array(await (await page.request.get(`${base}/download`)).body()));
    const definitionFile = Object.keys(zip).find((f) => /apiDefinition/i.test(f)) ?? '';
    const swagger = JSON.parse(strFromU8(zip[definitionFile] as Uint8Array)) as {
      paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    };
    for (const item of Object.values(swagger.paths)) {
      for (const op of Object.values(item)) if (op.operationId === 'GetItem') op.summary = OUR_SUMMARY;
    }
    zip[definitionFile] = strToU8(JSON.stringify(swagger, null, 2));
    const customised = path.join(dir, 'catalog-customised.zip');
    writeFileSync(customised, zipSync(zip));
    await page.getByRole('tab', { name: 'Update', exact: true }).click();
    await page.locator('input[type=file]').setInputFiles(customised);
    await page.getByRole('button', { name: 'Check the new definition' }).click();
    await page.getByRole('button', { name: 'Update connector' }).click();
    await page.getByText('Updated: version 2 is now current.').waitFor();
    await page.getByRole('tab', { name: 'Source update' }).click();
    await page.getByText('Up to date', { exact: true }).waitFor();
    expect(await page.getByText(/^Update available/).count()).toBe(0);

    // The API's team deploys version 2; the developer refreshes the app from its URL.
    sourceVersion = 2;
    await page.goto(`${portico.url}/apps/${APP}`);
    await page.getByRole('button', { name: 'Refresh from source' }).click();
    await page.getByText('New revision 2 made.').waitFor();

    await page.goto(`${portico.url}/connectors/${APP}`);
    const badge = page.getByRole('button', { name: /Update available/ });
    await badge.waitFor();
    expect(await badge.textContent()).toContain('breaking');
    await inspect(page, 'changes-06-connector-update-badge');
    await badge.click();
    const changes = page.getByRole('list', { name: 'Changes' }).getByRole('listitem');
    await changes.first().waitFor();
    const kinds = (await changes.allTextContents()).map((t) => /^(breaking|to review|non-breaking)/.exec(t)?.[1]);
    expect(kinds[0]).toBe('breaking');
    const order = { breaking: 0, 'to review': 1, 'non-breaking': 2 } as const;
    const ranks = kinds.map((k) => order[(k ?? 'non-breaking') as keyof typeof order]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(await page.getByRole('list', { name: 'Changes' }).textContent()).toContain('GetLegacy');
    await page.getByRole('heading', { name: 'Impact' }).waitFor();
    await page.getByText('1 of them called one with a breaking change', { exact: false }).waitFor();
    const impact = page.getByRole('table', { name: 'Impact' });
    const legacyRow = impact.getByRole('row').filter({ hasText: 'GetLegacy' });
    expect(await legacyRow.textContent()).toContain('breaking');
    expect(await legacyRow.textContent()).toContain('Shop floor (1)');

    // The source changed the summary the maker changed: a conflict, settled by an explicit choice.
    const conflicts = page.getByRole('radiogroup', { name: /^Resolution for / });
    await expect.poll(() => conflicts.count()).toBeGreaterThan(0);
    const update = page.getByRole('button', { name: 'Update', exact: true });
    expect(await update.isDisabled()).toBe(true);
    const summaryConflict = conflicts.filter({ hasText: OUR_SUMMARY });
    await summaryConflict.waitFor();
    expect(await summaryConflict.textContent()).toContain('Fetch one item');
    await inspect(page, 'changes-07-connector-update-conflicts');
    for (let i = 0; i < (await conflicts.count()); i++) {
      await conflicts
        .nth(i)
        .getByRole('radio', { name: /^Keep mine/ })
        .check();
    }
    expect(await update.isDisabled()).toBe(false);
    await update.click();
    await page.getByText(/^Updated: version 3 is now current/).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Update available/ }).count()).toBe(0);
    await page.getByText('Up to date', { exact: true }).waitFor();
    await inspect(page, 'changes-08-connector-updated');

    // The new version has the source's new operation, not the removed one, and keeps the maker's summary.
    await page.getByRole('tab', { name: 'Operations' }).click();
    const operations = page.getByRole('table', { name: 'Operations of the connector' });
    await operations.getByRole('cell', { name: 'GetStock', exact: true }).waitFor();
    expect(await operations.getByRole('cell', { name: 'GetLegacy', exact: true }).count()).toBe(0);
    expect(await operations.textContent()).toContain(OUR_SUMMARY);
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Restore version 2' }).waitFor();
    await context.close();
  });

  it('shows the findings filter and the source update tab at 390 pixels without sideways scrolling', async () => {
    const { context, page } = await newPage(390, 844);
    await signIn(page, maker);
    await page.goto(`${portico.url}/apps/noisy`);
    await page.getByRole('search', { name: 'Filter the findings' }).waitFor();
    await inspect(page, 'changes-mobile-01-findings');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto(`${portico.url}/connectors/${APP}`);
    await page.getByRole('tab', { name: 'Source update' }).click();
    await page.getByText('Up to date', { exact: true }).waitFor();
    await inspect(page, 'changes-mobile-02-source-up-to-date');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Back on version 2 the update is offered again: the diff, impact and conflict fit a phone too.
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Restore version 2' }).click();
    await page.getByRole('button', { name: /Update available/ }).click();
    await page
      .getByRole('radiogroup', { name: /^Resolution for / })
      .first()
      .waitFor();
    await page.getByRole('table', { name: 'Impact' }).waitFor();
    await inspect(page, 'changes-mobile-03-source-update-available');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });
});
