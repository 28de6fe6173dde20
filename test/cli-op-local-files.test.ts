import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openServices } from '../src/service/index.ts';
import { cleanEnv, expectCode, ziggy } from './support/cli-runs.ts';
import { startSshd, type TestSshd } from './sshd.ts';

describe('ziggy op on this machine may stream an SFTP file to a local file', () => {
  let root: string;
  let sshd: TestSshd;
  before(async () => {
    [sshd, root] = await Promise.all([startSshd(), mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-op-'))]);
  });
  after(async () => void (await Promise.all([sshd.stop(), rm(root, { recursive: true, force: true })])));

  test('get with a relative localPath writes the file where the command runs', async () => {
    const dataDir = path.join(root, 'data');
    const services = await openServices({ dataDir, env: {} });
    try {
      await services.secrets.set({ name: 'SFTP_PASSWORD', value: sshd.password, mode: 'dev' }, 'cli:tester');
      const devSource = `{ host: '${sshd.host}', port: ${sshd.port}, username: '${sshd.username}', password: secrets.SFTP_PASSWORD }`;
      await services.connections.create({ name: 'files', type: 'sftp', devSource }, 'cli:tester');
    } finally {
      await services.close();
    }
    const content = `report ${randomUUID()}\n`.repeat(1000);
    const remoteFile = path.join(sshd.homeDir, 'report.txt');
    await writeFile(remoteFile, content, { mode: 0o644 });
    const params = JSON.stringify({ path: remoteFile, localPath: './report.txt' });
    const run = await ziggy(['--data-dir', dataDir, 'op', 'files', 'get', '--params', params], cleanEnv(), '', root);
    expectCode(run, 0, 'op files get');
    assert.equal(await readFile(path.join(root, 'report.txt'), 'utf8'), content);
    assert.match(run.stdout, new RegExp(`"size": ${Buffer.byteLength(content)}`));
    assert.doesNotMatch(run.stdout, /report [0-9a-f-]{36}/, 'the content went to the file, not to the output');
    await rm(remoteFile);
  });
});
