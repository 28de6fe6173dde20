import { z } from 'zod';

/** Users write numbers as strings (`timeout: '60000'`); accept digit strings, refuse anything else that is not a number. */
function digitsToNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** Snowflake names authenticators in capitals; `programmatic_access_token` means the same. */
function upperCase(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

const wholeNumber = z.preprocess(digitsToNumber, z.number().int().min(0));

export const authenticators = ['PROGRAMMATIC_ACCESS_TOKEN', 'SNOWFLAKE', 'SNOWFLAKE_JWT'] as const;
export type Authenticator = (typeof authenticators)[number];

/**
 * The snowflake-sdk connection options people use. The account and the authenticator are plain
 * strings here, not patterns or an enum: the connection test checks each one and says what is
 * wrong with it, which a schema error could not. Unknown keys are refused.
 */
export const snowflakeSchema = z.strictObject({
  account: z
    .string()
    .min(1)
    .describe("Account identifier: orgname-accountname (e.g. 'MYORG-MYACCOUNT') or an account locator with region and cloud (e.g. 'xy12345.eu-west-1.aws'); not a URL."),
  username: z.string().min(1).describe('Snowflake user to log in as (the login name).'),
  authenticator: z
    .preprocess(upperCase, z.string())
    .default('SNOWFLAKE')
    .describe("How to log in: 'PROGRAMMATIC_ACCESS_TOKEN' (the token goes in password), 'SNOWFLAKE' (password) or 'SNOWFLAKE_JWT' (key pair, privateKey)."),
  password: z
    .string()
    .optional()
    .describe('The programmatic access token, or the password for SNOWFLAKE; reference a secret, e.g. secrets.SNOWFLAKE_PAT.'),
  privateKey: z.string().optional().describe('PEM text of the private key for SNOWFLAKE_JWT (key pair) login.'),
  privateKeyPass: z.string().optional().describe('Passphrase of an encrypted privateKey.'),
  warehouse: z.string().min(1).optional().describe('Virtual warehouse that runs the queries; without one, only queries that need no warehouse work.'),
  database: z.string().min(1).optional().describe('Default database of the session.'),
  schema: z.string().min(1).optional().describe('Default schema of the session (within database).'),
  role: z.string().min(1).optional().describe("Role to use; without it, the user's default role."),
  accessUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Full URL of the Snowflake endpoint, for a proxy or private link (e.g. https://myorg-myaccount.privatelink.snowflakecomputing.com); default: derived from account.'),
  timeout: wholeNumber
    .optional()
    .describe('Milliseconds to wait for each answer from Snowflake (a login, a query request) before giving up; snowflake-sdk default 90000.'),
  poolMax: z.preprocess(digitsToNumber, z.number().int().min(1)).default(10).describe('Most connections (sessions) the pool keeps open at once.'),
  poolMin: wholeNumber.default(0).describe('Connections the pool keeps open even when unused.'),
});

export type SnowflakeConfig = z.output<typeof snowflakeSchema>;
