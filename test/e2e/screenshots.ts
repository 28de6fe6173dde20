import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Every run writes its screenshots here (git-ignored); a few are copied by hand into docs/ui/. */
export const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  // A full-page shot of a scrolled page draws the fixed header in the middle of it.
  await page.evaluate('window.scrollTo(0, 0)');
  // Animations finish at once and the caret is hidden, so shots are stable; passing notifications only clutter them.
  await page.screenshot({
    path: file,
    fullPage: options.fullPage ?? true,
    animations: 'disabled',
    caret: 'hide',
    style: '.mantine-Notifications-root { display: none !important; }',
  });
  return file;
}

/** Removes an earlier run's shots that start with this prefix, e.g. the failures of one test file. */
export async function clearScreenshots(prefix: string): Promise<void> {
  const names = await readdir(screenshotDir).catch(() => []);
  await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(path.join(screenshotDir, name), { force: true })));
}
