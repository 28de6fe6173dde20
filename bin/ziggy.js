#!/usr/bin/env node
// The `ziggy` command. Plain JavaScript so that an old Node reaches the version check.
import { fileURLToPath } from 'node:url';
import { nodeIsSupported, runUnderNode24 } from './node-version.js';

if (nodeIsSupported) {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
} else {
  process.exitCode = runUnderNode24([fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
}
