/**
 * Debian's Chromium driven by playwright-core, with the page checks every portal test makes: an axe-core
 * accessibility scan (serious and critical violations fail) and a full-page screenshot saved as an artifact.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser suites should be defined: always in CI (so a missing Chromium fails them), else when
 * Debian's Chromium is installed — the same rule as the PostgreSQL suites.
 */
export const RUN_BROWSER = existsSync(CHROMIUM) || process.env.CI === 'true';

if (!RUN_BROWSER) {
  console.error(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! Chromium is not installed at ${CHROMIUM}: the browser suites (test/e2e) are left out.\n` +
      `!! Install it (sudo apt-get install chromium) to run them; in CI they fail instead.\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  );
}
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium; playwright gives every launch a fresh temporary profile (--user-data-dir). */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the portal's Content-Security-Policy stays in force.
  await page.evaluate(AXE_SOURCE);
  // Fluent UI's focus manager (tabster) puts invisible aria-hidden <i tabindex=0> sentinels around tab lists
  // that hand focus on at once; axe reports them as focusable hidden elements. Only those are left out.
  // (A string, evaluated in the page: this file is type-checked without the DOM library.)
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => String(n.target[0])),
    }));
  })()`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot under test-output/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Width of the page's content beyond the viewport (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}
