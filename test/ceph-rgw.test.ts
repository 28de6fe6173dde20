import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { startCephGateway } from './ceph-rgw.ts';

test('the gateway starts, checks signatures, and is gone after stop', async () => {
  const gateway = await startCephGateway();
  const client = (secretAccessKey: string) =>
    new S3Client({ region: 'us-east-1', endpoint: gateway.endpoint, forcePathStyle: true, credentials: { accessKeyId: gateway.accessKeyId, secretAccessKey } });
  const good = client(gateway.secretAccessKey);
  const bad = client(`${gateway.secretAccessKey}x`);
  try {
    await good.send(new CreateBucketCommand({ Bucket: 'helper-check' }));
    const listed = await good.send(new ListBucketsCommand({}));
    assert.deepEqual(listed.Buckets?.map((bucket) => bucket.Name), ['helper-check']);
    await assert.rejects(bad.send(new ListBucketsCommand({})), { name: 'SignatureDoesNotMatch' });
  } finally {
    good.destroy();
    bad.destroy();
    await gateway.stop();
  }
  await assert.rejects(fetch(gateway.endpoint));
});
