#!/usr/bin/env node
// `node bin/node24.js <node arguments>`: runs Node with those arguments, under Node 24
// when the running Node is too old for native TypeScript. npm scripts go through it.
import { spawnSync } from 'node:child_process';
import { nodeIsSupported, runUnderNode24 } from './node-version.js';

const args = process.argv.slice(2);
if (nodeIsSupported) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} else {
  process.exitCode = runUnderNode24(args);
}
