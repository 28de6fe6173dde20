import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import SftpClient from 'ssh2-sftp-client';
import { startSshd, type TestSshd } from './sshd.ts';

let sshd: TestSshd;

before(async () => {
  sshd = await startSshd();
});

after(async () => {
  await sshd.stop();
});

async function withSftp<T>(credentials: { password: string } | { privateKey: string }, use: (client: SftpClient) => Promise<T>): Promise<T> {
  const client = new SftpClient('sshd-test', {});
  await client.connect({ host: sshd.host, port: sshd.port, username: sshd.username, readyTimeout: 5000, ...credentials });
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

test('a real login with the password lands in the home directory and can write there', async () => {
  const home = await withSftp({ password: sshd.password }, async (client) => {
    await client.put(Buffer.from('hello'), 'greeting.txt');
    assert.ok((await client.list('.')).some((entry) => entry.name === 'greeting.txt'));
    return client.cwd();
  });
  assert.equal(home, sshd.homeDir);
  assert.equal(existsSync(`${sshd.homeDir}/greeting.txt`), true);
});

test('a real login with the private key works', async () => {
  const home = await withSftp({ privateKey: sshd.privateKey }, (client) => client.cwd());
  assert.equal(home, sshd.homeDir);
});

test('a wrong password is refused by the server', async () => {
  await assert.rejects(
    withSftp({ password: `${sshd.password}x` }, (client) => client.cwd()),
    /All configured authentication methods failed/,
  );
});

test('stop ends the server, removes its user and files, and is safe to call twice', async () => {
  const other = await startSshd();
  await other.stop();
  await other.stop();
  assert.equal(existsSync(other.homeDir), false);
  const client = new SftpClient('sshd-test', {});
  await assert.rejects(
    client.connect({ host: other.host, port: other.port, username: other.username, password: other.password, readyTimeout: 2000 }),
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );
});
