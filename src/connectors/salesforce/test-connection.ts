import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { closeSalesforceClient, createSalesforceClient } from './client.ts';
import { loginFlow, salesforceSchema, type SalesforceConfig } from './schema.ts';

const concealed = ['password', 'token', 'clientSecret'];

interface Identity {
  username?: string;
  display_name?: string;
  organization_id?: string;
  user_id?: string;
}

/** Logs in the way the config says (SOAP, OAuth2 password or client credentials), then reads the user's identity. */
export function testSalesforce(config: SalesforceConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step) => {
      const valid = salesforceSchema.parse(config);
      const connection = await step('log in', () => createSalesforceClient(valid));
      try {
        const identity = await step('identity', () => connection.identity() as Promise<Identity>);
        const who = identity.username ?? identity.display_name ?? identity.user_id ?? 'the user';
        return {
          message: `Logged in to ${connection.instanceUrl} as ${who} (${describeFlow(valid)}).`,
          details: {
            instanceUrl: connection.instanceUrl,
            organizationId: identity.organization_id ?? '',
            userId: identity.user_id ?? '',
            loginFlow: loginFlow(valid),
          },
        };
      } finally {
        await closeSalesforceClient(connection);
      }
    },
    (error) => classifySalesforceError(error, config),
    { conceal: valuesAt(config, concealed), timeoutField: 'loginUrl' },
  );
}

function describeFlow(config: SalesforceConfig): string {
  const flow = loginFlow(config);
  if (flow === 'soap') return config.token === undefined ? 'SOAP login without a security token' : 'SOAP login with the security token';
  return flow === 'oauth2-password' ? 'OAuth2 username-password flow' : 'OAuth2 client credentials';
}

/** The code Salesforce puts first in a SOAP fault string (`INVALID_LOGIN: Invalid username…`) or an OAuth2 error's name. */
function salesforceCode(error: unknown): { code: string; text: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const soap = /^([A-Z_]{4,}):\s*(.*)$/s.exec(error.message);
  if (soap?.[1] !== undefined) return { code: soap[1], text: soap[2] ?? '' };
  if (/^[a-z_]+$/.test(error.name) && error.name !== 'error') return { code: error.name, text: error.message };
  return undefined;
}

export function classifySalesforceError(error: unknown, config: unknown): TestFailure {
  const hasToken = valuesAt(config, ['token']).length > 0;
  const found = salesforceCode(error);
  switch (found?.code) {
    case 'INVALID_LOGIN':
      return {
        code: 'auth_failed',
        message: `Salesforce refused the login: ${found.text}`,
        field: 'password',
        hint: hasToken
          ? 'The password, or the security token sent after it, is wrong; Salesforce does not say which. If the password is right, reset the token (Settings → Reset My Security Token) and update token.'
          : 'The username or password is wrong. From outside the trusted IP ranges Salesforce asks for the security token instead (LOGIN_MUST_USE_SECURITY_TOKEN).',
      };
    case 'LOGIN_MUST_USE_SECURITY_TOKEN':
      return {
        code: 'auth_failed',
        message: 'Salesforce needs the security token for a login from this network.',
        field: 'token',
        hint: hasToken
          ? "The token given is not this user's current one: reset it (Settings → Reset My Security Token) and update token."
          : "Add token: the user's security token (Settings → Reset My Security Token e-mails it), or log in from a trusted IP range.",
      };
    case 'API_DISABLED_FOR_ORG':
      return {
        code: 'api_disabled',
        message: `The org of this user does not allow API access: ${found.text}`,
        field: 'username',
        hint: 'API access needs an edition with the API (Enterprise, Unlimited, Developer) and the "API Enabled" permission on the user’s profile.',
      };
    case 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD':
      return { code: 'auth_failed', message: 'The password has expired: log in to Salesforce once to set a new one.', field: 'password' };
    case 'invalid_client_id':
      return { code: 'auth_failed', message: `Salesforce does not know this connected app: ${found.text}`, field: 'clientId' };
    case 'invalid_client':
      return { code: 'auth_failed', message: `Salesforce refused the connected app's credentials: ${found.text}`, field: 'clientSecret' };
    case 'invalid_grant':
      return {
        code: 'auth_failed',
        message: `Salesforce refused the login: ${found.text}`,
        field: valuesAt(config, ['username']).length > 0 ? 'password' : 'clientId',
        hint:
          valuesAt(config, ['username']).length > 0
            ? 'The username, password or security token is wrong, or the connected app does not allow the username-password flow.'
            : 'The connected app must enable the client credentials flow with a "Run As" user, and loginUrl must be the org’s My Domain URL.',
      };
  }
  if (error instanceof Error && /Unable to refresh session/.test(error.message)) {
    return { code: 'auth_failed', message: error.message, field: 'password' };
  }
  const url = valuesAt(config, ['loginUrl'])[0] ?? 'https://login.salesforce.com';
  const target = safeUrl(url);
  return classifyNetworkError(error, { host: 'loginUrl', port: 'loginUrl', tls: 'loginUrl' }, target) ?? unexpectedFailure(error);
}

function safeUrl(url: string): { host?: string; port?: number } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)) };
  } catch {
    return {};
  }
}
