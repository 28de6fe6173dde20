import nodemailer from 'nodemailer';
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
import { transportOptions } from './client.ts';
import { portOf, smtpSchema, type SmtpConfig } from './schema.ts';

const concealed = ['auth.pass', 'auth.accessToken'];

/**
 * nodemailer's `verify()` on a transport of its own (not pooled): connect, TLS (implicit or
 * STARTTLS), EHLO and the login, then QUIT. Nothing is sent.
 */
export function testSmtp(config: SmtpConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = smtpSchema.parse(config);
      const transport = nodemailer.createTransport(transportOptions(valid));
      return closingClient(signal, async () => transport.close(), async () => {
        await step(valid.auth === undefined ? 'connect, TLS and EHLO' : 'connect, TLS, EHLO and login', () => transport.verify());
        const tlsMode = valid.secure ? 'implicit TLS' : valid.ignoreTLS ? 'no TLS' : valid.requireTLS ? 'STARTTLS' : 'STARTTLS when offered';
        const login = valid.auth === undefined ? 'no login' : `logged in as ${valid.auth.user}${valid.auth.accessToken === undefined ? '' : ' (OAuth2)'}`;
        return {
          message: `The SMTP server at ${valid.host}:${portOf(valid)} answered (${tlsMode}, ${login}).`,
          details: { tls: tlsMode, authenticated: valid.auth !== undefined },
        };
      });
    },
    (error) => classifySmtpError(error, config),
    { conceal: valuesAt(config, concealed) },
  );
}

const networkCodes = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET)\b/;
const certificateProblem = /certificate|self[- ]signed|unable to verify|unable to get (local )?issuer/i;

/**
 * nodemailer replaces the socket error's own code with its kind (ESOCKET, EDNS, EAUTH, ETLS),
 * keeping the original text, so the cause is read back from the message.
 */
export function classifySmtpError(error: unknown, config: unknown): TestFailure {
  const message = error instanceof Error ? error.message : String(error);
  const facts = error as { code?: unknown; responseCode?: unknown };
  const usesToken = valuesAt(config, ['auth.accessToken']).length > 0;
  if (facts.code === 'EAUTH' || facts.responseCode === 535) {
    return {
      code: 'auth_failed',
      message: `The SMTP server refused the login (${facts.responseCode ?? 'EAUTH'}).`,
      field: usesToken ? 'auth.accessToken' : 'auth.pass',
      hint: usesToken ? 'The access token is wrong or expired, or not for auth.user.' : 'Check auth.pass, and that auth.user is the login the provider expects (often the full address).',
    };
  }
  if (/altnames|does not match certificate/i.test(message)) {
    return { code: 'tls_failed', message: 'The server certificate is not for this host name.', field: 'tls.servername', hint: 'Connect by the name the certificate names, or set tls.servername to it.' };
  }
  if (certificateProblem.test(message)) {
    return {
      code: 'tls_failed',
      message: `The SMTP server's certificate is not trusted: ${message.split(';')[0]}.`,
      field: 'tls.ca',
      hint: 'Give the CA that signed it in tls.ca (PEM text).',
    };
  }
  if (/wrong version number|packet length too long|unknown protocol|http request/i.test(message)) {
    const secure = typeof config === 'object' && config !== null && (config as { secure?: unknown }).secure === true;
    return {
      code: 'tls_failed',
      message: 'The server did not answer the TLS handshake with TLS.',
      field: 'secure',
      hint: secure ? 'This port speaks plain SMTP: set secure: false (STARTTLS, usually port 587), or use the implicit TLS port (usually 465).' : 'Check the TLS settings.',
    };
  }
  if (facts.code === 'ETLS' || /STARTTLS/i.test(message)) {
    return { code: 'tls_failed', message: `STARTTLS failed: ${message}`, field: 'requireTLS', hint: 'The server may not offer STARTTLS; use secure: true on its TLS port, or drop requireTLS for a trusted relay.' };
  }
  const underlying = networkCodes.exec(message)?.[1];
  const network = classifyNetworkError({ code: underlying ?? facts.code, message }, { host: 'host', port: 'port', tls: 'secure' }, endpointTarget(config));
  if (network !== undefined) return network;
  if (/Greeting never received/i.test(message)) {
    return { code: 'timeout', message: 'The server accepted the connection but never greeted.', field: 'host', hint: 'A port that expects TLS from the first byte (usually 465) stays silent without secure: true; else check host and port.' };
  }
  return unexpectedFailure(error);
}

function endpointTarget(config: unknown): { host?: string; port?: number } {
  const parsed = smtpSchema.safeParse(config);
  return parsed.success ? { host: parsed.data.host, port: portOf(parsed.data) } : {};
}
