/**
 * The one way the UI talks to the server: JSON over the public REST API, with the session cookie,
 * the CSRF token on every state-changing request, and errors turned into `ApiError`s in words.
 */

/** An error the API answered with (its stable id, status, message and details), or a failure to reach it. */
export class ApiError extends Error {
  readonly id: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** From `Retry-After` on `rate_limited`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(id: string, status: number, message: string, details?: Record<string, unknown>, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.id = id;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Empty, null and undefined values are left out. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

let csrfToken: string | undefined;
let unauthorizedHandler: ((error: ApiError) => void) | undefined;

/** Kept from login or `GET /api/auth/me`; sent as `x-csrf-token` on every request that changes something. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF header, for a request that cannot go through `apiRequest` (an upload's XMLHttpRequest, for its progress). */
export function csrfHeader(): Record<string, string> {
  return csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken };
}

/** Called on a 401 from any route but login: the session is gone, so the app shows the login page. */
export function setUnauthorizedHandler(handler: ((error: ApiError) => void) | undefined): void {
  unauthorizedHandler = handler;
}

const loginPath = '/api/auth/login';

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') Object.assign(headers, csrfHeader());
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('network', 0, 'Cannot reach the Ziggy server: check that it is running and your network, then try again.');
  }
  const text = await response.text();
  if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
  throw failedResponse(path, { status: response.status, statusText: response.statusText, retryAfter: response.headers.get('retry-after'), text });
}

export interface FailedResponse {
  status: number;
  statusText: string;
  /** The `Retry-After` header, if any. */
  retryAfter: string | null;
  text: string;
}

/** A failed answer to a request of the path as an `ApiError`; a 401 (but from login) also tells the app the session is gone. */
export function failedResponse(path: string, response: FailedResponse): ApiError {
  const error = toApiError(response);
  if (error.status === 401 && path !== loginPath) unauthorizedHandler?.(error);
  return error;
}

/** The path with the query's non-empty values as its search part. */
export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** The API's `{ error, message, details }`; anything else (a proxy's page, a crash) becomes a plain sentence. */
function toApiError(response: FailedResponse): ApiError {
  const retryAfter = Number(response.retryAfter ?? Number.NaN);
  const retryAfterSeconds = Number.isFinite(retryAfter) ? retryAfter : undefined;
  const body = parseJson(response.text);
  if (isErrorBody(body)) return new ApiError(body.error, response.status, body.message, body.details, retryAfterSeconds);
  const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
  return new ApiError('http_error', response.status, `The server answered ${response.status}${statusText} without an explanation.`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(value: unknown): value is { error: string; message: string; details?: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const { error, message } = value as Record<string, unknown>;
  return typeof error === 'string' && typeof message === 'string';
}
