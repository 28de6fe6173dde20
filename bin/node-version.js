// Plain JavaScript on purpose: this file must parse on any Node, so an old Node can say
// it is too old instead of dying with a syntax error on TypeScript.
import { spawnSync } from 'node:child_process';

const [major, minor] = process.versions.node.split('.').map(Number);

/** Node >= 22.18 runs TypeScript natively (type stripping on by default). */
export const nodeIsSupported = major > 22 || (major === 22 && minor >= 18);

/**
 * Runs `node <args>` under Node 24 from the npm registry's `node` package and returns
 * its exit code. Used only when the running Node is too old.
 */
export function runUnderNode24(args) {
  process.stderr.write(
    `ziggy: Node ${process.versions.node} is older than 22.18; carrying on under Node 24 from the npm registry (npx -y node@24).\n`,
  );
  const result = spawnSync('npx', ['-y', 'node@24', ...args], { stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`ziggy: could not start Node 24 through npx: ${result.error.message}\n`);
    return 1;
  }
  return result.status ?? 1;
}
