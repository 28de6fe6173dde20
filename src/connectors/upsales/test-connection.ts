import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { UpsalesApiError, upsalesClient } from './client.ts';
import { upsalesSchema, type UpsalesConfig } from './schema.ts';

interface SelfUser {
  id?: number;
  name?: string;
  client?: { id?: number; name?: string };
}

/** Where the API's paths start: a url that does not end in /api/v2/ reaches Upsales's web pages instead. */
function apiPathMissing(url: string): boolean {
  return !/\/api\/v2\/?$/.test(new URL(url).pathname);
}

function withApiPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/api/v2/`;
}

/** Reads the current user (GET /api/v2/self), the cheapest call every API key may make. */
export function testUpsales(config: UpsalesConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = upsalesSchema.parse(config);
      if (apiPathMissing(valid.url)) throw new MissingApiPath(valid.url);
      // One attempt: a retry on a rate-limited key would only hide the cause behind a timeout.
      const client = upsalesClient(valid, { maxRetries: 0 });
      const user = await step('read current user', () => client.get<SelfUser>('self', {}, { signal }));
      const details: Record<string, string | number> = {};
      if (typeof user.id === 'number') details.userId = user.id;
      if (typeof user.name === 'string') details.user = user.name;
      if (typeof user.client?.name === 'string') details.account = user.client.name;
      const who = user.name === undefined ? 'the API key' : user.name;
      return { message: `Signed in to Upsales as ${who}${details.account === undefined ? '' : ` (${details.account})`}.`, details };
    },
    (error) => classifyUpsalesError(error, config),
    { conceal: valuesAt(config, ['apiKey']), timeoutField: 'url' },
  );
}

class MissingApiPath extends Error {
  readonly url: string;
  constructor(url: string) {
    super('The url does not end in /api/v2/.');
    this.url = url;
  }
}

export function classifyUpsalesError(error: unknown, config: unknown): TestFailure {
  if (error instanceof MissingApiPath) {
    return {
      code: 'url_invalid',
      message: "The url does not point at Upsales's REST API: it must end in /api/v2/.",
      field: 'url',
      hint: `Use url: '${withApiPath(error.url)}'.`,
    };
  }
  if (error instanceof UpsalesApiError) {
    if (error.status === 401) {
      return { code: 'auth_failed', message: 'Upsales refused the API key (401).', field: 'apiKey', hint: 'Check the secret apiKey references; keys are made under Settings → API keys, and a deleted key stops working.' };
    }
    if (error.status === 403) {
      return {
        code: 'access_denied',
        message: 'Upsales knows the API key but refuses it access (403).',
        field: 'apiKey',
        hint: 'The key or its user may not use the API, or the account is inactive: check the key under Settings → API keys.',
      };
    }
    if (error.status === 404 || error.reason.includes('not JSON')) {
      return { code: 'not_found', message: `No Upsales API answered at the url (${error.status} on GET /self).`, field: 'url', hint: "Check url: 'https://power.upsales.com/api/v2/' for Upsales itself." };
    }
    if (error.status === 429) {
      return { code: 'rate_limited', message: 'Upsales is rate-limiting this key (429).', hint: 'Upsales allows about 200 requests per 10 seconds per key; test again in a moment.' };
    }
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return { code: 'timeout', message: "Upsales did not answer within the connection's timeout.", field: 'url', hint: 'Check url, and that no firewall or proxy silently drops the traffic; or raise timeout.' };
  }
  const url = valuesAt(config, ['url'])[0];
  const network = classifyNetworkError(error, { host: 'url', port: 'url', tls: 'url' }, target(url));
  return network ?? unexpectedFailure(error);
}

function target(url: string | undefined): { host?: string; port?: number } {
  const parsed = new URL(url ?? 'https://power.upsales.com/api/v2/');
  return { host: parsed.hostname, port: parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port) };
}
