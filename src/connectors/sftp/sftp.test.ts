import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSshd, type TestSshd } from '../../../test/sshd.ts';
import { runConnectorContract } from '../contract.ts';
import sftp from './index.ts';
import { sftpSchema } from './schema.ts';

// A real OpenSSH server started for this file; startSshd fails loudly if sshd is missing.
let server: Promise<TestSshd> | undefined;
function sshd(): Promise<TestSshd> {
  server ??= startSshd();
  return server;
}
after(async () => {
  if (server !== undefined) await (await server).stop();
});

async function passwordConfig(): Promise<Record<string, unknown>> {
  const { host, port, username, password } = await sshd();
  return { host, port, username, password };
}

const seedSource = `{
    host: 'my-sftp-server.com',
    port: '22',
    username: 'a8759b3dxxxxxx70c146ed99fc2xxxx',
    password: 'XMsxxxxry8yN5flxxxxBEktDGV2Rw'
}`;

runConnectorContract(sftp, {
  seedSource,
  seedExpected: { host: 'my-sftp-server.com', port: 22, readyTimeout: 20000 },
  live: passwordConfig,
  refusedPort: (port) => ({ host: '127.0.0.1', port, username: 'nobody', password: 'unused' }),
  unknownHost: { host: 'nonexistent.invalid', port: 22, username: 'nobody', password: 'unused' },
});

function check(config: Record<string, unknown>, timeoutMs = 10_000) {
  return sftp.testConnection(sftpSchema.parse(config), { signal: new AbortController().signal, timeoutMs });
}

test("the seed's port: '22' string is coerced to the number 22", () => {
  assert.equal(sftpSchema.parse({ host: 'h', port: '22', username: 'u', password: 'p' }).port, 22);
  assert.equal(sftpSchema.parse({ host: 'h', username: 'u', password: 'p' }).port, 22);
});

test('the schema wants a password or a private key, and refuses functions such as hostVerifier', () => {
  const missing = sftpSchema.safeParse({ host: 'h', username: 'u' });
  assert.deepEqual(missing.error?.issues.map((issue) => issue.path), [['password']]);
  const withFunction = sftpSchema.safeParse({ host: 'h', username: 'u', password: 'p', hostVerifier: () => true });
  assert.equal(withFunction.success, false);
});

test('password login lists the home directory', async () => {
  const { homeDir } = await sshd();
  const result = await check(await passwordConfig());
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details?.homeDirectory, homeDir);
  assert.equal(typeof result.details?.entries, 'number');
  assert.deepEqual(
    result.steps.map((step) => step.name),
    ['connect', 'list home directory'],
  );
});

test('key login works', async () => {
  const { host, port, username, privateKey } = await sshd();
  const result = await check({ host, port, username, privateKey });
  assert.equal(result.ok, true, result.message);
});

test('a wrong password fails with auth_failed on the password field', async () => {
  const config = await passwordConfig();
  const result = await check({ ...config, password: `${String(config.password)}-wrong` });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'password');
});

test('a key the server does not know fails with auth_failed on the privateKey field', async () => {
  const { host, port, username } = await sshd();
  const stranger = await startSshd();
  try {
    const result = await check({ host, port, username, privateKey: stranger.privateKey });
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, 'privateKey');
  } finally {
    await stranger.stop();
  }
});

test('a pinned host key: the right fingerprint passes, another fails with host_key_mismatch', async () => {
  const config = await passwordConfig();
  const { hostKeySha256 } = await sshd();
  const pinned = await check({ ...config, hostKeySha256 });
  assert.equal(pinned.ok, true, pinned.message);
  const other = await check({ ...config, hostKeySha256: `SHA256:${'A'.repeat(43)}` });
  assert.equal(other.code, 'host_key_mismatch', other.message);
  assert.equal(other.field, 'hostKeySha256');
});

test('a session dropped by the server is reported dead, so the cache replaces it', async () => {
  const client = await sftp.createClient(sftpSchema.parse(await passwordConfig()));
  try {
    assert.equal(sftp.isClientAlive?.(client), true);
    await client.cwd();
    await (await sshd()).dropSessions();
    const deadline = Date.now() + 5000;
    while (sftp.isClientAlive?.(client) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sftp.isClientAlive?.(client), false);
  } finally {
    await sftp.closeClient(client);
  }
});

test('a session the program ends is reported dead', async () => {
  const client = await sftp.createClient(sftpSchema.parse(await passwordConfig()));
  await client.end();
  assert.equal(sftp.isClientAlive?.(client), false);
  await sftp.closeClient(client);
});
