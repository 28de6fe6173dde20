import { z } from 'zod';

/**
 * Config pieces that several connection types share word for word, so their fields, checks and
 * docs stay the same: TLS options of a client, and a login by password or OAuth2 access token.
 */

/** TLS options for a client that connects by implicit TLS or upgrades by STARTTLS (Node's tls.connect options). */
export const tlsClientSchema = z
  .strictObject({
    ca: z.string().min(1).optional().describe('CA certificate(s) that signed the server certificate as PEM text, for a private CA.'),
    rejectUnauthorized: z.boolean().default(true).describe('Check the server certificate; false only for a throwaway test server.'),
    servername: z.string().min(1).optional().describe('Name to check the certificate against, when it differs from host.'),
    minVersion: z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).optional().describe('Lowest TLS version to accept.'),
  })
  .describe('TLS options, for secure and for STARTTLS.');

/** A user with exactly one of a password and an OAuth2 access token; `mechanisms` names how each is sent, for the docs. */
export function passwordOrTokenLogin(mechanisms: { password: string; token: string }) {
  return z
    .strictObject({
      user: z.string().min(1).describe('The login name, often the mailbox address.'),
      pass: z.string().min(1).optional().describe(`The password (${mechanisms.password}); reference a secret.`),
      accessToken: z
        .string()
        .min(1)
        .optional()
        .describe(`An OAuth2 access token (${mechanisms.token}) instead of a password; reference a secret. It is not refreshed.`),
    })
    .refine((value) => (value.pass === undefined) !== (value.accessToken === undefined), { message: 'Give exactly one of pass and accessToken.', path: ['pass'] });
}
