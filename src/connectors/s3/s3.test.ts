import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { startCephGateway, type TestS3 } from '../../../test/ceph-rgw.ts';
import { parseConfig, resolveConfig } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { runFileStoreContract } from '../file-contract/index.ts';
import { s3Files } from './files.ts';
import s3 from './index.ts';
import { s3Schema } from './schema.ts';

// A real S3 server (Ceph's RADOS Gateway) started for this file: it checks SigV4 signatures as AWS does.
let server: Promise<TestS3> | undefined;
function gateway(): Promise<TestS3> {
  server ??= startCephGateway();
  return server;
}
after(async () => {
  if (server !== undefined) await (await server).stop();
});

async function liveConfig(): Promise<Record<string, unknown>> {
  const { endpoint, accessKeyId, secretAccessKey } = await gateway();
  return { region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } };
}

const seedSource = `{ region: 'us-east-1', credentials: { accessKeyId: secrets.S3ExperimentorKeyId, secretAccessKey: secrets.S3ExperimentorSecret } }`;
const dummyKeys = { accessKeyId: 'AKIAUNUSED', secretAccessKey: 'unused' };

runConnectorContract(s3, {
  seedSource,
  seedExpected: { region: 'us-east-1', credentials: { accessKeyId: 'dummy-S3ExperimentorKeyId', secretAccessKey: 'dummy-S3ExperimentorSecret' } },
  live: liveConfig,
  refusedPort: (port) => ({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { ...dummyKeys } }),
  unknownHost: { region: 'us-east-1', endpoint: 'http://nonexistent.invalid:9000', forcePathStyle: true, credentials: dummyKeys },
  serverFields: { host: 'endpoint', port: 'endpoint' },
});

function check(config: Record<string, unknown>, timeoutMs = 10_000) {
  return s3.testConnection(s3Schema.parse(config), { signal: new AbortController().signal, timeoutMs });
}

/** The seed's object with the gateway's endpoint added, its keys resolved from secrets as at run time. */
async function seedWithEndpoint(secretKey?: string): Promise<Record<string, unknown>> {
  const { endpoint, accessKeyId, secretAccessKey } = await gateway();
  const source = `{ region: 'us-east-1', endpoint: '${endpoint}', forcePathStyle: true, credentials: { accessKeyId: secrets.S3ExperimentorKeyId, secretAccessKey: secrets.S3ExperimentorSecret } }`;
  const values: Record<string, string> = { S3ExperimentorKeyId: accessKeyId, S3ExperimentorSecret: secretKey ?? secretAccessKey };
  return resolveConfig(parseConfig(source), { mode: 'dev', connection: 'seed', lookup: (name) => values[name] });
}

async function createBucket(name: string): Promise<void> {
  const client = await s3.createClient(s3Schema.parse(await liveConfig()));
  try {
    await client.createBucket({ Bucket: name });
  } finally {
    await s3.closeClient(client);
  }
}

test("the seed's object, keys as secrets and the endpoint added, tests ok against the gateway", async () => {
  const result = await check(await seedWithEndpoint());
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details?.credentialSource, 'the configuration');
  assert.deepEqual(
    result.steps.map((step) => step.name),
    ['resolve credentials', 'list buckets'],
  );
});

test('a wrong secret key is blamed on credentials.secretAccessKey, and never shown', async () => {
  const wrong = `${(await gateway()).secretAccessKey}-wrong`;
  const result = await check(await seedWithEndpoint(wrong));
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'credentials.secretAccessKey');
  assert.ok(!JSON.stringify(result).includes(wrong));
});

test('an access key id the store does not know is blamed on credentials.accessKeyId', async () => {
  const config = await liveConfig();
  const result = await check({ ...config, credentials: { accessKeyId: 'AKIANOSUCHKEY', secretAccessKey: 'whatever' } });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'credentials.accessKeyId');
});

test('with a bucket, HeadBucket checks it: an existing one passes, a missing one is blamed on bucket', async () => {
  await createBucket('ziggy-present');
  const config = await liveConfig();
  const present = await check({ ...config, bucket: 'ziggy-present' });
  assert.equal(present.ok, true, present.message);
  assert.deepEqual(
    present.steps.map((step) => step.name),
    ['resolve credentials', 'head bucket'],
  );
  const missing = await check({ ...config, bucket: 'ziggy-no-such-bucket' });
  assert.equal(missing.code, 'bucket_not_found', missing.message);
  assert.equal(missing.field, 'bucket');
});

test("another user's bucket gives access_denied, naming the action the policy must allow", async () => {
  await createBucket('ziggy-private');
  const stranger = await (await gateway()).createUser('stranger');
  const result = await check({ ...(await liveConfig()), credentials: stranger, bucket: 'ziggy-private' });
  assert.equal(result.code, 'access_denied', result.message);
  assert.match(result.hint ?? '', /s3:ListBucket on arn:aws:s3:::ziggy-private/);
});

test('without credentials the default chain is used, and the result says which source gave them', async () => {
  const { endpoint, accessKeyId, secretAccessKey } = await gateway();
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
  try {
    const result = await check({ region: 'us-east-1', endpoint, forcePathStyle: true });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.credentialSource, 'the default credential chain: environment variables');
  } finally {
    restoreEnv('AWS_ACCESS_KEY_ID', saved.id);
    restoreEnv('AWS_SECRET_ACCESS_KEY', saved.secret);
  }
});

test('the client is an S3Client with a method per command, which works against the gateway', async () => {
  const client = await s3.createClient(s3Schema.parse(await liveConfig()));
  try {
    assert.ok(client instanceof S3Client);
    await client.createBucket({ Bucket: 'ziggy-client' });
    await client.putObject({ Bucket: 'ziggy-client', Key: 'hello.txt', Body: 'hello' });
    const listed = await client.listObjectsV2({ Bucket: 'ziggy-client' });
    assert.deepEqual(listed.Contents?.map((object) => object.Key), ['hello.txt']);
  } finally {
    await s3.closeClient(client);
  }
});

test('the schema refuses an endpoint that is not an http(s) URL, naming the field', () => {
  const result = s3Schema.safeParse({ region: 'us-east-1', endpoint: '127.0.0.1:9000' });
  assert.deepEqual(result.error?.issues.map((issue) => issue.path), [['endpoint']]);
});

// AWS's region errors cannot be provoked on this machine (Ceph has one region), so these run the
// real SDK against a local server that answers as AWS documents it does for a bucket in eu-west-1.
async function awsLike(handler: http.RequestListener): Promise<{ endpoint: string; close(): Promise<void> }> {
  const fake = http.createServer(handler);
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => fake.close(() => resolve())),
  };
}

test('a bucket in another region (HeadBucket 301 with x-amz-bucket-region) is blamed on region with the right one in the hint', async () => {
  const fake = await awsLike((_request, response) => {
    response.writeHead(301, { 'x-amz-bucket-region': 'eu-west-1' }).end();
  });
  try {
    const result = await check({ region: 'us-east-1', endpoint: fake.endpoint, forcePathStyle: true, credentials: dummyKeys, bucket: 'far-away' });
    assert.equal(result.code, 'wrong_region', result.message);
    assert.equal(result.field, 'region');
    assert.match(result.hint ?? '', /eu-west-1/);
  } finally {
    await fake.close();
  }
});

test('AuthorizationHeaderMalformed naming the expected region is blamed on region with that region in the hint', async () => {
  const fake = await awsLike((_request, response) => {
    response.writeHead(400, { 'content-type': 'application/xml' }).end(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-southeast-2'</Message><Region>ap-southeast-2</Region><RequestId>R</RequestId><HostId>H</HostId></Error>",
    );
  });
  try {
    const result = await check({ region: 'us-east-1', endpoint: fake.endpoint, forcePathStyle: true, credentials: dummyKeys });
    assert.equal(result.code, 'wrong_region', result.message);
    assert.equal(result.field, 'region');
    assert.match(result.hint ?? '', /ap-southeast-2/);
  } finally {
    await fake.close();
  }
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

// The file-store contract on the same gateway, in a bucket of its own.
let filesClient: Awaited<ReturnType<typeof s3.createClient>> | undefined;
const filesBucket = `files-contract-${process.pid}`;
const emptyBucket = `files-empty-${process.pid}`;
before(async () => {
  await createBucket(filesBucket);
  await createBucket(emptyBucket);
  filesClient = await s3.createClient(s3Schema.parse(await liveConfig()));
});
after(async () => {
  if (filesClient !== undefined) await s3.closeClient(filesClient);
});
function contractClient(): NonNullable<typeof filesClient> {
  if (filesClient === undefined) throw new Error('The S3 client for the file-store contract is not open yet.');
  return filesClient;
}
runFileStoreContract({
  label: 'S3',
  adapter: s3Files,
  client: contractClient,
  location: filesBucket,
  root: () => 'contract',
  empty: { client: contractClient, location: emptyBucket },
});
