import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import imap from '../src/connectors/imap/index.ts';
import type { MailRow } from '../src/connectors/imap/operations/read-mail.ts';
import { imapSchema } from '../src/connectors/imap/schema.ts';
import smtp from '../src/connectors/smtp/index.ts';
import { smtpSchema } from '../src/connectors/smtp/schema.ts';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startTestDovecot, type TestDovecot } from './dovecot.ts';
import { startTestSmtp, type TestSmtp } from './smtp-server.ts';

// The mail round trip for real: nodemailer → smtp-server (test/smtp-server.ts) → Dovecot's LDA → Dovecot (test/dovecot.ts) → imapflow.
let dovecot: TestDovecot;
let server: TestSmtp;
before(async () => {
  dovecot = await startTestDovecot();
  server = await startTestSmtp((message) => dovecot.deliver(message.raw));
});
after(async () => {
  await server.stop();
  await dovecot.stop();
});

const smtpConfig = () => ({ host: '127.0.0.1', port: server.ports.starttls, requireTLS: true, auth: { user: server.user, pass: server.password }, tls: { ca: server.ca }, from: 'Ziggy <ziggy@example.test>' });
const imapConfig = () => ({ host: '127.0.0.1', port: dovecot.ports.imaps, auth: { user: dovecot.user, pass: dovecot.password }, tls: { ca: dovecot.ca } });
const context = { signal: new AbortController().signal, log: () => undefined };

describe('Send Email → SMTP → Dovecot → Read Mail', () => {
  test('a message sent by the Send Email block is found by the Read Mail block by its subject, with its attachment', async () => {
    const transport = await smtp.createClient(smtpSchema.parse(smtpConfig()));
    const inbox = await imap.createClient(imapSchema.parse(imapConfig()));
    try {
      const subject = `Invoice ${randomBytes(4).toString('hex')}`;
      const csv = 'order,total\n1001,42.50\n';
      const send = smtp.operations.sendEmail!;
      const sent = (await send.run(transport, send.input.parse({ to: dovecot.user, subject, text: 'Attached.', attachments: [{ filename: 'invoice.csv', content: csv, contentType: 'text/csv' }] }), context)) as { sent: number; messages: Array<{ messageId: string; accepted: string[] }> };
      assert.equal(sent.sent, 1);
      assert.deepEqual(sent.messages[0]?.accepted, [dovecot.user]);
      const read = imap.operations.readMail!;
      const found = (await read.run(inbox, read.input.parse({ subject, bodies: true, attachments: true, markSeen: true }), context)) as { rows: MailRow[] };
      assert.equal(found.rows.length, 1);
      const [mail] = found.rows;
      assert.equal(mail?.messageId, sent.messages[0]?.messageId);
      assert.deepEqual(mail?.from, [{ name: 'Ziggy', address: 'ziggy@example.test' }]);
      assert.equal(mail?.text?.trim(), 'Attached.');
      assert.deepEqual(mail?.attachments, [{ filename: 'invoice.csv', contentType: 'text/csv', size: csv.length, content: Buffer.from(csv).toString('base64') }]);
      const again = (await read.run(inbox, read.input.parse({ subject, unseen: true }), context)) as { matched: number };
      assert.equal(again.matched, 0, 'markSeen took it off the unseen list');
    } finally {
      await smtp.closeClient(transport);
      await imap.closeClient(inbox);
    }
  });
});

describe('JavaScript Blocks with connections.mailer and connections.inbox', () => {
  let logsDir: string;
  let pool: RunnerPool;
  before(async () => {
    logsDir = await tempLogsDir();
    const resolution = testResolvers({ mailer: { type: 'smtp', dev: smtpConfig() }, inbox: { type: 'imap', dev: imapConfig() } });
    pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
  });
  after(async () => {
    await pool.close();
    await rm(logsDir, { recursive: true, force: true });
  });

  const run = (code: string, input: unknown) => pool.run({ code, inputs: [input], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

  test('a block sends with the nodemailer transport and another reads it back with the ImapFlow session, which the next run reuses', async () => {
    const subject = `From a block ${randomBytes(4).toString('hex')}`;
    const sent = await run(`async function (input) {
      const info = await connections.mailer.sendMail({ to: input.to, subject: input.subject, text: 'sent by sendMail' });
      return { accepted: info.accepted, messageId: info.messageId };
    }`, { to: dovecot.user, subject });
    assert.equal(sent.status, 'ok', JSON.stringify(sent.error));
    assert.deepEqual((sent.result as { accepted: string[] }).accepted, [dovecot.user]);
    const readCode = `async function (subject) {
      const lock = await connections.inbox.getMailboxLock('INBOX');
      try {
        const uids = await connections.inbox.search({ subject }, { uid: true });
        const messages = await connections.inbox.fetchAll(uids || [], { envelope: true }, { uid: true });
        return { subjects: messages.map((message) => message.envelope.subject), usable: connections.inbox.usable, id: connections.inbox.id };
      } finally {
        lock.release();
      }
    }`;
    const first = await run(readCode, subject);
    assert.equal(first.status, 'ok', JSON.stringify(first.error));
    const firstResult = first.result as { subjects: string[]; usable: boolean; id: string };
    assert.deepEqual(firstResult.subjects, [subject]);
    assert.equal(firstResult.usable, true);
    const second = await run(readCode, subject);
    assert.equal(second.status, 'ok', JSON.stringify(second.error));
    assert.equal((second.result as { id: string }).id, firstResult.id, 'the cached session is reused');
  });

  test('a session the server drops is replaced on the next run', async () => {
    const idCode = `async function () { const status = await connections.inbox.status('INBOX', { messages: true }); return { id: connections.inbox.id, messages: status.messages }; }`;
    const before = await run(idCode, null);
    assert.equal(before.status, 'ok', JSON.stringify(before.error));
    await dovecot.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await run(idCode, null);
    assert.equal(after.status, 'ok', JSON.stringify(after.error));
    assert.notEqual((after.result as { id: string }).id, (before.result as { id: string }).id);
  });
});
