// The web UI end to end, as one person would use it, in one browser page: sign in, a secret, a
// Postgres connection tested as a draft, production mode, history and restore, a failing test,
// a block and its runs; and at every step, no secret value in anything the browser received.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ConfigSyntaxError, parseConfig } from '../../src/core/config/index.ts';
import { launchChromium } from './browser.ts';
import { clearScreenshots, screenshot } from './screenshots.ts';
import { SecretWatch } from './secret-watch.ts';
import { chainedSteps } from './steps.ts';
import { startUiServer, type UiServer } from './server.ts';
import { codeEditor, computedStyle, cursorToLineEnd, editorText, linesWith, replaceEditorText, settled, signInWithKeyboard, switchMode } from './ui.ts';

const secretName = 'PG_PASSWORD';
// The database trusts local connections, so any password works: the value only has to be recognisable.
const canary = `canary-${randomUUID()}`;
const connectionName = 'warehouse';
const devSource = `{
    host: '127.0.0.1',
    user: 'postgres',
    password: secrets.${secretName},
    database: 'test',
    port: 5432
}`;
const portLine = devSource.split('\n').findIndex((line) => line.includes('port:')) + 1;

let ui: UiServer;
let browser: Browser;
let page: Page;
let watch: SecretWatch;
let identifier = '';

const failurePrefix = 'failure-ui-flows-';

before(async () => {
  await clearScreenshots(failurePrefix);
  ui = await startUiServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  watch = new SecretWatch(page, [canary]);
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

const step = chainedSteps({ failurePrefix, page: () => page, afterStep: (name) => watch.check(page, name) });

async function openNav(label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

step('1. signs in with the keyboard: type, Tab, Enter', async () => {
  await signInWithKeyboard(page, ui.url, 'admin', ui.adminPassword);
  assert.match(page.url(), /\/connections$/);
  await screenshot(page, 'connections-empty');
});

step('2. creates a secret whose value never comes back to the page', async () => {
  await openNav('Secrets', 'Secrets');
  await page.getByRole('button', { name: 'Secret', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a secret' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(secretName);
  await dialog.getByRole('textbox', { name: 'Description' }).fill('Password of the test database');
  await dialog.getByLabel(/^Development \/ default value/).fill(canary);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row').filter({ hasText: secretName });
  await row.getByText('Dev/Default set').waitFor();
  await screenshot(page, 'secrets');

  await row.getByRole('button', { name: `Edit ${secretName}` }).click();
  const edit = page.getByRole('dialog', { name: `Secret ${secretName}` });
  await edit.getByText('Set (hidden)').waitFor();
  assert.equal(await edit.locator('input[type="password"]').count(), 0, 'no value field until Replace is chosen');
  await edit.getByRole('button', { name: 'Replace' }).first().click();
  const valueField = edit.getByLabel(/^Development \/ default value/);
  assert.equal(await valueField.inputValue(), '', 'Replace starts from an empty field, not the stored value');
  await screenshot(page, 'secret-edit-dialog');
  await page.keyboard.press('Escape');
  await edit.waitFor({ state: 'detached' });
});

step('3. creates a Postgres connection: example, inline syntax error, draft test, save, green status', async () => {
  await openNav('Connections', 'Connections');
  await page.getByRole('link', { name: 'Connection', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'New connection' }).waitFor();
  await page.getByRole('textbox', { name: 'Name' }).fill(connectionName);
  await page.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Postgres' }).click();
  const editor = codeEditor(page, 'Development object');
  const example = (await ui.server.services.types.get('postgres')).example;
  await page.waitForFunction(`document.querySelector('[aria-label="Development object"]')?.innerText.includes('host:')`);
  assert.equal(await editorText(editor), example, 'choosing the type inserts its example');

  await replaceEditorText(page, editor, devSource);
  const errorMark = '.cm-lintRange-error, .cm-lintPoint-error';
  assert.deepEqual(await settled(() => linesWith(editor, errorMark), (lines) => lines.length === 0), [], 'a valid object has no error');
  // Put a second value after the user on its line, without a comma: the editor says where the comma belongs as you type.
  await cursorToLineEnd(page, editor, 3);
  await page.keyboard.press('Backspace');
  await page.keyboard.type(" 'x'");
  const broken = await editorText(editor);
  const expected = syntaxErrorOf(broken);
  // The error is underlined where the parser stopped (a point when that is the end of a line) and marked in the gutter.
  const wanted = [expected.details.line];
  assert.deepEqual(await settled(() => linesWith(editor, errorMark), (lines) => lines.join() === wanted.join()), wanted);
  await page.locator('.cm-lint-marker-error').hover();
  const tooltip = page.locator('.cm-tooltip-lint .cm-diagnostic-error');
  await tooltip.waitFor();
  assert.equal(await tooltip.innerText(), expected.message);
  await screenshot(page, 'connection-syntax-error');

  for (let typed = 0; typed < " 'x'".length; typed++) await page.keyboard.press('Backspace');
  await page.keyboard.type(',');
  assert.deepEqual(await settled(() => linesWith(editor, errorMark), (lines) => lines.length === 0), [], 'the fixed object has no error');
  assert.equal(await editorText(editor), devSource);

  await page.getByRole('button', { name: 'Test development config' }).click();
  const passed = page.getByRole('alert').filter({ hasText: 'Connected: the editor text works' });
  await passed.waitFor();
  const version = passed.getByRole('table', { name: 'What the test learned' }).getByRole('row', { name: /Server version/ });
  assert.match(await version.innerText(), /Server version\s+\d+/);
  await screenshot(page, 'connection-draft-test');

  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { level: 1, name: connectionName }).waitFor();
  identifier = (await page.getByText(/^In code: connections\./).innerText()).replace('In code: connections.', '').trim();
  assert.match(identifier, /^\w+$/);

  // A draft test stores nothing; the saved config's test is the one the list shows.
  await page.getByRole('button', { name: 'Test development config' }).click();
  await page.getByRole('alert').filter({ hasText: 'Connected: the saved config works' }).waitFor();
  await page.getByRole('link', { name: 'Connections', exact: true }).first().click();
  const row = page.getByRole('table', { name: 'Connections' }).getByRole('row').filter({ hasText: connectionName });
  const status = row.getByLabel(/^Development test passed/);
  await status.waitFor();
  assert.equal(await computedStyle(status.locator('span[aria-hidden]'), 'background-color'), await cssColor('--mantine-color-green-7'));
  await row.getByText('not tested').waitFor();
  await screenshot(page, 'connections-dev');
});

step('4. production mode recolours the page and falls back to the development object', async () => {
  const header = page.getByRole('banner');
  const devColours = { header: await computedStyle(header, 'background-color'), page: await computedStyle(page.locator('main'), 'background-color') };
  await switchMode(page, 'prod');
  await header.getByText('Production', { exact: true }).waitFor();
  const prodColours = { header: await computedStyle(header, 'background-color'), page: await computedStyle(page.locator('main'), 'background-color') };
  assert.notEqual(prodColours.header, devColours.header, 'the header changes colour');
  assert.notEqual(prodColours.page, devColours.page, 'the page background changes colour');
  assert.equal(prodColours.header, await cssColor('--mantine-color-red-9'));
  await screenshot(page, 'connections-prod');

  await page.getByRole('link', { name: connectionName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: connectionName }).waitFor();
  const prodTab = page.getByRole('tab', { name: /^Production/ });
  assert.equal(await prodTab.getAttribute('aria-selected'), 'true', 'the page opens on the mode of the header');
  await page.getByText('No production object: production uses the development object.').waitFor();
  await screenshot(page, 'connection-prod-fallback');
  await switchMode(page, 'dev');
  assert.equal(await page.getByRole('tab', { name: 'Development', exact: true }).getAttribute('aria-selected'), 'true');
});

step('5. history: an edit makes a second revision, a diff, and a restore of revision 1', async () => {
  const editor = codeEditor(page, 'Development object');
  await cursorToLineEnd(page, editor, 1);
  await page.keyboard.press('Enter');
  await page.keyboard.type('// the database the end-to-end tests use');
  const edited = await editorText(editor);
  await page.getByRole('textbox', { name: 'Description' }).fill('Test database');
  // Enter in a field submits the form: that saves.
  await page.keyboard.press('Enter');
  await page.getByText('Version 2', { exact: true }).waitFor();

  await page.getByRole('tab', { name: 'History' }).click();
  const revisions = page.getByRole('table', { name: `Revisions of ${connectionName}, newest first` });
  await revisions.waitFor();
  assert.equal(await revisions.locator('tbody tr').count(), 2);
  const diff = page.getByRole('region', { name: 'Development config, revision 1 to revision 2' });
  await diff.locator('tr[data-kind="added"]').filter({ hasText: 'the database the end-to-end tests use' }).waitFor();
  const fields = page.getByRole('table', { name: 'Other fields, revision 1 to revision 2' });
  assert.match(await fields.innerText(), /Test database/);
  await screenshot(page, 'connection-history');

  await revisions.getByRole('row').filter({ hasText: /^1/ }).getByRole('button', { name: 'Restore' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore revision 1?' });
  await confirm.getByRole('button', { name: 'Restore revision 1' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByText('Version 3', { exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Development', exact: true }).click();
  assert.equal(await editorText(codeEditor(page, 'Development object')), devSource, 'the restored object is revision 1');
  assert.notEqual(devSource, edited);
  assert.equal(await page.getByRole('textbox', { name: 'Description' }).inputValue(), '');
  await page.getByRole('tab', { name: 'History' }).click();
  await revisions.waitFor();
  assert.equal(await revisions.locator('tbody tr').count(), 3);
  await revisions.getByRole('cell', { name: 'restored revision 1' }).waitFor();
  await page.getByRole('tab', { name: 'Development', exact: true }).click();
});

step('6. a failing draft test names the field and highlights its line', async () => {
  const editor = codeEditor(page, 'Development object');
  await replaceEditorText(page, editor, devSource.replace('port: 5432', 'port: 1'));
  await page.getByRole('button', { name: 'Test development config' }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'Test failed' });
  await failed.waitFor({ timeout: 30_000 });
  assert.match(await failed.innerText(), /Test failed: connection refused/);
  assert.equal(await failed.locator('code').first().innerText(), 'port');
  await editor.locator('.cm-ziggy-field-line').waitFor();
  assert.deepEqual(await linesWith(editor, '.cm-ziggy-field-line'), [portLine]);
  await screenshot(page, 'connection-failed-test');
  // Back to the saved text, so leaving the page asks nothing.
  await replaceEditorText(page, editor, devSource);
  await page.getByRole('button', { name: 'Save' }).and(page.locator('[disabled]')).waitFor();
});

step('7. a block queries the connection, and the Runs page lists its runs', async () => {
  await openNav('Blocks', 'Blocks');
  const code = `async function () {\n  return (await connections.${identifier}.query('select 1 as n')).rows;\n}\n`;
  await replaceEditorText(page, codeEditor(page, 'Code of the new block'), code);
  await replaceEditorText(page, codeEditor(page, "Inputs: a JSON array of the block's arguments"), '[]');
  await page.getByRole('button', { name: 'Run in development' }).click();
  const lastRun = page.getByRole('region', { name: 'Last run' });
  await lastRun.waitFor({ timeout: 30_000 });
  await lastRun.getByText('ok', { exact: true }).waitFor();
  assert.deepEqual(JSON.parse(await lastRun.getByLabel('Return value').innerText()), [{ n: 1 }]);

  await page.getByRole('textbox', { name: 'Name' }).fill('select-one');
  await page.getByRole('textbox', { name: 'Description' }).fill(`Reads select 1 from ${connectionName}`);
  await page.getByRole('button', { name: 'Save block' }).click();
  await page.getByRole('heading', { level: 2, name: 'select-one' }).waitFor();
  await page.getByRole('button', { name: 'Run in development' }).click();
  await page.getByRole('region', { name: 'Last run' }).getByText('block select-one (version 1)').first().waitFor({ timeout: 30_000 });
  const retrySafe = page.getByRole('checkbox', { name: 'Retry-safe' });
  assert.equal(await retrySafe.isChecked(), false, 'a new block is not retry-safe');
  await retrySafe.check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Version 2, saved by').waitFor();
  assert.equal(await retrySafe.isChecked(), true, 'the declaration is saved with the block');
  await screenshot(page, 'blocks');

  await openNav('Runs', 'Runs');
  const runs = page.getByRole('table', { name: 'Runs, newest first' });
  await runs.waitFor();
  assert.equal(await runs.locator('tbody tr').count(), 2, 'both runs are listed');
  await screenshot(page, 'runs');
  await runs.getByRole('link', { name: 'block select-one (version 1)' }).click();
  await page.getByRole('heading', { level: 1, name: 'Run of block select-one (version 1)' }).waitFor();
  assert.deepEqual(JSON.parse(await page.getByLabel('Return value').innerText()), [{ n: 1 }]);
  await screenshot(page, 'run-detail');
});

step('8. a block that returns and logs the secret shows it masked; no response or page ever held it', async () => {
  await openNav('Blocks', 'Blocks');
  const code = `async function () {\n  consoleMsg('password is', secrets.${secretName});\n  return { password: secrets.${secretName} };\n}\n`;
  await replaceEditorText(page, codeEditor(page, 'Code of the new block'), code);
  await page.getByRole('button', { name: 'Run in development' }).click();
  const lastRun = page.getByRole('region', { name: 'Last run' });
  await lastRun.waitFor({ timeout: 30_000 });
  assert.deepEqual(JSON.parse(await lastRun.getByLabel('Return value').innerText()), { password: '[secret]' });
  await lastRun.getByRole('table', { name: 'Console lines' }).getByText('[secret]').waitFor();
  await openNav('Runs', 'Runs');
  await page.getByRole('table', { name: 'Runs, newest first' }).locator('tbody tr').nth(2).waitFor();
  // Every step was checked as it ended; a watch that read no responses would prove nothing.
  assert.ok(watch.responsesRead > 30, `only ${watch.responsesRead} responses were read`);
});

function syntaxErrorOf(source: string): ConfigSyntaxError {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error in:\n${source}`);
}

/** A Mantine colour variable as the browser computes it on this page, e.g. rgb(47, 158, 68). */
async function cssColor(variable: string): Promise<string> {
  return page.evaluate(`(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(${variable})';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  })()`);
}
