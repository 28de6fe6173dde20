import { classifyNetworkError, runConnectionTest, unexpectedFailure, valuesAt } from 'ziggy-connections/connector';
import { createTwilioClient } from './client.js';
import { twilioSchema } from './schema.js';

/** The field that names where requests go: baseUrl when set, else edge, else region. */
function serverField(config) {
  if (typeof config?.baseUrl === 'string') return 'baseUrl';
  return typeof config?.edge === 'string' ? 'edge' : 'region';
}

/** Maps what the SDK threw to the field most likely wrong: a RestException carries the HTTP status. */
export function classifyTwilioError(error, config) {
  const status = typeof error === 'object' && error !== null ? error.status : undefined;
  if (status === 401) {
    return { code: 'auth_failed', message: 'Twilio refused the Auth Token (401).', field: 'authToken', hint: 'Check the secret authToken references: Console → Account info shows the current token; a rotated token stops the old one.' };
  }
  if (status === 404) {
    return { code: 'not_found', message: 'Twilio has no account with that Account SID (404).', field: 'accountSid', hint: 'Copy the Account SID from Console → Account info; a subaccount has its own.' };
  }
  if (status === 429) return { code: 'rate_limited', message: 'Twilio is rate-limiting this account (429).', hint: 'Test again in a moment.' };
  const field = serverField(config);
  const url = new URL(typeof config?.baseUrl === 'string' ? config.baseUrl : 'https://api.twilio.com');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return classifyNetworkError(error, { host: field, port: field, tls: field }, { host: url.hostname, port }) ?? unexpectedFailure(error);
}

/** Fetches the account (GET /2010-04-01/Accounts/{sid}.json), which any valid token of the account may read. */
export function testTwilio(config, context) {
  return runConnectionTest(
    context,
    async (step) => {
      const valid = twilioSchema.parse(config);
      const client = createTwilioClient({ ...valid, timeoutMs: Math.min(valid.timeoutMs, context.timeoutMs) });
      const account = await step('fetch account', () => client.api.v2010.accounts(valid.accountSid).fetch());
      return {
        message: `Signed in to Twilio account "${account.friendlyName}" (${account.status}).`,
        details: { account: account.friendlyName, status: account.status, type: account.type },
      };
    },
    (error) => classifyTwilioError(error, config),
    { conceal: valuesAt(config, ['authToken']), timeoutField: serverField(config) },
  );
}
