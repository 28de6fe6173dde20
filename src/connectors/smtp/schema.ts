import { z } from 'zod';
import { passwordOrTokenLogin, tlsClientSchema } from '../../core/index.ts';

const auth = passwordOrTokenLogin({ password: 'AUTH PLAIN or LOGIN', token: 'AUTH XOAUTH2' }).describe('How to log in; leave out for a relay that needs no login.');

const pool = z
  .strictObject({
    maxConnections: z.coerce.number().int().min(1).max(100).default(5).describe('Most connections open to the server at once.'),
    maxMessages: z.coerce.number().int().min(1).max(100_000).default(100).describe('Messages sent over one connection before it is replaced.'),
  })
  .describe('The pooled transport’s limits.');

/**
 * One SMTP server (a relay or a provider's submission endpoint). Unknown keys are refused so
 * typos are caught. TLS is `secure` (implicit, port 465) or STARTTLS (port 587, when the server
 * offers it; `requireTLS` insists on it).
 */
export const smtpSchema = z
  .strictObject({
    host: z.string().min(1).describe('Host name or IP of the SMTP server.'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe("TCP port; default 587, or 465 with secure. A string such as '587' is accepted."),
    secure: z.boolean().default(false).describe('TLS from the first byte (implicit TLS, usually port 465); false for STARTTLS or plain.'),
    requireTLS: z.boolean().default(false).describe('Insist on STARTTLS: fail when the server does not offer it.'),
    ignoreTLS: z.boolean().default(false).describe('Never use STARTTLS, even when offered (a trusted local relay only).'),
    auth: auth.optional(),
    from: z.string().min(1).optional().describe("Default sender for the Send Email block, e.g. 'Reports <reports@example.com>'."),
    name: z.string().min(1).optional().describe('The name this hub gives in EHLO; default: the machine’s host name.'),
    tls: tlsClientSchema.optional(),
    pool: pool.default({ maxConnections: 5, maxMessages: 100 }),
    timeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000).describe('Longest the connection, the greeting and each reply may take, ms.'),
  })
  .refine((config) => !(config.requireTLS && config.ignoreTLS), { message: 'requireTLS and ignoreTLS contradict each other; keep one.', path: ['ignoreTLS'] });

export type SmtpConfig = z.output<typeof smtpSchema>;

/** The port the transport will use: given, or nodemailer's default for the TLS mode. */
export function portOf(config: SmtpConfig): number {
  return config.port ?? (config.secure ? 465 : 587);
}
