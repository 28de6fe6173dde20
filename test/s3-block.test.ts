import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startCephGateway, type TestS3 } from './ceph-rgw.ts';

// A JavaScript Block in the restricted runner process, against the real Ceph gateway.
let gateway: TestS3;
let logsDir: string;
let pool: RunnerPool;

before(async () => {
  gateway = await startCephGateway();
  logsDir = await tempLogsDir();
  const { endpoint, accessKeyId, secretAccessKey } = gateway;
  const resolution = testResolvers({
    exports: { type: 's3', dev: { region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
});

after(async () => {
  await pool.close();
  await gateway.stop();
  await rm(logsDir, { recursive: true, force: true });
});

test('a block gets connections.NAME as an S3Client with a method per command, and writes and reads an object', async () => {
  const code = `async function () {
    const store = connections.exports;
    await store.createBucket({ Bucket: 'block-bucket' });
    await store.putObject({ Bucket: 'block-bucket', Key: 'greeting.txt', Body: 'hello from a block' });
    const object = await store.getObject({ Bucket: 'block-bucket', Key: 'greeting.txt' });
    return { text: await object.Body.transformToString(), hasSend: typeof store.send === 'function', region: await store.config.region() };
  }`;
  const result = await pool.run({ code, inputs: [], mode: 'dev', executionId: `exec-${randomBytes(3).toString('hex')}` });
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  assert.deepEqual(result.result, { text: 'hello from a block', hasSend: true, region: 'us-east-1' });
});
