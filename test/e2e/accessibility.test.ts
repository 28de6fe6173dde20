// axe-core on every main page in both modes (the production colours must pass contrast too),
// failing on serious or critical violations; and a screenshot of each page into test-results/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './axe.ts';
import { launchChromium } from './browser.ts';
import { screenshot } from './screenshots.ts';
import { seedExampleData, type Seeded } from './seed.ts';
import { startUiServer, type UiServer } from './server.ts';
import { signInWithKeyboard, switchMode } from './ui.ts';

interface MainPage {
  name: string;
  path(seeded: Seeded): string;
  /** Shown once the page has loaded its data. */
  ready(page: Page): Promise<void>;
}

const mainPages: MainPage[] = [
  {
    name: 'connections',
    path: () => '/connections',
    ready: (page) => page.getByRole('table', { name: 'Connections' }).getByRole('link', { name: 'reporting' }).waitFor(),
  },
  {
    name: 'connection',
    path: (seeded) => `/connections/${seeded.connection}`,
    // Production shows the fallback notice instead of an editor when the connection has no production object.
    ready: (page) => page.getByRole('button', { name: /^Test (development|production) config$/ }).waitFor(),
  },
  {
    name: 'connection-history',
    path: (seeded) => `/connections/${seeded.connection}`,
    ready: async (page) => {
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByRole('region', { name: /^Development config, revision/ }).or(page.getByText('No change.').first()).first().waitFor();
    },
  },
  {
    name: 'secrets',
    path: () => '/secrets',
    ready: (page) => page.getByRole('table', { name: 'Secrets' }).getByText('PG_PASSWORD').waitFor(),
  },
  {
    name: 'secret-dialog',
    path: () => '/secrets',
    ready: async (page) => {
      await page.getByRole('button', { name: 'Edit PG_PASSWORD' }).click();
      await page.getByRole('dialog', { name: 'Secret PG_PASSWORD' }).getByText('Set (hidden)').waitFor();
    },
  },
  {
    name: 'blocks',
    path: (seeded) => `/blocks/${seeded.block}`,
    ready: (page) => page.getByRole('heading', { level: 2, name: 'select-one' }).waitFor(),
  },
  {
    name: 'runs',
    path: () => '/runs',
    ready: (page) => page.getByRole('table', { name: 'Runs, newest first' }).waitFor(),
  },
  {
    name: 'run',
    path: (seeded) => `/runs/${seeded.runId}`,
    ready: (page) => page.getByLabel('Return value').waitFor(),
  },
  {
    name: 'admin',
    path: () => '/admin',
    ready: (page) => page.getByText('viewer-ann').first().waitFor(),
  },
];

let ui: UiServer;
let browser: Browser;
let page: Page;
let seeded: Seeded;
const pageErrors: string[] = [];

before(async () => {
  ui = await startUiServer();
  seeded = await seedExampleData(ui);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`uncaught error: ${error.message}`));
  // The UI runs under a strict CSP; anything it blocks is a bug (a style or script the build did not expect).
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageErrors.push(message.text());
  });
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

async function audit(name: string): Promise<void> {
  const violations = await seriousViolations(page);
  await screenshot(page, `page-${name}`);
  assert.equal(violations.length, 0, `serious or critical accessibility violations:\n\n${describeViolations(name, violations)}`);
  assert.deepEqual(pageErrors.splice(0), [], 'the page reported errors');
}

for (const mode of ['dev', 'prod'] as const) {
  test(`login page in ${mode}`, async () => {
    await page.context().clearCookies();
    await page.goto(`${ui.url}/login`);
    await page.evaluate(`localStorage.setItem('ziggy.mode', '${mode}')`);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.locator(`html[data-ziggy-mode="${mode}"]`).waitFor({ state: 'attached' });
    await audit(`login-${mode}`);
  });

  test(`signs in (${mode})`, async () => {
    await signInWithKeyboard(page, ui.url, 'admin', ui.adminPassword);
    await switchMode(page, mode);
  });

  for (const main of mainPages) {
    test(`${main.name} page in ${mode}`, async () => {
      await page.goto(`${ui.url}${main.path(seeded)}`);
      await page.locator(`html[data-ziggy-mode="${mode}"]`).waitFor({ state: 'attached' });
      await main.ready(page);
      await audit(`${main.name}-${mode}`);
    });
  }
}
