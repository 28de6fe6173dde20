import { z } from 'zod';
import { passwordOrTokenLogin, tlsClientSchema } from '../../core/index.ts';

const auth = passwordOrTokenLogin({ password: 'LOGIN or AUTH PLAIN', token: 'XOAUTH2 / OAUTHBEARER' }).describe('How to log in.');

/**
 * One IMAP mailbox account. Unknown keys are refused so typos are caught. TLS is `secure`
 * (implicit, port 993, the default) or STARTTLS on port 143 (`requireTLS` insists on it).
 */
export const imapSchema = z
  .strictObject({
    host: z.string().min(1).describe('Host name or IP of the IMAP server.'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe("TCP port; default 993, or 143 with secure: false. A string such as '993' is accepted."),
    secure: z.boolean().default(true).describe('TLS from the first byte (implicit TLS, usually port 993); false for STARTTLS or plain (port 143).'),
    requireTLS: z.boolean().default(false).describe('With secure: false, insist on STARTTLS: fail when the server does not offer it.'),
    ignoreTLS: z.boolean().default(false).describe('With secure: false, never use STARTTLS, even when offered (a trusted local server only).'),
    auth,
    tls: tlsClientSchema.optional(),
    timeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000).describe('Longest the connection and the greeting may take, ms.'),
  })
  .refine((config) => !(config.requireTLS && config.ignoreTLS), { message: 'requireTLS and ignoreTLS contradict each other; keep one.', path: ['ignoreTLS'] });

export type ImapConfig = z.output<typeof imapSchema>;

/** The port the client will use: given, or the IMAP default for the TLS mode. */
export function portOf(config: ImapConfig): number {
  return config.port ?? (config.secure ? 993 : 143);
}
