import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';

// JavaScript Blocks in the restricted runner process with the real node-redis against the machine's Redis.
let logsDir: string;
let pool: RunnerPool;
const key = `ziggy-block:${process.pid}:${randomBytes(3).toString('hex')}`;

before(async () => {
  logsDir = await tempLogsDir();
  const resolution = testResolvers({ cache: { type: 'redis', dev: { host: '127.0.0.1', port: 6379 } } });
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
});
after(async () => {
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [key], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

test('a block gets connections.cache as a connected node-redis client; the next run on the runner gets the same client', async () => {
  const first = await run(`async function (key) {
    await connections.cache.set(key, 'from a block', { EX: 60 });
    await connections.cache.xAdd(key + ':s', '*', { n: '1' });
    return { value: await connections.cache.get(key), length: await connections.cache.xLen(key + ':s'), ready: connections.cache.isReady };
  }`);
  assert.equal(first.status, 'ok', JSON.stringify(first.error));
  assert.deepEqual(first.result, { value: 'from a block', length: 1, ready: true });
  const second = await run(`async function (key) {
    const value = await connections.cache.get(key);
    await connections.cache.del([key, key + ':s']);
    return value;
  }`);
  assert.equal(second.status, 'ok', JSON.stringify(second.error));
  assert.equal(second.result, 'from a block');
});
