import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { httpApiClient, PathOutsideBaseError } from './client.ts';
import { TokenError } from './oauth2.ts';
import { httpApiSchema, httpSecretFields, type HttpApiConfig, type HttpAuth } from './schema.ts';

class UnexpectedStatus extends Error {
  readonly status: number;
  readonly expected: number | undefined;
  constructor(status: number, expected: number | undefined) {
    super(`The test request was answered ${status}.`);
    this.status = status;
    this.expected = expected;
  }
}

/** Makes the request `test` names (default: GET baseUrl) once, without retries, and checks its status. */
export function testHttpApi(config: HttpApiConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = httpApiSchema.parse(config);
      const method = valid.test?.method ?? 'GET';
      const path = valid.test?.path ?? '';
      const expected = valid.test?.expectStatus;
      // One attempt: a retry on a rate-limited API would only hide the cause behind a timeout.
      const client = httpApiClient(valid, { retries: 0 });
      const response = await step(`${method} ${path === '' ? 'baseUrl' : path}`, () => client.request({ method, path, signal }));
      const passed = expected === undefined ? response.ok : response.status === expected;
      if (!passed) throw new UnexpectedStatus(response.status, expected);
      return { message: `${method} ${new URL(response.url).pathname} answered ${response.status}.`, details: { status: response.status } };
    },
    (error) => classifyHttpApiError(error, config),
    { conceal: concealed(config), timeoutField: 'baseUrl' },
  );
}

/** Every value a secret could be in: the auth fields, and every header and query value (they may hold keys too). */
function concealed(config: unknown): string[] {
  const values = valuesAt(config, httpSecretFields);
  for (const group of ['headers', 'query']) {
    const record = typeof config === 'object' && config !== null ? (config as Record<string, unknown>)[group] : undefined;
    if (typeof record === 'object' && record !== null) for (const value of Object.values(record)) if (typeof value === 'string') values.push(value);
  }
  return values;
}

/** The auth field a 401 or 403 is most likely about. */
function authField(auth: HttpAuth | undefined, status: number): string {
  switch (auth?.type) {
    case 'bearer':
      return 'auth.token';
    case 'basic':
      return 'auth.password';
    case 'apiKey':
      return 'auth.key';
    case 'oauth2ClientCredentials':
      // The token was issued, so the client is known: a 403 means the token lacks a grant.
      return status === 403 ? 'auth.scope' : 'auth.audience';
    default:
      return 'auth';
  }
}

function tokenFailure(error: TokenError): TestFailure {
  const said = error.description === undefined ? '' : `: ${error.description}`;
  if (error.status === undefined) {
    return { code: 'token_endpoint_unreachable', message: 'The token endpoint could not be reached.', field: 'auth.tokenUrl', hint: 'Check auth.tokenUrl and that this machine can reach it.' };
  }
  if (error.oauthError === 'invalid_client' || error.oauthError === 'unauthorized_client') {
    const aboutSecret = /secret|credential|password/i.test(error.description ?? '');
    return {
      code: 'auth_failed',
      message: `The token endpoint refused the client (${error.oauthError})${said}.`,
      field: aboutSecret ? 'auth.clientSecret' : 'auth.clientId',
      hint: 'Check auth.clientId and the secret auth.clientSecret references, and that the client may use the client credentials grant.',
    };
  }
  if (error.oauthError === 'invalid_scope') {
    return { code: 'auth_failed', message: `The token endpoint refused the scope (invalid_scope)${said}.`, field: 'auth.scope', hint: 'Ask only for scopes the client has been granted.' };
  }
  if (error.oauthError === 'invalid_target' || error.oauthError === 'invalid_request') {
    return { code: 'auth_failed', message: `The token endpoint refused the request (${error.oauthError})${said}.`, field: 'auth.audience', hint: 'Check auth.audience and auth.scope.' };
  }
  if (error.status === 401 || error.status === 403) {
    return { code: 'auth_failed', message: `The token endpoint refused the client credentials (${error.status})${said}.`, field: 'auth.clientSecret', hint: 'Check auth.clientId and the secret auth.clientSecret references.' };
  }
  return { code: 'token_failed', message: `${error.message}${said}`, field: 'auth.tokenUrl', hint: 'Check that auth.tokenUrl is the OAuth token endpoint (it answers a POST with an access_token).' };
}

export function classifyHttpApiError(error: unknown, config: unknown): TestFailure {
  const parsed = httpApiSchema.safeParse(config);
  const auth = parsed.success ? parsed.data.auth : undefined;
  if (error instanceof TokenError) {
    if (error.status === undefined) {
      const tokenUrl = auth?.type === 'oauth2ClientCredentials' ? auth.tokenUrl : undefined;
      const network = classifyNetworkError(fetchCause(error.cause), { host: 'auth.tokenUrl', port: 'auth.tokenUrl', tls: 'auth.tokenUrl' }, target(tokenUrl));
      if (network !== undefined) return network;
    }
    return tokenFailure(error);
  }
  if (error instanceof PathOutsideBaseError) {
    return { code: 'path_invalid', message: error.message, field: 'test.path', hint: "Give test.path relative to baseUrl, e.g. '/me'." };
  }
  if (error instanceof UnexpectedStatus) {
    if (error.status === 401 || error.status === 403) {
      const field = authField(auth, error.status);
      return {
        code: error.status === 401 ? 'auth_failed' : 'access_denied',
        message: `The API refused the credentials (${error.status}).`,
        field,
        hint: auth === undefined ? 'The API needs auth: add auth: { type: … }.' : `Check ${field} (and the secret it references).`,
      };
    }
    if (error.status >= 300 && error.status < 400) {
      return {
        code: 'redirected',
        message: `The test request was redirected (${error.status}).`,
        field: 'baseUrl',
        hint: 'Redirects are not followed, so credentials stay on baseUrl: use the address the API redirects to (often https:// or a trailing /) as baseUrl.',
      };
    }
    if (error.status === 429) return { code: 'rate_limited', message: 'The API is rate-limiting this client (429).', hint: 'Test again in a moment.' };
    const wanted = error.expected === undefined ? 'a 2xx status' : String(error.expected);
    return { code: 'unexpected_status', message: `The test request was answered ${error.status}, not ${wanted}.`, field: 'test.path', hint: 'Check baseUrl and test.path (and test.expectStatus).' };
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return { code: 'timeout', message: "The API did not answer within the connection's timeoutMs.", field: 'baseUrl', hint: 'Check baseUrl, and that no firewall or proxy silently drops the traffic; or raise timeoutMs.' };
  }
  const baseUrl = valuesAt(config, ['baseUrl'])[0];
  const network = classifyNetworkError(fetchCause(error), { host: 'baseUrl', port: 'baseUrl', tls: 'baseUrl' }, target(baseUrl));
  return network ?? unexpectedFailure(error);
}

/** fetch wraps socket errors (ECONNREFUSED, ENOTFOUND) in a TypeError('fetch failed'): the socket's error is its cause. */
function fetchCause(error: unknown): unknown {
  return error instanceof TypeError && error.cause !== undefined ? error.cause : error;
}

function target(url: string | undefined): { host?: string; port?: number } {
  if (url === undefined || !URL.canParse(url)) return {};
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port) };
}
