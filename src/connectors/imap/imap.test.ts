import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { startTestDovecot, type TestDovecot } from '../../../test/dovecot.ts';
import type { ZiggyError } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import imap from './index.ts';
import type { MailRow } from './operations/read-mail.ts';
import { imapSchema } from './schema.ts';

// The real imapflow against a Dovecot the tests start (test/dovecot.ts): STARTTLS on its imap port, implicit TLS on imaps.
let dovecot: TestDovecot;
before(async () => {
  dovecot = await startTestDovecot();
});
after(async () => dovecot.stop());

const login = () => ({ user: dovecot.user, pass: dovecot.password });
const imaps = () => ({ host: '127.0.0.1', port: dovecot.ports.imaps, auth: login(), tls: { ca: dovecot.ca } });

runConnectorContract(imap, {
  seedSource: `{ host: '127.0.0.1', port: '993', auth: { user: 'orders@example.com', pass: secrets.IMAP_PASSWORD } }`,
  seedExpected: { host: '127.0.0.1', port: 993, secure: true, auth: { user: 'orders@example.com', pass: 'dummy-IMAP_PASSWORD' } },
  live: async () => imaps(),
  refusedPort: (port) => ({ host: '127.0.0.1', port, secure: false, auth: { user: 'someone', pass: 'x' } }),
  unknownHost: { host: 'nonexistent.invalid', auth: { user: 'someone', pass: 'x' } },
});

function check(config: Record<string, unknown>) {
  return imap.testConnection(imapSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

describe('IMAP connection test', () => {
  test('Dovecot starts in well under a second', () => {
    assert.ok(dovecot.startMs < 1000, `dovecot took ${dovecot.startMs} ms to listen`);
  });

  test('implicit TLS and required STARTTLS log in, list the mailboxes and report the server', async () => {
    const implicit = await check(imaps());
    assert.equal(implicit.ok, true, implicit.message);
    assert.deepEqual(implicit.steps.map((step) => step.name), ['connect, TLS and login', 'list mailboxes']);
    assert.equal(implicit.details?.mailboxes, 1);
    assert.equal(implicit.details?.server, 'Dovecot');
    assert.equal(implicit.details?.tls, true);
    assert.match(String(implicit.details?.capabilities), /\bIMAP4rev1\b/);
    const starttls = await check({ ...imaps(), port: dovecot.ports.imap, secure: false, requireTLS: true });
    assert.equal(starttls.ok, true, starttls.message);
    assert.equal(starttls.details?.tls, true);
    const plain = await check({ ...imaps(), port: dovecot.ports.imap, secure: false, ignoreTLS: true });
    assert.equal(plain.ok, true, plain.message);
    assert.equal(plain.details?.tls, false);
  });

  test('a wrong password (AUTHENTICATIONFAILED) is blamed on auth.pass, without showing it', async () => {
    const wrong = await check({ ...imaps(), auth: { user: dovecot.user, pass: 'not-the-password' } });
    assert.equal(wrong.code, 'auth_failed', wrong.message);
    assert.equal(wrong.field, 'auth.pass');
    assert.ok(!JSON.stringify(wrong).includes('not-the-password'));
    const unknownUser = await check({ ...imaps(), auth: { user: 'nobody@example.test', pass: dovecot.password } });
    assert.equal(unknownUser.code, 'auth_failed');
    assert.ok(!JSON.stringify(unknownUser).includes(dovecot.password));
  });

  test('secure on the plain port is blamed on secure, an untrusted certificate on tls.ca, a wrong name on tls.servername', async () => {
    const mismatch = await check({ ...imaps(), port: dovecot.ports.imap });
    assert.equal(mismatch.code, 'tls_failed', mismatch.message);
    assert.equal(mismatch.field, 'secure');
    assert.match(mismatch.hint ?? '', /secure: false/);
    for (const config of [{ port: dovecot.ports.imaps }, { port: dovecot.ports.imap, secure: false }]) {
      const untrusted = await check({ host: '127.0.0.1', auth: login(), ...config });
      assert.equal(untrusted.code, 'tls_failed', untrusted.message);
      assert.equal(untrusted.field, 'tls.ca');
    }
    const wrongName = await check({ ...imaps(), tls: { ca: dovecot.ca, servername: 'mail.example.com' } });
    assert.equal(wrongName.field, 'tls.servername', wrongName.message);
  });

  test('plain IMAP on the TLS port (the server waits for a handshake) is blamed on secure', async () => {
    const silent = await imap.testConnection(imapSchema.parse({ ...imaps(), secure: false, timeoutMs: 300 }), { signal: new AbortController().signal, timeoutMs: 5000 });
    assert.equal(silent.code, 'timeout', silent.message);
    assert.equal(silent.field, 'secure');
  });
});

describe('Read Mail on the Dovecot mailbox', () => {
  let client: ImapFlow;
  const context = { signal: new AbortController().signal, log: () => undefined };
  const stamp = Date.now().toString(36);

  const compose = async (fields: Record<string, unknown>): Promise<Buffer> => {
    const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(fields);
    return info.message as Buffer;
  };

  before(async () => {
    for (let index = 0; index < 12; index++) {
      await dovecot.deliver(await compose({ from: index % 3 === 0 ? 'Billing <billing@shop.test>' : 'news@other.test', to: dovecot.user, subject: `${stamp} message ${index}`, text: `body ${index}` }));
    }
    await dovecot.deliver(
      await compose({
        from: 'Billing <billing@shop.test>',
        to: dovecot.user,
        cc: 'cc@shop.test',
        subject: `${stamp} invoice`,
        text: 'Your invoice is attached.',
        html: '<p>Your invoice is <i>attached</i>.</p>',
        attachments: [
          { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 tiny'), contentType: 'application/pdf' },
          { filename: 'big.bin', content: Buffer.alloc(4096, 7), contentType: 'application/octet-stream' },
        ],
      }),
    );
    client = await imap.createClient(imapSchema.parse(imaps()));
  });
  after(async () => imap.closeClient(client));

  const run = (params: unknown) => {
    const operation = imap.operations.readMail;
    assert.ok(operation !== undefined);
    return operation.run(client, operation.input.parse(params), context) as Promise<{ mailbox: string; matched: number; rows: MailRow[] }>;
  };

  test('a search by from returns the newest matches first with envelopes only, and limit keeps the newest', async () => {
    const result = await run({ from: 'billing@shop.test', limit: 3 });
    assert.equal(result.matched, 5);
    assert.deepEqual(result.rows.map((row) => row.subject), [`${stamp} invoice`, `${stamp} message 9`, `${stamp} message 6`]);
    const [invoice] = result.rows;
    assert.deepEqual(invoice?.from, [{ name: 'Billing', address: 'billing@shop.test' }]);
    assert.deepEqual(invoice?.cc, [{ name: '', address: 'cc@shop.test' }]);
    assert.match(invoice?.messageId ?? '', /^<.+>$/);
    assert.equal(invoice?.text, undefined, 'no body unless asked');
    assert.ok(!invoice?.flags.includes('\\Seen'), 'a read-only search does not mark seen');
  });

  test('bodies and attachments come parsed, attachment content as base64 up to the size limit', async () => {
    const result = await run({ subject: `${stamp} invoice`, bodies: true, attachments: true, maxAttachmentBytes: 1000 });
    assert.equal(result.rows.length, 1);
    const [invoice] = result.rows;
    assert.equal(invoice?.text?.trim(), 'Your invoice is attached.');
    assert.equal(invoice?.html, '<p>Your invoice is <i>attached</i>.</p>');
    assert.deepEqual(invoice?.attachments, [
      { filename: 'invoice.pdf', contentType: 'application/pdf', size: 13, content: Buffer.from('%PDF-1.4 tiny').toString('base64') },
      { filename: 'big.bin', contentType: 'application/octet-stream', size: 4096, content: null },
    ]);
  });

  test('markSeen marks what was returned, so an unseen search does not return it again; since filters by day', async () => {
    const first = await run({ unseen: true, subject: `${stamp} message`, limit: 5, markSeen: true });
    assert.equal(first.rows.length, 5);
    assert.ok(first.rows.every((row) => row.flags.includes('\\Seen')));
    const second = await run({ unseen: true, subject: `${stamp} message` });
    assert.equal(second.matched, 7);
    assert.ok(second.rows.every((row) => !first.rows.some((seen) => seen.uid === row.uid)));
    const future = await run({ since: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) });
    assert.equal(future.matched, 0);
    const today = await run({ since: new Date().toISOString().slice(0, 10), limit: 100 });
    assert.equal(today.matched, 13);
  });

  test('a mailbox that does not exist fails the block naming it', async () => {
    await assert.rejects(run({ mailbox: 'Archive' }), (error: ZiggyError) => error.id === 'not_found' && /mailbox "Archive".*doesn't exist/i.test(error.message));
    await assert.rejects(run({ mailbox: 'No/Such' }), (error: ZiggyError) => error.id === 'bad_input' && /must not have '\/'/.test(error.message));
    assert.equal(client.usable, true, 'the session is still usable after a refused mailbox');
  });

  test('a session is alive until the server drops it; then the cache must replace it', async () => {
    const session = await imap.createClient(imapSchema.parse(imaps()));
    assert.equal(imap.isClientAlive?.(session), true);
    const closed = new Promise((resolve) => session.once('close', resolve));
    await dovecot.kick();
    await closed;
    assert.equal(imap.isClientAlive?.(session), false);
    await imap.closeClient(session);
  });
});
