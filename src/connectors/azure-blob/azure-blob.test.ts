import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BlobServiceClient, ContainerClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { startAzurite, type TestAzurite } from '../../../test/azurite.ts';
import { parseConfig, resolveConfig } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { runFileStoreContract } from '../file-contract/index.ts';
import { azureBlobFiles } from './files.ts';
import azureBlob from './index.ts';
import { azureBlobSchema } from './schema.ts';

// Azurite from npm, started for this file; its account key is generated, so a wrong key gets 403.
let server: Promise<TestAzurite> | undefined;
function azurite(): Promise<TestAzurite> {
  server ??= startAzurite();
  return server;
}
after(async () => {
  if (server !== undefined) await (await server).stop();
});

async function keyConfig(): Promise<Record<string, unknown>> {
  const { url, accountName, accountKey } = await azurite();
  return { accountName, accountKey, url };
}

const someKey = Buffer.alloc(64, 7).toString('base64');

runConnectorContract(azureBlob, {
  seedSource: azureBlob.example,
  seedExpected: { accountName: 'mystorageaccount', container: 'exports' },
  live: keyConfig,
  refusedPort: (port) => ({ accountName: 'nobody', accountKey: someKey, url: `http://127.0.0.1:${port}/nobody` }),
  unknownHost: { accountName: 'nobody', accountKey: someKey, url: 'http://nonexistent.invalid:10000/nobody' },
  serverFields: { host: 'url', port: 'url' },
});

function check(config: Record<string, unknown>, timeoutMs = 10_000) {
  return azureBlob.testConnection(azureBlobSchema.parse(config), { signal: new AbortController().signal, timeoutMs });
}

async function createContainer(name: string): Promise<void> {
  await BlobServiceClient.fromConnectionString((await azurite()).connectionString).getContainerClient(name).createIfNotExists();
}

test('account name and key, the key a secret, list the containers', async () => {
  const { url, accountName, accountKey } = await azurite();
  const source = `{ accountName: '${accountName}', accountKey: secrets.AZURE_KEY, url: '${url}' }`;
  const config = resolveConfig(parseConfig(source), { mode: 'dev', connection: 'blob', lookup: () => accountKey });
  const result = await check(config);
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details?.account, accountName);
  assert.deepEqual(result.steps.map((step) => step.name), ['list containers']);
});

test('a wrong account key fails with auth_failed on accountKey, and is never shown', async () => {
  const result = await check({ ...(await keyConfig()), accountKey: someKey });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'accountKey');
  assert.ok(!JSON.stringify(result).includes(someKey));
});

test('a connection string works, and a wrong key in it is blamed on connectionString', async () => {
  const { connectionString, accountKey } = await azurite();
  const ok = await check({ connectionString });
  assert.equal(ok.ok, true, ok.message);
  const wrong = await check({ connectionString: connectionString.replace(accountKey, someKey) });
  assert.equal(wrong.code, 'auth_failed', wrong.message);
  assert.equal(wrong.field, 'connectionString');
});

test('with a container: an existing one passes, a missing one is blamed on container', async () => {
  await createContainer('present');
  const present = await check({ ...(await keyConfig()), container: 'present' });
  assert.equal(present.ok, true, present.message);
  assert.deepEqual(present.steps.map((step) => step.name), ['list blobs']);
  const missing = await check({ ...(await keyConfig()), container: 'no-such-container' });
  assert.equal(missing.code, 'container_not_found', missing.message);
  assert.equal(missing.field, 'container');
});

test('a SAS token for the container works; one signed with another key is blamed on sasToken', async () => {
  await createContainer('shared');
  const { url, accountName, accountKey } = await azurite();
  const sas = (key: string) =>
    generateBlobSASQueryParameters(
      { containerName: 'shared', permissions: ContainerSASPermissions.parse('rl'), expiresOn: new Date(Date.now() + 3_600_000) },
      new StorageSharedKeyCredential(accountName, key),
    ).toString();
  const ok = await check({ url, sasToken: sas(accountKey), container: 'shared' });
  assert.equal(ok.ok, true, ok.message);
  const wrong = await check({ url, sasToken: `?${sas(someKey)}`, container: 'shared' });
  assert.equal(wrong.code, 'auth_failed', wrong.message);
  assert.equal(wrong.field, 'sasToken');
});

test('the client is the default container\'s ContainerClient, which uploads and lists blobs', async () => {
  await createContainer('client');
  const client = await azureBlob.createClient(azureBlobSchema.parse({ ...(await keyConfig()), container: 'client' }));
  try {
    assert.ok(client instanceof ContainerClient);
    await client.getBlockBlobClient('hello.txt').upload('hello', 5);
    const names: string[] = [];
    for await (const blob of client.listBlobsFlat()) names.push(blob.name);
    assert.deepEqual(names, ['hello.txt']);
  } finally {
    await azureBlob.closeClient(client);
  }
});

test('without a container the client is the account\'s BlobServiceClient', async () => {
  const client = await azureBlob.createClient(azureBlobSchema.parse(await keyConfig()));
  assert.ok(client instanceof BlobServiceClient);
});

test('the schema wants one way to sign in, and refuses a connection string mixed with keys', () => {
  const none = azureBlobSchema.safeParse({ accountName: 'a' });
  assert.deepEqual(none.error?.issues.map((issue) => issue.path), [['accountKey']]);
  const mixed = azureBlobSchema.safeParse({ connectionString: 'x', accountKey: 'y' });
  assert.deepEqual(mixed.error?.issues.map((issue) => issue.path), [['accountKey']]);
});

// The file-store contract on the same Azurite, through connections whose default container is their own: one that stays empty.
type AzureClient = Awaited<ReturnType<typeof azureBlob.createClient>>;
let filesClient: AzureClient | undefined;
let emptyClient: AzureClient | undefined;
async function containerClient(container: string): Promise<AzureClient> {
  await createContainer(container);
  return azureBlob.createClient(azureBlobSchema.parse({ ...(await keyConfig()), container }));
}
before(async () => {
  filesClient = await containerClient(`files-contract-${process.pid}`);
  emptyClient = await containerClient(`files-empty-${process.pid}`);
});
function opened(client: AzureClient | undefined): AzureClient {
  if (client === undefined) throw new Error('The Azure client for the file-store contract is not open yet.');
  return client;
}
runFileStoreContract({
  label: 'Azure Blob',
  adapter: azureBlobFiles,
  client: () => opened(filesClient),
  root: () => 'contract',
  empty: { client: () => opened(emptyClient) },
});
