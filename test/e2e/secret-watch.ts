import type { Page, Response } from 'playwright-core';

interface Seen {
  /** Where the text came from: a response's URL or a step's DOM. */
  where: string;
  text: string;
}

/**
 * Watches everything a secret value could reach the browser through: every response body the
 * page receives, and at each named step the page's HTML, its visible text, every form field's
 * value and the page's storage. `check` fails with the place where a forbidden value showed up.
 */
export class SecretWatch {
  readonly #forbidden: readonly string[];
  readonly #seen: Seen[] = [];
  readonly #pending = new Set<Promise<void>>();
  #responses = 0;
  #checked = 0;

  constructor(page: Page, values: readonly string[]) {
    // The value as sent, and base64 of it, as a careless encoder would leak it.
    this.#forbidden = values.flatMap((value) => [value, Buffer.from(value).toString('base64')]);
    page.on('response', (response) => this.#track(this.#record(response)));
  }

  /** How many response bodies were read so far; a watch that saw nothing proves nothing. */
  get responsesRead(): number {
    return this.#responses;
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #record(response: Response): Promise<void> {
    // Redirects and aborted requests have no body to read.
    const body = await response.body().catch(() => undefined);
    if (body === undefined) return;
    this.#responses += 1;
    this.#seen.push({ where: `${response.request().method()} ${response.url()} (${response.status()})`, text: body.toString('utf8') });
  }

  /** Takes the page's HTML, text, field values and storage at this step, and checks all seen so far. */
  async check(page: Page, step: string): Promise<void> {
    const snapshot = await page.evaluate(`(() => ({
      html: document.documentElement.outerHTML,
      text: document.body.innerText,
      fields: [...document.querySelectorAll('input, textarea, select')].map((field) => field.value).join('\\n'),
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      title: document.title,
    }))()`);
    for (const [part, text] of Object.entries(snapshot as Record<string, string>)) this.#seen.push({ where: `${step}: page ${part}`, text });
    await Promise.all([...this.#pending]);
    const fresh = this.#seen.slice(this.#checked);
    this.#checked = this.#seen.length;
    for (const { where, text } of fresh) {
      if (this.#forbidden.some((value) => text.includes(value))) throw new Error(`A secret value reached the browser: ${where} contains it.`);
    }
  }
}
