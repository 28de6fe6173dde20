import { z } from 'zod';

/** Users write numbers as strings (`port: '1433'`); accept digit strings, refuse anything else that is not a number. */
function digitsToNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

const wholeNumber = z.preprocess(digitsToNumber, z.number().int().min(0));

const entraPassword = z.strictObject({
  type: z.literal('azure-active-directory-password').describe('Log in as a Microsoft Entra ID (Azure AD) user with a password.'),
  options: z
    .strictObject({
      userName: z.string().min(1).describe('Entra ID user name, e.g. etl@contoso.com.'),
      password: z.string().min(1).describe('Password of the Entra ID user; reference a secret.'),
      clientId: z.string().min(1).describe('Application (client) id of the app registration the login goes through.'),
      tenantId: z.string().min(1).optional().describe('Directory (tenant) id; without it the common tenant is asked.'),
    })
    .describe('Who logs in.'),
});

const entraServicePrincipal = z.strictObject({
  type: z
    .literal('azure-active-directory-service-principal-secret')
    .describe('Log in as a Microsoft Entra ID (Azure AD) service principal with a client secret.'),
  options: z
    .strictObject({
      clientId: z.string().min(1).describe('Application (client) id of the service principal.'),
      clientSecret: z.string().min(1).describe('Client secret of the service principal; reference a secret.'),
      tenantId: z.string().min(1).describe('Directory (tenant) id the service principal belongs to.'),
    })
    .describe('Which service principal logs in.'),
});

const options = z
  .strictObject({
    encrypt: z
      .union([z.boolean(), z.literal('strict')])
      .default(true)
      .describe("Encrypt the connection with TLS (default true, required by Azure SQL); 'strict' for TDS 8.0 strict encryption."),
    trustServerCertificate: z
      .boolean()
      .default(false)
      .describe("Accept the server's certificate without checking it (e.g. a self-signed one). Only for testing."),
    instanceName: z
      .string()
      .min(1)
      .optional()
      .describe('Named instance to connect to, e.g. SQLEXPRESS; its port is asked from the SQL Browser service (UDP 1434), so port is not used.'),
    appName: z.string().min(1).optional().describe('Application name the server shows for the session (default node-mssql).'),
    readOnlyIntent: z.boolean().optional().describe('Ask for a read-only replica of an Always On availability group.'),
    multiSubnetFailover: z.boolean().optional().describe('Connect faster to an availability group listener spread over subnets.'),
    useUTC: z.boolean().optional().describe('Read and write date and time values as UTC (default true).'),
    abortTransactionOnError: z.boolean().optional().describe('Roll back the whole transaction when a statement in it fails (SET XACT_ABORT ON).'),
  })
  .default({ encrypt: true, trustServerCertificate: false })
  .describe('Driver options (tedious): TLS, named instance and session settings.');

const pool = z
  .strictObject({
    max: z.preprocess(digitsToNumber, z.number().int().min(1)).default(10).describe('Most connections the pool keeps open at once.'),
    min: wholeNumber.default(0).describe('Connections the pool keeps open even when idle.'),
    idleTimeoutMillis: wholeNumber.default(30000).describe('Milliseconds an unused connection stays open before the pool closes it.'),
  })
  .default({ max: 10, min: 0, idleTimeoutMillis: 30000 })
  .describe('Connection pool settings.');

/**
 * The documented `mssql` config people use; unknown keys are refused so a typo such as `sever`
 * is reported instead of silently ignored. A SQL Server login (user, password), a Windows login
 * (with domain), or an Entra ID login (authentication).
 */
export const mssqlSchema = z
  .strictObject({
    server: z.string().min(1).describe('Host name or IP address of the SQL Server, e.g. db.internal or myserver.database.windows.net.'),
    port: z
      .preprocess(digitsToNumber, z.number().int().min(1).max(65535))
      .default(1433)
      .describe("TCP port of the server; a string such as '1433' is accepted. Not used with options.instanceName."),
    user: z.string().min(1).optional().describe('SQL Server login (or Windows user, with domain) to log in as.'),
    password: z.string().optional().describe('Password of the login; reference a secret, e.g. secrets.MSSQL_PASSWORD.'),
    domain: z.string().min(1).optional().describe('Windows domain: with it, user and password log in through NTLM (Windows authentication).'),
    // A plain union (not discriminated) so the JSON Schema lists both shapes under anyOf, as the docs and the UI read them.
    authentication: z
      .union([entraPassword, entraServicePrincipal])
      .optional()
      .describe('Microsoft Entra ID (Azure AD) login instead of user and password.'),
    database: z.string().min(1).optional().describe("Database to use; without it, the login's default database."),
    options,
    connectionTimeout: wholeNumber.default(15000).describe('Milliseconds to wait for a new connection (TLS and login included) before giving up.'),
    requestTimeout: wholeNumber.default(15000).describe('Milliseconds a statement may run before it is cancelled; 0 waits for ever.'),
    parseJSON: z.boolean().optional().describe('Parse the result of FOR JSON queries into objects.'),
    pool,
  })
  .superRefine((config, context) => {
    if (config.authentication === undefined && config.user === undefined) {
      context.addIssue({ code: 'custom', path: ['user'], message: 'Give user (and password) for a SQL Server login, or authentication for an Entra ID login' });
    }
    if (config.authentication !== undefined) {
      for (const field of ['user', 'password', 'domain'] as const) {
        if (config[field] !== undefined) {
          context.addIssue({ code: 'custom', path: [field], message: `${field} is not used with authentication; put the login into authentication.options` });
        }
      }
    }
  });

export type MssqlConfig = z.output<typeof mssqlSchema>;
