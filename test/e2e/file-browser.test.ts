// The Files tab of an SFTP connection against a real OpenSSH server: list, enter a folder, upload
// with progress (and the two ways an overwrite is asked), download, delete after confirming, an
// error in the API's words, a viewer told why there is no browser; then another container of an
// Azure Blob connection (Azurite). At every step, no credential in anything the browser received.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { Browser, Page } from 'playwright-core';
import { startAzurite, type TestAzurite } from '../azurite.ts';
import { principalFor } from '../server/harness.ts';
import { startSshd, type TestSshd } from '../sshd.ts';
import { describeViolations, seriousViolations } from './axe.ts';
import { launchChromium } from './browser.ts';
import { clearScreenshots, screenshot } from './screenshots.ts';
import { SecretWatch } from './secret-watch.ts';
import { startUiServer, type UiServer } from './server.ts';
import { chainedSteps } from './steps.ts';
import { computedStyle, settled, signInWithKeyboard } from './ui.ts';

const run = promisify(execFile);
const connection = 'drop';
const viewer = { username: 'viewer-vic', password: `viewer-${randomBytes(8).toString('hex')}` };
const hello = Buffer.from('hello, sftp');
/** Bytes that no text decoding would keep intact, so a download or upload that is not byte-for-byte shows. */
const report = randomBytes(64 * 1024);
/** 3 MiB: big enough for the browser to report progress before the end. */
const upload = randomBytes(3 * 1024 * 1024);

let sshd: TestSshd;
let azurite: TestAzurite;
let archive: ContainerClient;
let ui: UiServer;
let browser: Browser;
let page: Page;
let watch: SecretWatch;
const pageErrors: string[] = [];
/** The status of every upload the page sent, in order. */
const uploads: number[] = [];
const failurePrefix = 'failure-file-browser-';

before(async () => {
  await clearScreenshots(failurePrefix);
  [sshd, azurite, ui] = await Promise.all([startSshd(), startAzurite(), startUiServer()]);
  await writeFile(path.join(sshd.homeDir, 'hello.txt'), hello);
  await mkdir(path.join(sshd.homeDir, 'reports'));
  await writeFile(path.join(sshd.homeDir, 'reports', 'q1.bin'), report);
  // Written by this (root) process: the SFTP user must own them to write and delete there.
  await run('chown', ['-R', `${sshd.username}:`, path.join(sshd.homeDir, 'reports'), path.join(sshd.homeDir, 'hello.txt')]);

  const admin = principalFor('admin', 'admin');
  const { services } = ui.server;
  await services.secrets.set({ name: 'SFTP_PASSWORD', value: sshd.password, mode: 'dev' }, admin.actor);
  const devSource = `{\n    host: '${sshd.host}',\n    port: ${sshd.port},\n    username: '${sshd.username}',\n    password: secrets.SFTP_PASSWORD\n}`;
  await services.connections.create({ name: connection, type: 'sftp', description: 'Drop box of the partners', devSource }, admin.actor);
  const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
  await blobs.getContainerClient('drop').create();
  await blobs.getContainerClient('drop').getBlockBlobClient('inbox.txt').upload('in the drop', 11);
  archive = blobs.getContainerClient('archive');
  await archive.create();
  await archive.getBlockBlobClient('2025/old.txt').upload('an old one', 10);
  await services.secrets.set({ name: 'AZURE_KEY', value: azurite.accountKey, mode: 'dev' }, admin.actor);
  const blobSource = `{\n    url: '${azurite.url}',\n    accountName: '${azurite.accountName}',\n    accountKey: secrets.AZURE_KEY\n}`;
  await services.connections.create({ name: 'blobs', type: 'azure-blob', devSource: blobSource }, admin.actor);
  await services.users.create({ ...viewer, roles: { dev: 'viewer', prod: 'viewer' } }, admin.actor);

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`uncaught error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.request().method() === 'PUT') uploads.push(response.status());
  });
  watch = new SecretWatch(page, [sshd.password, azurite.accountKey]);
});

after(async () => {
  await browser?.close();
  await ui?.close();
  await Promise.all([sshd?.stop(), azurite?.stop()]);
});

const step = chainedSteps({
  failurePrefix,
  page: () => page,
  afterStep: async (name) => {
    await watch.check(page, name);
    assert.deepEqual(pageErrors.splice(0), [], 'the page reported errors');
  },
});

const files = () => page.getByRole('table', { name: 'Files' });
const row = (name: string) => files().getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
const onDisk = (...names: string[]) => path.join(sshd.homeDir, ...names);

/** Picks a file in the Upload button's file input, as the file chooser would. */
async function pick(name: string, buffer: Buffer): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

async function noSeriousViolations(where: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `serious or critical accessibility violations:\n\n${describeViolations(where, violations)}`);
}

async function uploaded(name: string): Promise<void> {
  await page.getByText(`Uploaded ${name}: 100 %`).waitFor();
  await row(name).waitFor();
}

step('1. the Files tab lists the home directory of the SFTP user', async () => {
  await signInWithKeyboard(page, ui.url, 'admin', ui.adminPassword);
  await page.goto(`${ui.url}/connections/${connection}`);
  await page.getByRole('tab', { name: 'Files' }).click();
  await row('hello.txt').waitFor();
  assert.match(await row('hello.txt').innerText(), /hello\.txt\s+11 B\s+(just now|.* ago)\s+Download/);
  assert.match(await row('reports').innerText(), /reports\s+—/);
  const names = await files().locator('tbody tr td:first-child').allInnerTexts();
  assert.equal(names[0], 'reports', 'directories come first');
  await page.getByText('Files in development, on the SFTP server.').waitFor();
  await noSeriousViolations('files tab');
});

step('2. a folder opens on click and the breadcrumbs lead back', async () => {
  await files().getByRole('button', { name: 'Open folder reports' }).click();
  await row('q1.bin').waitFor();
  const crumbs = page.getByRole('navigation', { name: 'Folder path' });
  assert.equal(await crumbs.locator('[aria-current="location"]').innerText(), 'reports');
  assert.match(await row('q1.bin').innerText(), /q1\.bin\s+65\.5 kB/);
  await crumbs.getByRole('button', { name: 'Home' }).click();
  await row('hello.txt').waitFor();
  await files().getByRole('button', { name: 'Open folder reports' }).click();
  await row('q1.bin').waitFor();
});

step('3. an upload lands byte for byte and its progress reaches 100 %', async () => {
  const percents: string[] = [];
  const progress = page.getByRole('progressbar', { name: 'Upload of upload.bin' });
  const sampling = (async () => {
    while (!percents.includes('100')) {
      const value = await progress.getAttribute('aria-valuenow', { timeout: 100 }).catch(() => null);
      if (value !== null && percents.at(-1) !== value) percents.push(value);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const request = page.waitForRequest((candidate) => candidate.method() === 'PUT');
  await pick('upload.bin', upload);
  const sent = await request;
  assert.equal(await sent.headerValue('content-type'), 'application/octet-stream', 'the raw bytes, not JSON or a form');
  assert.match(sent.url(), /\/api\/connections\/drop\/files\/content\?path=reports%2Fupload\.bin&mode=dev$/);
  await uploaded('upload.bin');
  await sampling;
  assert.equal(percents.at(-1), '100');
  assert.deepEqual(await readFile(onDisk('reports', 'upload.bin')), upload);
  assert.match(await row('upload.bin').innerText(), /upload\.bin\s+3\.15 MB/);
  await screenshot(page, 'connection-files');
});

step('4. a slow upload shows its progress on the way and can be cancelled, leaving nothing behind', async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // 3 MiB at 512 KiB/s: six seconds, time enough to see it move and to stop it.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  try {
    await pick('slow.bin', upload);
    const progress = page.getByRole('progressbar', { name: 'Upload of slow.bin' });
    const midway = await settled(async () => Number(await progress.getAttribute('aria-valuenow')), (value) => value > 0);
    assert.ok(midway > 0 && midway < 100, `the progress moves before the end (${midway} %)`);
    const parts = await settled(
      async () => (await readdir(onDisk('reports'))).filter((name) => name.startsWith('.slow.bin.') && name.endsWith('.part')),
      (names) => names.length > 0,
    );
    assert.equal(parts.length, 1, 'the server writes beside the target while the bytes come');
    await page.getByRole('button', { name: 'Cancel the upload' }).click();
    await page.getByRole('alert').getByText('You cancelled the upload; nothing was written.').waitFor();
    assert.match(await page.getByText(/^Upload of slow\.bin: \d+ %, not uploaded$/).innerText(), /\d+ %/);
  } finally {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  }
  // The server aborts its write once the request is cut off: neither the file nor a temporary part of it stays.
  const leftovers = await settled(
    async () => (await readdir(onDisk('reports'))).filter((name) => name.includes('slow.bin')),
    (names) => names.length === 0,
  );
  assert.deepEqual(leftovers, []);
});

step('5. a name the folder shows is replaced only after saying so', async () => {
  const second = randomBytes(2048);
  const sentBefore = uploads.length;
  await pick('upload.bin', second);
  const dialog = page.getByRole('dialog', { name: 'Replace upload.bin?' });
  await dialog.getByText('reports/upload.bin already exists on the SFTP server').waitFor();
  // The contrast is checked once the dialog and its overlay have faded in.
  const opaque = (value: string) => value === '1';
  await settled(() => computedStyle(dialog, 'opacity'), opaque);
  await settled(() => computedStyle(page.locator('.mantine-Modal-overlay'), 'opacity'), opaque);
  await noSeriousViolations('replace dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await readFile(onDisk('reports', 'upload.bin')), upload, 'Cancel leaves the file as it was');
  assert.equal(uploads.length, sentBefore, 'nothing was sent before the question');

  await pick('upload.bin', second);
  await dialog.getByRole('button', { name: 'Replace it' }).click();
  await dialog.waitFor({ state: 'detached' });
  await uploaded('upload.bin');
  assert.deepEqual(uploads.slice(sentBefore), [201], 'one upload, sent with overwrite');
  assert.deepEqual(await readFile(onDisk('reports', 'upload.bin')), second);
});

step('6. a file that appeared since the listing is refused by the server, then replaced after asking', async () => {
  await writeFile(onDisk('reports', 'late.txt'), 'written behind the page');
  assert.equal(await row('late.txt').count(), 0, 'the page has not listed it');
  const sentBefore = uploads.length;
  const fresh = Buffer.from('the uploaded late.txt');
  await pick('late.txt', fresh);
  const dialog = page.getByRole('dialog', { name: 'Replace late.txt?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Replace it' }).click();
  await uploaded('late.txt');
  assert.deepEqual(uploads.slice(sentBefore), [409, 201], 'refused as existing, then sent with overwrite');
  assert.deepEqual(await readFile(onDisk('reports', 'late.txt')), fresh);
});

step('7. a download brings the same bytes', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), row('q1.bin').getByRole('link', { name: 'Download q1.bin' }).click()]);
  assert.equal(download.suggestedFilename(), 'q1.bin');
  assert.deepEqual(await readFile(await download.path()), report);
});

step('8. a delete asks first, then the file is gone from the page and the disk', async () => {
  await row('q1.bin').getByRole('button', { name: 'Delete q1.bin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete q1.bin?' });
  await dialog.getByText('reports/q1.bin is deleted from the SFTP server. This cannot be undone.').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await access(onDisk('reports', 'q1.bin'));

  await row('q1.bin').getByRole('button', { name: 'Delete q1.bin' }).click();
  await dialog.getByRole('button', { name: 'Delete file' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row('q1.bin').waitFor({ state: 'detached' });
  await assert.rejects(access(onDisk('reports', 'q1.bin')), { code: 'ENOENT' });
});

step("9. a failure is said in the API's words, in the dialog", async () => {
  await rm(onDisk('reports', 'late.txt'));
  await row('late.txt').getByRole('button', { name: 'Delete late.txt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete late.txt?' });
  await dialog.getByRole('button', { name: 'Delete file' }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /reports\/late\.txt/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
});

step('10. a viewer is told why there is no file browser', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const other = await context.newPage();
    await signInWithKeyboard(other, ui.url, viewer.username, viewer.password);
    await other.goto(`${ui.url}/connections/${connection}`);
    await other.getByRole('tab', { name: 'Files' }).click();
    await other.getByText('You cannot browse these files in development.').waitFor();
    await other.getByText('This needs "run" in dev (an operator, editor or admin); your role is viewer in dev.').waitFor();
    assert.equal(await other.getByRole('button', { name: 'Upload a file' }).count(), 0);
  } finally {
    await context.close();
  }
});

step('11. an Azure Blob connection without a default container browses the one named in the Container field', async () => {
  await page.goto(`${ui.url}/connections/blobs`);
  await page.getByRole('tab', { name: 'Files' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'Cannot list the files' });
  await refused.getByText('container: name the container; this connection has no default container.').waitFor();

  const container = page.getByRole('textbox', { name: 'Container' });
  const crumbs = page.getByRole('navigation', { name: 'Folder path' });
  await container.fill('drop');
  await row('inbox.txt').waitFor();
  assert.equal(await crumbs.innerText(), 'drop');

  await container.fill('archive');
  await row('2025').waitFor();
  assert.equal(await row('inbox.txt').count(), 0);
  await files().getByRole('button', { name: 'Open folder 2025' }).click();
  await row('old.txt').waitFor();
  assert.match(await crumbs.innerText(), /^archive\s*\/\s*2025$/);
  const bytes = randomBytes(1000);
  await pick('new.bin', bytes);
  await uploaded('new.bin');
  assert.deepEqual(await archive.getBlockBlobClient('2025/new.bin').downloadToBuffer(), bytes);

  // Another container starts again at its top.
  await container.fill('no-such-container');
  await refused.waitFor();
  assert.equal(await crumbs.innerText(), 'no-such-container');
  await refused.getByText('The Azure container no-such-container does not exist.').waitFor();
});
