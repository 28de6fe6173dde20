import { z } from 'zod';

/** Users write numbers as strings (`port: '5432'`); accept digit strings, refuse anything else that is not a number. */
function digitsToNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

const wholeNumber = z.preprocess(digitsToNumber, z.number().int().min(0));

const tlsOptions = z.strictObject({
  rejectUnauthorized: z
    .boolean()
    .optional()
    .describe('Check the server certificate against trusted certificate authorities (default true). Turn off only for testing.'),
  ca: z.string().optional().describe("PEM text of the certificate authority to trust, e.g. your cloud provider's root certificate."),
  cert: z.string().optional().describe('PEM text of the client certificate, for certificate login.'),
  key: z.string().optional().describe('PEM text of the private key of the client certificate.'),
  servername: z.string().optional().describe('Name the certificate must be issued to, when it differs from host.'),
});

/**
 * The documented `pg.Pool` options people use; unknown keys are refused so a typo such as
 * `hots` is reported instead of silently ignored.
 */
export const postgresSchema = z
  .strictObject({
    host: z.string().min(1).optional().describe('Host name or IP address of the server. Required unless connectionString is given.'),
    port: z
      .preprocess(digitsToNumber, z.number().int().min(1).max(65535))
      .default(5432)
      .describe("TCP port of the server; a string such as '5432' is accepted."),
    user: z.string().min(1).optional().describe('Database role to log in as.'),
    password: z.string().optional().describe('Password of the role; reference a secret, e.g. secrets.POSTGRES_PASSWORD.'),
    database: z.string().min(1).optional().describe('Database to open; the server defaults to one named like the user.'),
    ssl: z
      .union([z.boolean(), tlsOptions])
      .optional()
      .describe('TLS: true to require it with certificate checks, or an object of TLS options.'),
    connectionString: z
      .string()
      .min(1)
      .optional()
      .describe('A postgres:// URL instead of host, port, user, password and database; parts given in the URL win over those fields.'),
    max: z.preprocess(digitsToNumber, z.number().int().min(1)).default(10).describe('Most connections the pool keeps open at once.'),
    idleTimeoutMillis: wholeNumber
      .optional()
      .describe('Milliseconds an unused connection stays open before the pool closes it (pg default 10000; 0 keeps it).'),
    connectionTimeoutMillis: wholeNumber
      .default(10000)
      .describe('Milliseconds to wait for a new connection before giving up; 0 waits forever.'),
    statement_timeout: wholeNumber
      .optional()
      .describe('Milliseconds the server lets one statement run before cancelling it; 0 means no limit.'),
    query_timeout: wholeNumber.optional().describe('Milliseconds the client waits for a query result before failing it.'),
    keepAlive: z.boolean().optional().describe('Send TCP keep-alive packets on idle connections, so firewalls do not drop them.'),
    application_name: z.string().default('ziggy').describe('Name the server shows for these connections, e.g. in pg_stat_activity.'),
  })
  .refine((config) => config.host !== undefined || config.connectionString !== undefined, {
    message: 'Give host (with user, password and database) or connectionString.',
    path: ['host'],
  });

export type PostgresConfig = z.output<typeof postgresSchema>;
