import { after, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import type SftpClient from 'ssh2-sftp-client';
import { startSshd, type TestSshd } from '../../../test/sshd.ts';
import { runFileStoreContract } from '../file-contract/index.ts';
import { sftpFiles } from './files.ts';
import sftp from './index.ts';
import { sftpSchema } from './schema.ts';

// The real OpenSSH server the SFTP tests start; the work directory is fresh for this file.
let server: TestSshd;
let client: SftpClient;
const root = `files-${randomBytes(3).toString('hex')}`;

before(async () => {
  server = await startSshd();
  const { host, port, username, password } = server;
  client = await sftp.createClient(sftpSchema.parse({ host, port, username, password }));
});
after(async () => {
  await sftp.closeClient(client);
  await server.stop();
});

runFileStoreContract({ label: 'SFTP', adapter: sftpFiles, client: () => client, root: () => root });
