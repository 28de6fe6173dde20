// The Admin page's Plugins tab: an admin installs an allowed module from a folder on the server,
// sees it waiting for the next start, and removes it again.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startUiServer, type UiServer } from './server.ts';
import { signInWithKeyboard } from './ui.ts';

const fixture = fileURLToPath(new URL('../fixtures/npm-module-greeter', import.meta.url));
let ui: UiServer;
let browser: Browser;
let page: Page;

before(async () => {
  ui = await startUiServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(60_000);
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

test('an admin installs a module on the Plugins tab, sees it pending until the next start, and removes it', async () => {
  await signInWithKeyboard(page, ui.url, 'admin', ui.adminPassword);
  await page.goto(`${ui.url}/admin?tab=plugins`);
  await page.getByText('No plugins installed.').waitFor();
  await page.getByLabel('npm package or folder on the server').fill(fixture);
  await page.getByText('Allowed module').click();
  await page.getByRole('button', { name: 'Install' }).click();
  const row = page.getByRole('row').filter({ hasText: 'greeter-fixture' });
  await row.getByText('loads at next start').waitFor();
  assert.match(await row.innerText(), /module/);
  const listed = (await ui.server.services.plugins.list()).map((plugin) => plugin.name);
  assert.ok(listed.some((name) => name.includes('greeter')), `installed: ${listed.join(', ')}`);

  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await page.getByText('No plugins installed.').waitFor();
  assert.deepEqual(await ui.server.services.plugins.list(), []);
});
