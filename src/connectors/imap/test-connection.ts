import { ImapFlow } from 'imapflow';
import {
  classifyNetworkError,
  closingClient,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { clientOptions } from './client.ts';
import { imapSchema, portOf, type ImapConfig } from './schema.ts';

const concealed = ['auth.pass', 'auth.accessToken'];

/** Connects (TLS or STARTTLS), logs in and lists the mailboxes; reports their count, the server's ID and capabilities. */
export function testImap(config: ImapConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = imapSchema.parse(config);
      const client = new ImapFlow(clientOptions(valid));
      // Failures come back from connect(); the event would otherwise be unhandled and end the process.
      client.on('error', () => undefined);
      return closingClient(signal, async () => (client.usable ? client.logout().catch(() => client.close()) : client.close()), async () => {
        await step('connect, TLS and login', () => client.connect());
        const mailboxes = await step('list mailboxes', () => client.list());
        const server = [client.serverInfo?.name, client.serverInfo?.version].filter(Boolean).join(' ') || 'an IMAP server';
        return {
          message: `Logged in to ${server} at ${valid.host}:${portOf(valid)} as ${valid.auth.user}; ${mailboxes.length} mailbox(es).`,
          details: {
            mailboxes: mailboxes.length,
            server,
            capabilities: [...client.capabilities.keys()].join(' '),
            tls: client.secureConnection,
          },
        };
      });
    },
    (error) => classifyImapError(error, config),
    { conceal: valuesAt(config, concealed) },
  );
}

const certificateCodes = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/;

export function classifyImapError(error: unknown, config: unknown): TestFailure {
  const facts = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; authenticationFailed?: unknown; message?: unknown; responseText?: unknown };
  const code = typeof facts.code === 'string' ? facts.code : '';
  const usesToken = valuesAt(config, ['auth.accessToken']).length > 0;
  const secure = typeof config === 'object' && config !== null && (config as { secure?: unknown }).secure !== false;
  if (facts.authenticationFailed === true) {
    return {
      code: 'auth_failed',
      message: `The IMAP server refused the login${typeof facts.responseText === 'string' ? `: ${facts.responseText}` : '.'}`,
      field: usesToken ? 'auth.accessToken' : 'auth.pass',
      hint: usesToken ? 'The access token is wrong or expired, or not for auth.user.' : 'Check auth.pass, and that auth.user is the login the provider expects (often the full address); some providers want an app password.',
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { code: 'tls_failed', message: 'The server certificate is not for this host name.', field: 'tls.servername', hint: 'Connect by the name the certificate names, or set tls.servername to it.' };
  }
  if (certificateCodes.test(code)) {
    return { code: 'tls_failed', message: `The IMAP server's certificate is not trusted (${code}).`, field: 'tls.ca', hint: 'Give the CA that signed it in tls.ca (PEM text).' };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return {
      code: 'tls_failed',
      message: 'The server did not answer the TLS handshake with TLS.',
      field: 'secure',
      hint: secure ? 'This port speaks plain IMAP: set secure: false (STARTTLS, usually port 143), or use the TLS port (usually 993).' : 'Check the TLS settings.',
    };
  }
  if (code === 'GREETING_TIMEOUT') {
    return {
      code: 'timeout',
      message: 'The server accepted the connection but never greeted.',
      field: secure ? 'host' : 'secure',
      hint: secure ? 'Check host and port.' : 'A port that expects TLS from the first byte (usually 993) stays silent without secure: true.',
    };
  }
  if (/STARTTLS/i.test(String(facts.message))) {
    return { code: 'tls_failed', message: `STARTTLS failed: ${String(facts.message)}`, field: 'requireTLS', hint: 'The server may not offer STARTTLS; use secure: true on its TLS port.' };
  }
  return classifyNetworkError(error, { host: 'host', port: 'port', tls: 'secure' }, endpointTarget(config)) ?? unexpectedFailure(error);
}

function endpointTarget(config: unknown): { host?: string; port?: number } {
  const parsed = imapSchema.safeParse(config);
  return parsed.success ? { host: parsed.data.host, port: portOf(parsed.data) } : {};
}
