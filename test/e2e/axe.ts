import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

// The text of axe.source, read from the package rather than by loading axe (a DOM library) into Node.
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const failingImpacts: ReadonlySet<string> = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations.
 * axe is evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does
 * not govern, so the UI is checked under its real CSP.
 */
export async function seriousViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate('typeof axe !== "undefined"');
  if (loaded !== true) await page.evaluate(`${await axeSource}\n;undefined`);
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations.filter((violation) => failingImpacts.has(violation.impact ?? ''));
}

/** One paragraph per violation: the rule, its impact, what it means, and every element it was found on. */
export function describeViolations(where: string, violations: readonly Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) =>
        [`    ${node.target.join(' ')}`, `      ${node.html.slice(0, 160)}`, `      ${node.failureSummary?.replaceAll('\n', '\n      ') ?? ''}`].join('\n'),
      );
      return `${where}: [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n\n');
}
