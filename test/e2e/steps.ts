import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from './screenshots.ts';

export interface StepOptions {
  /** Failure screenshots are named `<prefix><step>.png`. */
  failurePrefix: string;
  page(): Page;
  /** Runs after each step that passed, e.g. a check of everything the page received. */
  afterStep?(name: string): Promise<void>;
}

/**
 * Tests that continue one another in one browser page: once a step fails, the later ones are
 * skipped (saying which step broke the chain) instead of failing for a reason that is not theirs.
 */
export function chainedSteps(options: StepOptions): (name: string, run: () => Promise<void>) => void {
  let failed: string | undefined;
  return (name, run) => {
    test(name, async (t) => {
      if (failed !== undefined) {
        t.skip(`it continues from "${failed}", which failed`);
        return;
      }
      try {
        await run();
        await options.afterStep?.(name);
      } catch (error) {
        failed = name;
        const file = `${options.failurePrefix}${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(options.page(), file).catch(() => undefined);
        throw error;
      }
    });
  };
}
