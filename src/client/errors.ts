import { z } from 'zod';
import { ZiggyError } from '../core/index.ts';
import { errorBody } from '../server/schemas/common.ts';

export const tokenRefusedMessage = 'The server refused the token (ZIGGY_TOKEN): it is missing, expired or revoked.';

/** The API's error shape, but with any id: one this client does not know (a newer server's) still carries its message. */
const anyErrorBody = errorBody.extend({ error: z.string() });

/**
 * The API's `{ error, message, details }` as the `ZiggyError` the service threw on the
 * server, so the CLI renders it exactly as it renders a local one.
 */
export async function errorFromResponse(response: Response, request: string, server: string): Promise<ZiggyError> {
  // The server's message for a bad token names no variable; the CLI user needs to know which one to fix.
  if (response.status === 401) return new ZiggyError('unauthorized', tokenRefusedMessage);
  const body = anyErrorBody.safeParse(parseJson(await response.text()));
  if (!body.success) {
    return new ZiggyError(
      'internal',
      `The server at ${server} answered ${request} with ${response.status} ${response.statusText}, not a Ziggy error; is it a Ziggy server?`,
    );
  }
  const { error, message, details } = body.data;
  const known = errorBody.shape.error.safeParse(error);
  return new ZiggyError(known.success ? known.data : 'internal', message, withRetryAfter(details, response.headers.get('retry-after')));
}

/** A fetch that never got an answer: one line saying which server and why. */
export function unreachable(server: string, error: unknown): ZiggyError {
  const code = networkCode(error);
  return new ZiggyError('server_unreachable', `Cannot reach the Ziggy server at ${server}: ${reasonFor(code, error)}.`, code === undefined ? undefined : { code });
}

function reasonFor(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before an answer came';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the host';
  }
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/.test(code)) return `its TLS certificate is not trusted (${code})`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}

/** fetch hides the socket error in `cause`; with several addresses it is an AggregateError whose parts hold the code. */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | null)?.cause as { code?: unknown; errors?: unknown } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const first = Array.isArray(cause?.errors) ? (cause.errors[0] as { code?: unknown } | undefined) : undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
}

function withRetryAfter(details: Record<string, unknown> | undefined, retryAfter: string | null): Record<string, unknown> | undefined {
  // Retry-After may also be an HTTP date; only the seconds form is turned into a number.
  const seconds = retryAfter === null || !/^\d+$/.test(retryAfter.trim()) ? undefined : Number(retryAfter);
  if (seconds === undefined || details?.retryAfterSeconds !== undefined) return details;
  return { ...details, retryAfterSeconds: seconds };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
