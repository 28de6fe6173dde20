import type SftpClient from 'ssh2-sftp-client';
import { fileOperations } from '../../core/files/index.ts';
import { defineConnector } from '../../core/index.ts';
import { sftpFiles } from './files.ts';
import { closeSftpSession, isSftpSessionAlive, openSftpSession } from './client.ts';
import { deletePath, exists, get, list, mkdir, put, rename } from './operations/index.ts';
import { sftpSchema } from './schema.ts';
import { testSftp } from './test-connection.ts';

const example = `{
    host: 'my-sftp-server.com',
    port: '22',
    username: 'a8759b3dxxxxxx70c146ed99fc2xxxx',
    password: secrets.SFTP_PASSWORD
}`;

export default defineConnector<typeof sftpSchema, SftpClient>({
  id: 'sftp',
  label: 'SFTP',
  module: 'ssh2-sftp-client',
  description: 'SFTP file server over SSH; hands out an ssh2-sftp-client session.',
  lifecycle: 'session',
  schema: sftpSchema,
  example,
  secretFields: ['password', 'privateKey', 'passphrase'],
  createClient: openSftpSession,
  closeClient: closeSftpSession,
  isClientAlive: isSftpSessionAlive,
  testConnection: testSftp,
  files: sftpFiles,
  operations: { list, get, put, delete: deletePath, rename, mkdir, exists, ...fileOperations(sftpFiles) },
});
