import type { ImapFlow } from 'imapflow';
import { defineConnector } from '../../core/index.ts';
import { closeImapClient, createImapClient, isImapClientAlive } from './client.ts';
import { readMail } from './operations/read-mail.ts';
import { imapSchema } from './schema.ts';
import { testImap } from './test-connection.ts';

const example = `{
    host: 'imap.example.com',
    port: 993,
    auth: { user: 'orders@example.com', pass: secrets.IMAP_PASSWORD },
}`;

export default defineConnector<typeof imapSchema, ImapFlow>({
  id: 'imap',
  label: 'IMAP',
  module: 'imapflow',
  description: 'An IMAP mailbox account for reading mail; hands out a connected, logged-in ImapFlow session.',
  lifecycle: 'session',
  schema: imapSchema,
  example,
  secretFields: ['auth.pass', 'auth.accessToken'],
  createClient: createImapClient,
  closeClient: closeImapClient,
  isClientAlive: isImapClientAlive,
  testConnection: testImap,
  operations: { readMail },
});
