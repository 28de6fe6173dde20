import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp-server.ts';
import { runConnectorContract } from '../contract.ts';
import type { SmtpTransport } from './client.ts';
import smtp from './index.ts';
import { smtpSchema } from './schema.ts';

// The real nodemailer against smtp-server listeners the tests start (test/smtp-server.ts): STARTTLS and implicit TLS, with a login.
let server: TestSmtp;
before(async () => {
  server = await startTestSmtp();
});
after(async () => server.stop());

const login = () => ({ user: server.user, pass: server.password });

runConnectorContract(smtp, {
  seedSource: `{ host: '127.0.0.1', port: '587', auth: { user: 'reports@example.com', pass: secrets.SMTP_PASSWORD } }`,
  seedExpected: { host: '127.0.0.1', port: 587, secure: false, auth: { user: 'reports@example.com', pass: 'dummy-SMTP_PASSWORD' } },
  live: async () => ({ host: '127.0.0.1', port: server.ports.starttls, requireTLS: true, auth: login(), tls: { ca: server.ca } }),
  refusedPort: (port) => ({ host: '127.0.0.1', port, auth: { user: 'someone', pass: 'x' } }),
  unknownHost: { host: 'nonexistent.invalid', port: 587 },
});

function check(config: Record<string, unknown>) {
  return smtp.testConnection(smtpSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

describe('SMTP connection test', () => {
  test('STARTTLS, implicit TLS and an OAuth2 token all test ok', async () => {
    const starttls = await check({ host: '127.0.0.1', port: server.ports.starttls, requireTLS: true, auth: login(), tls: { ca: server.ca } });
    assert.equal(starttls.ok, true, starttls.message);
    assert.equal(starttls.details?.tls, 'STARTTLS');
    const implicit = await check({ host: '127.0.0.1', port: server.ports.implicit, secure: true, auth: login(), tls: { ca: server.ca } });
    assert.equal(implicit.ok, true, implicit.message);
    assert.equal(implicit.details?.tls, 'implicit TLS');
    const oauth = await check({ host: '127.0.0.1', port: server.ports.implicit, secure: true, auth: { user: server.user, accessToken: server.accessToken }, tls: { ca: server.ca } });
    assert.equal(oauth.ok, true, oauth.message);
    assert.match(oauth.message, /OAuth2/);
  });

  test('a wrong password (535) is blamed on auth.pass and a wrong token on auth.accessToken, neither shown', async () => {
    const wrong = await check({ host: '127.0.0.1', port: server.ports.starttls, auth: { user: server.user, pass: 'not-the-password' }, tls: { ca: server.ca } });
    assert.equal(wrong.code, 'auth_failed', wrong.message);
    assert.equal(wrong.field, 'auth.pass');
    assert.match(wrong.message, /535/);
    assert.ok(!JSON.stringify(wrong).includes('not-the-password'));
    const token = await check({ host: '127.0.0.1', port: server.ports.implicit, secure: true, auth: { user: server.user, accessToken: 'expired-token-0042' }, tls: { ca: server.ca } });
    assert.equal(token.field, 'auth.accessToken', token.message);
    assert.ok(!JSON.stringify(token).includes('expired-token-0042'));
  });

  test('secure on a plain port is blamed on secure; an untrusted certificate on tls.ca, by STARTTLS and by implicit TLS', async () => {
    const mismatch = await check({ host: '127.0.0.1', port: server.ports.starttls, secure: true, auth: login(), tls: { ca: server.ca } });
    assert.equal(mismatch.code, 'tls_failed', mismatch.message);
    assert.equal(mismatch.field, 'secure');
    assert.match(mismatch.hint ?? '', /secure: false/);
    for (const config of [{ port: server.ports.starttls }, { port: server.ports.implicit, secure: true }]) {
      const untrusted = await check({ host: '127.0.0.1', ...config, auth: login() });
      assert.equal(untrusted.code, 'tls_failed', untrusted.message);
      assert.equal(untrusted.field, 'tls.ca');
    }
    const wrongName = await check({ host: '127.0.0.1', port: server.ports.implicit, secure: true, auth: login(), tls: { ca: server.ca, servername: 'mail.example.com' } });
    assert.equal(wrongName.field, 'tls.servername', wrongName.message);
  });

  test('ignoreTLS logs in without TLS on a server that allows it; requireTLS with ignoreTLS is refused', async () => {
    const plain = await check({ host: '127.0.0.1', port: server.ports.starttls, ignoreTLS: true, auth: login() });
    assert.equal(plain.ok, true, plain.message);
    assert.equal(plain.details?.tls, 'no TLS');
    const both = await smtp.testConnection({ host: '127.0.0.1', requireTLS: true, ignoreTLS: true } as never, { signal: new AbortController().signal, timeoutMs: 1000 });
    assert.equal(both.code, 'config_invalid');
    assert.equal(both.field, 'ignoreTLS');
  });
});

describe('Send Email on the test SMTP server', () => {
  let transport: SmtpTransport;
  const context = { signal: new AbortController().signal, log: () => undefined };
  before(async () => {
    transport = await smtp.createClient(smtpSchema.parse({ host: '127.0.0.1', port: server.ports.starttls, auth: login(), tls: { ca: server.ca }, from: 'Ziggy <ziggy@example.test>', pool: { maxConnections: 2 } }));
  });
  after(async () => smtp.closeClient(transport));

  const run = (params: unknown) => {
    const operation = smtp.operations.sendEmail;
    assert.ok(operation !== undefined);
    return operation.run(transport, operation.input.parse(params), context) as Promise<{ sent: number; messages: Array<{ row?: number; messageId?: string; accepted: string[]; rejected: string[]; error?: string }> }>;
  };

  test('one message with cc, bcc, text, html and two attachments arrives as written, the rejected recipient reported', async () => {
    const before = server.received.length;
    const result = await run({
      to: ['ann@example.test', `ghost@${server.rejectedDomain}`],
      cc: 'bob@example.test',
      bcc: 'audit@example.test',
      subject: 'Monthly report',
      text: 'See the attachments.',
      html: '<p>See the <b>attachments</b>.</p>',
      attachments: [
        { filename: 'report.csv', content: 'id,total\n1,42\n', contentType: 'text/csv' },
        { filename: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]).toString('base64'), encoding: 'base64', contentType: 'image/png' },
      ],
    });
    assert.equal(result.sent, 1);
    const [sent] = result.messages;
    assert.deepEqual(sent?.accepted, ['ann@example.test', 'bob@example.test', 'audit@example.test']);
    assert.deepEqual(sent?.rejected, [`ghost@${server.rejectedDomain}`]);
    assert.match(sent?.messageId ?? '', /^<.+@.+>$/);
    const arrived = server.received.slice(before);
    assert.equal(arrived.length, 1);
    assert.deepEqual(arrived[0]?.to, ['ann@example.test', 'bob@example.test', 'audit@example.test']);
    const parsed = await simpleParser(arrived[0]?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.subject, 'Monthly report');
    assert.equal(parsed.from?.text, '"Ziggy" <ziggy@example.test>');
    assert.equal(parsed.text?.trim(), 'See the attachments.');
    assert.equal(parsed.html, '<p>See the <b>attachments</b>.</p>');
    assert.equal(parsed.headers.get('bcc'), undefined, 'bcc stays off the message');
    assert.deepEqual(parsed.attachments.map((file) => [file.filename, file.contentType, file.content.toString('base64')]), [
      ['report.csv', 'text/csv', Buffer.from('id,total\n1,42\n').toString('base64')],
      ['logo.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]).toString('base64')],
    ]);
  });

  test('one message per row with $$field tokens filled (HTML-escaped in html); a row whose every recipient is refused is reported, not thrown', async () => {
    const before = server.received.length;
    const rows = Array.from({ length: 20 }, (_, index) => ({ email: `customer${index}@example.test`, name: `Customer <${index}>`, order: { id: 1000 + index } }));
    rows.push({ email: `lost@${server.rejectedDomain}`, name: 'Lost', order: { id: 9 } });
    const result = await run({ to: '$$email', subject: 'Order $$order.id', text: 'Dear $$name', html: '<p>Dear $$name</p>', rows });
    assert.equal(result.messages.length, 21);
    assert.equal(result.sent, 20);
    assert.deepEqual(result.messages[3], { ...result.messages[3], row: 3, accepted: ['customer3@example.test'], rejected: [] });
    assert.deepEqual(result.messages[20]?.accepted, []);
    assert.deepEqual(result.messages[20]?.rejected, [`lost@${server.rejectedDomain}`]);
    assert.match(result.messages[20]?.error ?? '', /550/);
    const arrived = await Promise.all(server.received.slice(before).map((message) => simpleParser(message.raw)));
    const seventh = arrived.find((parsed) => parsed.subject === 'Order 1007');
    assert.equal(seventh?.text?.trim(), 'Dear Customer <7>');
    assert.equal(seventh?.html, '<p>Dear Customer &lt;7&gt;</p>');
  });

  test('a row without a token’s field fails the block before anything is sent', async () => {
    const before = server.received.length;
    await assert.rejects(run({ to: '$$email', subject: 'x', text: 'y', rows: [{ email: 'a@example.test' }, { mail: 'b@example.test' }] }), /row 2 has no value for \$\$email/);
    assert.equal(server.received.length, before);
    assert.throws(() => smtp.operations.sendEmail?.input.parse({ to: 'a@example.test', subject: 'no body' }), /Give text, html or both/);
  });

  test('a wrong password fails the block with nodemailer’s 535, the password not in it', async () => {
    const wrong = await smtp.createClient(smtpSchema.parse({ host: '127.0.0.1', port: server.ports.starttls, auth: { user: server.user, pass: 'not-it-9931' }, tls: { ca: server.ca } }));
    try {
      await assert.rejects(
        smtp.operations.sendEmail!.run(wrong, smtp.operations.sendEmail!.input.parse({ to: 'a@example.test', from: 'z@example.test', text: 'x' }), context),
        (error: Error) => /535/.test(error.message) && !error.message.includes('not-it-9931'),
      );
    } finally {
      await smtp.closeClient(wrong);
    }
  });
});
