import { Client } from '@hubspot/api-client';
import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { clientOptions } from './client.ts';
import { hubspotErrorFacts, requestJson } from './api-error.ts';
import { hubspotSchema, type HubSpotConfig } from './schema.ts';

const defaultBase = 'https://api.hubapi.com';

/**
 * Reads the account (portal id, data centre), the token's scopes where HubSpot tells them (private
 * app tokens), and one contact: the read most integrations need first, and the one that names a
 * missing scope.
 */
export function testHubSpot(config: HubSpotConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step) => {
      const valid = hubspotSchema.parse(config);
      // One attempt: retries on a failing endpoint would only hide the cause behind a timeout.
      const client = new Client({ ...clientOptions(valid), numberOfApiCallRetries: 0 });
      const account = await step('read account details', () => requestJson(client, 'GET', '/account-info/v3/details'));
      const scopes = await step('read token scopes', () => tokenScopes(client, valid.accessToken));
      await step('read one contact', () => client.crm.contacts.basicApi.getPage(1));
      const details: Record<string, string | number> = {};
      if (typeof account.portalId === 'number') details.portalId = account.portalId;
      if (typeof account.dataHostingLocation === 'string') details.dataHostingLocation = account.dataHostingLocation;
      if (scopes !== undefined) details.scopes = scopes.join(' ');
      const where = valid.basePath ?? defaultBase;
      const scopeText = scopes === undefined ? '' : `; the token has ${scopes.length} scope${scopes.length === 1 ? '' : 's'}`;
      return { message: `Signed in to HubSpot portal ${details.portalId ?? '(unknown)'} through ${where}${scopeText}; contacts can be read.`, details };
    },
    (error) => classifyHubSpotError(error),
    { conceal: valuesAt(config, ['accessToken']), timeoutField: 'basePath' },
  );
}

/** HubSpot introspects private-app tokens (pat-…) only; for others the scopes stay unknown. */
async function tokenScopes(client: Client, accessToken: string): Promise<string[] | undefined> {
  if (!accessToken.startsWith('pat-')) return undefined;
  const info = await requestJson(client, 'POST', '/oauth/v2/private-apps/get/access-token-info', { tokenKey: accessToken });
  return Array.isArray(info.scopes) ? info.scopes.filter((scope): scope is string => typeof scope === 'string') : undefined;
}

export function classifyHubSpotError(error: unknown): TestFailure {
  const facts = hubspotErrorFacts(error);
  if (facts !== undefined) {
    if (facts.status === 401) {
      return {
        code: 'auth_failed',
        message: 'HubSpot refused the access token: it is wrong, revoked or expired.',
        field: 'accessToken',
        hint: "Copy the token again from the private app (Settings > Integrations > Private Apps > Access token); OAuth access tokens expire after 30 minutes.",
      };
    }
    if (facts.status === 403 && facts.category === 'MISSING_SCOPES') {
      const scopes = facts.requiredScopes.length === 0 ? 'a scope this call needs' : `the scope ${facts.requiredScopes.join(' or ')}`;
      return {
        code: 'missing_scope',
        message: `The token is valid, but its app has not been granted ${scopes}.`,
        field: 'accessToken',
        hint: `Add ${facts.requiredScopes.join(', ') || 'the scope'} on the private app's Scopes tab and commit the change; the token stays the same.`,
      };
    }
    if (facts.status === 403) {
      return {
        code: 'access_denied',
        message: `HubSpot denied access: ${facts.message}`,
        field: 'accessToken',
        hint: "Check that the token's app is installed in this account and that its user still has the permissions.",
      };
    }
    if (facts.status === 429) {
      return {
        code: 'rate_limited',
        message: `HubSpot's rate limit was reached: ${facts.message}`,
        hint: `Test again${facts.retryAfterSeconds === undefined ? ' in a few seconds' : ` after ${facts.retryAfterSeconds} s`}; other integrations on this account share the limit.`,
      };
    }
    if (facts.status === 404) {
      return {
        code: 'not_found',
        message: `The server at basePath does not answer HubSpot's API paths (404: ${facts.message}).`,
        field: 'basePath',
        hint: `Leave basePath out for ${defaultBase}, or give the proxy's base URL without a path such as /crm/v3.`,
      };
    }
    return { code: 'failed', message: `HubSpot answered ${facts.status}: ${facts.message}` };
  }
  const network = classifyNetworkError(error, { host: 'basePath', port: 'basePath', tls: 'basePath' });
  if (network !== undefined) return network;
  return unexpectedFailure(error);
}
