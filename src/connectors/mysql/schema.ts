import { z } from 'zod';

/** Users write numbers as strings (`port: '3306'`); accept digit strings, refuse anything else that is not a number. */
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
 * The documented `mysql2` pool options people use; unknown keys are refused so a typo such as
 * `hots` is reported instead of silently ignored.
 */
export const mysqlSchema = z.strictObject({
  host: z.string().min(1).describe('Host name or IP address of the MySQL or MariaDB server.'),
  port: z
    .preprocess(digitsToNumber, z.number().int().min(1).max(65535))
    .default(3306)
    .describe("TCP port of the server; a string such as '3306' is accepted."),
  user: z.string().min(1).describe('Account to log in as (the user part of user@host).'),
  password: z.string().optional().describe('Password of the account; reference a secret, e.g. secrets.MYSQL_PASSWORD.'),
  database: z.string().min(1).optional().describe('Database (schema) to use; without it, tables must be named with their database.'),
  ssl: z
    .union([z.boolean(), tlsOptions])
    .optional()
    .describe('TLS: true to require it with certificate checks, or an object of TLS options.'),
  timezone: z
    .string()
    .regex(/^(local|Z|[+-]\d{2}:\d{2})$/, "Give 'local', 'Z' or an offset such as '+02:00'.")
    .default('Z')
    .describe("Time zone DATETIME and TIMESTAMP values are read and written in: 'Z' (UTC), 'local' or an offset such as '+02:00'."),
  charset: z
    .string()
    .min(1)
    .default('utf8mb4')
    .describe('Character set (or collation, e.g. utf8mb4_unicode_ci) of the connection; utf8mb4 holds every Unicode character.'),
  connectionLimit: z.preprocess(digitsToNumber, z.number().int().min(1)).default(10).describe('Most connections the pool keeps open at once.'),
  connectTimeout: wholeNumber.default(10000).describe('Milliseconds to wait for a new connection before giving up.'),
  idleTimeout: wholeNumber.optional().describe('Milliseconds an unused connection stays open before the pool closes it (mysql2 default 60000).'),
  enableKeepAlive: z.boolean().optional().describe('Send TCP keep-alive packets on idle connections, so firewalls do not drop them.'),
  multipleStatements: z
    .boolean()
    .default(false)
    .describe("Allow several statements separated by semicolons in one query (and in the raw operation). Off by default: it makes SQL injection worse."),
  decimalNumbers: z.boolean().optional().describe('Return DECIMAL values as JavaScript numbers instead of strings (may lose precision).'),
  dateStrings: z.boolean().optional().describe('Return DATE, DATETIME and TIMESTAMP values as strings instead of Date objects.'),
});

export type MysqlConfig = z.output<typeof mysqlSchema>;
