import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startAzurite, type TestAzurite } from './azurite.ts';
import { startCephGateway, type TestS3 } from './ceph-rgw.ts';
import { openTempServices } from './support/temp-services.ts';

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

test('the file service behind `ziggy files` and the file browser works alike on S3 and Azure Blob: an empty root lists, put, get, a refused put, rm', async () => {
  const { S3 } = await import('@aws-sdk/client-s3');
  const { ContainerClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  const { endpoint, accessKeyId, secretAccessKey } = gateway;
  const raw = new S3({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await raw.createBucket({ Bucket: 'browse-empty' });
  await raw.createBucket({ Bucket: 'browse-other' });
  await new ContainerClient(`${azurite.url}/browse`, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)).createIfNotExists();
  const fixture = await openTempServices();
  const { services } = fixture;
  try {
    await services.secrets.set({ name: 'S3_SECRET', value: secretAccessKey, mode: 'dev' }, 'cli:tester');
    await services.secrets.set({ name: 'AZURE_KEY', value: azurite.accountKey, mode: 'dev' }, 'cli:tester');
    const s3Source = `{ region: 'us-east-1', endpoint: '${endpoint}', forcePathStyle: true, bucket: 'browse-empty', credentials: { accessKeyId: '${accessKeyId}', secretAccessKey: secrets.S3_SECRET } }`;
    await services.connections.create({ name: 'bucket', type: 's3', devSource: s3Source }, 'cli:tester');
    const azureSource = `{ url: '${azurite.url}', accountName: '${azurite.accountName}', accountKey: secrets.AZURE_KEY, container: 'browse' }`;
    await services.connections.create({ name: 'blobs', type: 'azure-blob', devSource: azureSource }, 'cli:tester');
    const body = randomBytes(6 * 1024 * 1024);

    for (const connection of ['bucket', 'blobs']) {
      const root = await services.files.list({ connection, path: '.' }, 'cli:tester');
      assert.deepEqual(root.entries, [], `${connection}: the empty root lists as empty, not as missing`);
      const put = await services.files.upload({ connection, path: 'in/data.bin', body: Readable.from([body]) }, 'cli:tester');
      assert.deepEqual(put, { path: 'in/data.bin', bytes: body.length });
      const listed = await services.files.list({ connection, path: '.' }, 'cli:tester');
      assert.deepEqual(listed.entries.map((entry) => [entry.name, entry.type]), [['in', 'directory']]);
      const { entry, body: stream } = await services.files.download({ connection, path: 'in/data.bin' }, 'cli:tester');
      assert.equal(entry.size, body.length);
      assert.ok(Buffer.concat(await stream.toArray()).equals(body), `${connection}: the same bytes come back`);
      await assert.rejects(
        services.files.upload({ connection, path: 'in/data.bin', body: Readable.from([Buffer.from('other')]) }, 'cli:tester'),
        (error: unknown) => error instanceof Error && 'id' in error && error.id === 'file_exists',
      );
      await services.files.delete({ connection, path: 'in/data.bin' }, 'cli:tester');
      await assert.rejects(services.files.stat({ connection, path: 'in/data.bin' }, 'cli:tester'), /Nothing exists at in\/data\.bin/);
    }

    await services.files.upload({ connection: 'bucket', path: 'elsewhere.txt', location: 'browse-other', body: Readable.from([Buffer.from('x')]) }, 'cli:tester');
    assert.deepEqual((await services.files.list({ connection: 'bucket', path: '.', location: 'browse-other' }, 'cli:tester')).entries.map((entry) => entry.name), ['elsewhere.txt']);
    const audit = await services.audit.list({ entityName: 'bucket' });
    assert.deepEqual(audit.filter((row) => row.action.startsWith('file.')).map((row) => row.action), ['file.put', 'file.delete', 'file.put']);
    assert.ok(!JSON.stringify(audit).includes(secretAccessKey), 'no secret in the audit log');
  } finally {
    await fixture.dispose();
  }
});
