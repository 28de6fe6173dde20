import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ZiggyError, type TestFailure } from '../../core/index.ts';

/** What the API said, without its message text: the message of a 401 echoes part of the key. */
interface ApiFacts {
  status: number | undefined;
  code: string | undefined;
  type: string | undefined;
  param: string | undefined;
  message: string;
}

function facts(error: APIError): ApiFacts {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return { status: error.status, code: text(error.code), type: text(error.type), param: text(error.param), message: error.message };
}

/**
 * The config field an API refusal is most likely about, with a plain message and hint. Returns
 * undefined for answers that say nothing about the connection (a bad request, a server error).
 */
export function connectionFailure(error: unknown, hasBaseURL: boolean): TestFailure | undefined {
  if (!(error instanceof APIError) || error instanceof APIUserAbortError || error.status === undefined) return undefined;
  const { status, code, message } = facts(error);
  if (code === 'mismatched_organization' || code === 'invalid_organization' || code === 'no_organization' || /OpenAI-Organization/i.test(message)) {
    return {
      code: 'wrong_organization',
      message: code === 'no_organization' ? 'The API key belongs to no organization.' : 'The API key does not belong to the configured organization.',
      field: 'organization',
      hint: "Set organization to the id (org-…) shown under Settings → Organization for this key, or leave it out to use the key's default organization.",
    };
  }
  if (code === 'mismatched_project' || code === 'invalid_project' || /OpenAI-Project/i.test(message)) {
    return {
      code: 'wrong_project',
      message: 'The API key does not belong to the configured project.',
      field: 'project',
      hint: 'Set project to the id (proj_…) of the project the key was created in, or leave it out: a project key implies its project.',
    };
  }
  if (status === 401) {
    return {
      code: 'auth_failed',
      message: code === 'invalid_api_key' ? 'The API key was refused: it is wrong, revoked or of another service.' : 'The API refused the request as unauthenticated.',
      field: 'apiKey',
      hint: 'Check the secret the apiKey references; create a new key under API keys if it was revoked.',
    };
  }
  if (status === 403) {
    const scopes = /Missing scopes: (\w+(?:\.\w+)*(?:, *\w+(?:\.\w+)*)*)/.exec(message)?.[1];
    return {
      code: 'access_denied',
      message: scopes === undefined ? `The API key may not do this (403${code === undefined ? '' : ` ${code}`}).` : `The API key lacks the scope ${scopes}.`,
      field: 'apiKey',
      hint: 'A restricted key needs read permission on Models for the test, and write on Model capabilities for Generate and Embed; some regions are not served at all.',
    };
  }
  if (status === 404 && hasBaseURL) {
    return {
      code: 'not_found',
      message: 'The server at baseURL has no OpenAI API there (404 on /models).',
      field: 'baseURL',
      hint: "baseURL must end where the API's paths start, usually in /v1 (Azure OpenAI: https://RESOURCE.openai.azure.com/openai/v1/).",
    };
  }
  if (status === 429) {
    return {
      code: code === 'insufficient_quota' ? 'insufficient_quota' : 'rate_limited',
      message: code === 'insufficient_quota' ? 'The account has no quota left (429 insufficient_quota).' : 'The API is rate-limiting this key (429).',
      hint: code === 'insufficient_quota' ? 'Add credit or raise the budget under Billing; the key itself is fine.' : 'Wait and test again; retries honour the Retry-After the API sends.',
    };
  }
  return undefined;
}

/**
 * An SDK error as a ZiggyError for an operation's caller: a refusal of the connection (key,
 * organization, project) names the field, a refused request says what OpenAI said (its
 * message is about the request, never the key, except on 401, which gets our own text).
 */
export function operationError(error: unknown, action: string): unknown {
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionTimeoutError) return new ZiggyError('bad_input', `${action}: OpenAI did not answer within the connection's timeout.`, { field: 'timeout' });
  if (!(error instanceof APIError) || error.status === undefined) return error;
  const failure = connectionFailure(error, false);
  if (failure !== undefined && failure.field !== undefined) {
    return new ZiggyError('forbidden', `${action}: ${failure.message} ${failure.hint ?? ''}`.trim(), { field: failure.field, status: error.status });
  }
  const { code, param } = facts(error);
  const status = error.status;
  const details: Record<string, unknown> = { status };
  if (code !== undefined) details.code = code;
  if (param !== undefined) details.param = param;
  if (status === 404) return new ZiggyError('not_found', `${action}: ${error.message}`, details);
  if (status === 429) return new ZiggyError('rate_limited', `${action}: ${error.message}`, details);
  if (status >= 400 && status < 500) return new ZiggyError('bad_input', `${action}: OpenAI refused the request: ${error.message}`, details);
  return error;
}
