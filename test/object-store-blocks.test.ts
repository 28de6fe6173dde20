import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startAzurite, type TestAzurite } from './azurite.ts';
import { startCephGateway, type TestS3 } from './ceph-rgw.ts';

// JavaScript Blocks in the restricted runner process, against the real Ceph gateway and Azurite.
let gateway: TestS3;
let azurite: TestAzurite;
let logsDir: string;
let pool: RunnerPool;

before(async () => {
  [gateway, azurite] = await Promise.all([startCephGateway(), startAzurite()]);
  logsDir = await tempLogsDir();
  const { endpoint, accessKeyId, secretAccessKey } = gateway;
  const resolution = testResolvers({
    exports: { type: 's3', dev: { region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } } },
    blobs: { type: 'azure-blob', dev: { url: azurite.url, accountName: azurite.accountName, accountKey: azurite.accountKey, container: 'drop' } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
});

after(async () => {
  await pool.close();
  await Promise.all([gateway.stop(), azurite.stop()]);
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
  const result = await pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  assert.deepEqual(result.result, { text: 'hello from a block', hasSend: true, region: 'us-east-1' });
});

test('a block gets an Azure Blob connection with a container as a ContainerClient, and writes and lists a blob', async () => {
  const code = `async function () {
    const container = connections.blobs;
    await container.createIfNotExists();
    await container.getBlockBlobClient('greeting.txt').upload('hello', 5);
    const names = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    return { names, containerName: container.containerName };
  }`;
  const result = await pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  assert.deepEqual(result.result, { names: ['greeting.txt'], containerName: 'drop' });
});
