import { classifyNetworkError, unexpectedFailure, type TestFailure } from '../../core/index.ts';
import type { SnowflakeConfig } from './schema.ts';

/** A check of the test that failed with a known failure; the test reports it as it is. */
export class CheckFailed extends Error {
  readonly failure: TestFailure;
  constructor(failure: TestFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

export const networkPolicySteps = [
  "CREATE NETWORK POLICY MY_PAT_POLICY ALLOWED_IP_LIST = ('0.0.0.0/1', '128.0.0.0/1') BLOCKED_IP_LIST = () COMMENT = 'Network policy for programmatic access token from Node.js server';",
  'ALTER USER USER_NAME ADD PROGRAMMATIC ACCESS TOKEN NEW_PAT_NAME NETWORK_POLICY = MY_PAT_POLICY DAYS_TO_EXPIRY = 365;',
].join(' ');

/** Whether an SDK error is Snowflake's own answer (so Snowflake was reached), not a network or HTTP failure. */
export function isSnowflakeAnswer(error: unknown): error is Error & { code?: unknown } {
  return error instanceof Error && error.name === 'OperationFailedError';
}

/** The Snowflake error code of an SDK error (`'390100'`), or undefined for errors without one. */
export function snowflakeCode(error: unknown): string | undefined {
  if (!isSnowflakeAnswer(error)) return undefined;
  return typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : undefined;
}

export function isIpNotAllowed(error: unknown): boolean {
  return snowflakeCode(error) === '390422';
}

export function isRoleRefused(error: unknown): boolean {
  return snowflakeCode(error) === '390189';
}

/** The field that names where the test connects: accessUrl when given, else the account it is derived from. */
export function serverField(config: Partial<SnowflakeConfig>): string {
  return config.accessUrl === undefined ? 'account' : 'accessUrl';
}

/**
 * Maps Snowflake's login and query errors, the SDK's HTTP failures and network errors to the
 * field to fix. Snowflake's messages are often misleading (a missing network policy reads as an
 * invalid token), so each hint names every likely cause.
 */
export function classifySnowflakeError(error: unknown, config: Partial<SnowflakeConfig>): TestFailure {
  if (error instanceof CheckFailed) return error.failure;
  switch (snowflakeCode(error)) {
    case '390100':
      return {
        code: 'auth_failed',
        message: 'Snowflake refused the login: incorrect username or password (Snowflake error 390100).',
        field: 'password',
        hint: 'Check both username (the login name, not the display name) and password; Snowflake does not say which one is wrong. A locked or disabled user gets the same answer.',
      };
    case '394400':
      return {
        code: 'auth_failed',
        message: 'Snowflake refused the programmatic access token (Snowflake error 394400: the token is invalid).',
        field: 'password',
        hint: `The same answer comes for a wrong, expired or revoked token, a token of another user than username, and a user without a network policy (a token only works for a user with one). An administrator can check with SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER <user>, and set a policy: ${networkPolicySteps}`,
      };
    case '390144':
      return {
        code: 'auth_failed',
        message: 'Snowflake refused the key pair login: the signed token is invalid (Snowflake error 390144).',
        field: 'privateKey',
        hint: "The user's public key (ALTER USER <user> SET RSA_PUBLIC_KEY = '…') must match privateKey, and username and account must be the user's and account's own names.",
      };
    case '390422':
      return {
        code: 'ip_not_allowed',
        message: 'Snowflake refused this machine by a network policy: its IP address is not allowed (Snowflake error 390422).',
        hint: `An administrator must allow this machine's address in the network policy of the user (or account). For a programmatic access token: ${networkPolicySteps}`,
      };
    case '390189':
      return {
        code: 'role_not_granted',
        message: 'The role does not exist or is not granted to the user (Snowflake error 390189).',
        field: 'role',
        hint: 'Check the role name; SHOW GRANTS TO USER <user> lists the roles the user has. Leave role out to use the default role.',
      };
    case '000606':
      return {
        code: 'warehouse_not_found',
        message: 'No active warehouse in the session (Snowflake error 000606).',
        field: 'warehouse',
        hint: 'Set warehouse to a warehouse the role may use; SHOW WAREHOUSES lists them.',
      };
  }
  const status = httpStatus(error);
  if (status === 403 || status === 404) {
    return {
      code: 'account_not_found',
      message: `The Snowflake endpoint answered HTTP ${status} to the login: there is most likely no such account at that address.`,
      field: serverField(config),
      hint: "Check the account identifier (orgname-accountname, or locator.region.cloud) and, if given, accessUrl. SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME() shows the identifier.",
    };
  }
  const field = serverField(config);
  const network = classifyNetworkError(error, { host: field, port: field, tls: field }, { host: targetHost(config) });
  if (network !== undefined) return network;
  if (isSnowflakeAnswer(error)) {
    return { code: 'failed', message: `Snowflake answered: ${error.message} (Snowflake error ${snowflakeCode(error) ?? 'without a code'}).` };
  }
  return unexpectedFailure(error);
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = error.response;
  return typeof response === 'object' && response !== null && 'statusCode' in response && typeof response.statusCode === 'number' ? response.statusCode : undefined;
}

function targetHost(config: Partial<SnowflakeConfig>): string | undefined {
  if (config.accessUrl === undefined) return undefined;
  return URL.canParse(config.accessUrl) ? new URL(config.accessUrl).hostname : undefined;
}
