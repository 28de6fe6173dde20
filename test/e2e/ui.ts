import type { Locator, Page } from 'playwright-core';

/** Signs in with the keyboard only: the username field has focus, Tab moves on, Enter submits. */
export async function signInWithKeyboard(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Username' }).waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Connections', exact: true }).waitFor();
}

/** The header's mode switch: DEVELOPMENT or PRODUCTION. */
export async function switchMode(page: Page, mode: 'dev' | 'prod'): Promise<void> {
  const label = mode === 'dev' ? 'DEVELOPMENT' : 'PRODUCTION';
  await page.getByRole('banner').getByText(label, { exact: true }).click();
  await page.locator(`html[data-ziggy-mode="${mode}"]`).waitFor({ state: 'attached' });
}

/** A CodeMirror editor's editable area, found by its accessible name. */
export function codeEditor(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

/** Replaces the whole text as a paste would: typed brackets are not auto-closed, nothing is auto-indented. */
export async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export async function editorText(editor: Locator): Promise<string> {
  return (await editor.locator('.cm-line').allInnerTexts()).join('\n');
}

/** 1-based numbers of the editor lines that carry a mark of this class, e.g. a lint error or the test's field. */
export async function linesWith(editor: Locator, selector: string): Promise<number[]> {
  const marked = await editor.locator('.cm-line').evaluateAll(
    (lines, inner) => lines.flatMap((line, index) => (line.matches(inner) || line.querySelector(inner) !== null ? [index + 1] : [])),
    selector,
  );
  return marked;
}

/** Places the cursor at the end of a 1-based line of the editor. */
export async function cursorToLineEnd(page: Page, editor: Locator, line: number): Promise<void> {
  await editor.locator('.cm-line').nth(line - 1).click();
  await page.keyboard.press('End');
}

/** The computed value of a CSS property of the first element matching the locator. */
export async function computedStyle(locator: Locator, property: string): Promise<string> {
  // The callback runs in the page; the test code has no DOM globals, so it reaches the window through the element.
  return locator.first().evaluate((element, name) => element.ownerDocument.defaultView!.getComputedStyle(element).getPropertyValue(name), property);
}

/** Reads until the value is as wanted (the UI updates after debounces and requests), and returns the last value read. */
export async function settled<T>(read: () => Promise<T>, wanted: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!wanted(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** What has the keyboard focus, in words: its role or tag and its accessible name or text. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return 'body';
    const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
    const labelledBy = element.getAttribute('aria-labelledby');
    const label = element.getAttribute('aria-label')
      ?? (labelledBy && document.getElementById(labelledBy)?.textContent)
      ?? (element.labels?.[0]?.textContent)
      ?? element.textContent;
    return role + ' ' + (label ?? '').replace(/\\s+/g, ' ').trim();
  })()`);
}

/** Presses Tab until the focus is on what `wanted` accepts, and returns every stop on the way (the last one is it). */
export async function tabTo(page: Page, wanted: (stop: string) => boolean, maxStops = 40): Promise<string[]> {
  const stops: string[] = [];
  for (let index = 0; index < maxStops; index += 1) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    stops.push(stop);
    if (wanted(stop)) return stops;
  }
  throw new Error(`Tab never reached the wanted element in ${maxStops} stops:\n${stops.join('\n')}`);
}

/** Waits until the keyboard focus is inside the element, e.g. a dialog that moves the focus in once it has opened. */
export async function focusMovedInto(container: Locator): Promise<void> {
  const inside = await settled(
    () => container.evaluate((element) => element.contains(element.ownerDocument.activeElement)),
    (contains) => contains,
    3000,
  );
  if (!inside) throw new Error('The focus did not move into the element.');
}
