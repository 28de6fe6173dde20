import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';
import { makeTestCertificates } from './support/certificates.ts';

/** A message the test SMTP server accepted: its envelope and its raw RFC 5322 text. */
export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: Buffer;
}

/** Hands an accepted message on, e.g. to Dovecot's LDA; a rejection fails the DATA command. */
export type Delivery = (message: ReceivedMessage) => Promise<void>;

/**
 * Two `smtp-server` listeners on loopback with the same user: `starttls` (plain, offers STARTTLS,
 * and allows login without it so `ignoreTLS` can be tried) and `implicit` (TLS from the first byte),
 * both with a certificate signed by `ca`. Recipients at `rejectedDomain` are refused with 550.
 */
export interface TestSmtp {
  host: '127.0.0.1';
  ports: { starttls: number; implicit: number };
  user: string;
  password: string;
  /** Accepted by XOAUTH2 for `user`. */
  accessToken: string;
  ca: string;
  rejectedDomain: string;
  received: ReceivedMessage[];
  stop(): Promise<void>;
}

const rejectedDomain = 'nobody.invalid';

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client that drops the connection mid-TLS (a failing test) is not the server's failure.
  server.on('error', () => undefined);
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp-server has no port');
  return address.port;
}

function close(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts the two listeners; `deliver`, when given, runs for every accepted message before the server answers DATA. */
export async function startTestSmtp(deliver?: Delivery): Promise<TestSmtp> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ziggy-smtp-'));
  const certificates = await makeTestCertificates(directory);
  const user = 'sender@example.test';
  const password = randomBytes(12).toString('base64url');
  const accessToken = randomBytes(16).toString('base64url');
  const received: ReceivedMessage[] = [];

  const onAuth = (auth: SMTPServerAuthentication, _session: unknown, callback: (error: Error | null, response?: { user: string }) => void): void => {
    const valid = auth.username === user && (auth.method === 'XOAUTH2' ? auth.accessToken === accessToken : auth.password === password);
    if (valid) callback(null, { user });
    else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  };
  const options: SMTPServerOptions = {
    key: certificates.keyPem,
    cert: certificates.certPem,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    closeTimeout: 1000,
    onAuth,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith(`@${rejectedDomain}`)) callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const message = { from, to: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks) };
        received.push(message);
        (deliver ?? (async () => undefined))(message).then(() => callback(), (error: Error) => callback(error));
      });
    },
  };
  const starttls = new SMTPServer(options);
  const implicit = new SMTPServer({ ...options, secure: true });
  const ports = { starttls: await listen(starttls), implicit: await listen(implicit) };
  return {
    host: '127.0.0.1',
    ports,
    user,
    password,
    accessToken,
    ca: certificates.caPem,
    rejectedDomain,
    received,
    async stop() {
      await Promise.all([close(starttls), close(implicit)]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
