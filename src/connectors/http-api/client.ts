import { TokenSource } from './oauth2.ts';
import { RateLimiter } from './rate-limit.ts';
import type { HttpApiConfig } from './schema.ts';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean>;
export type Query = Readonly<Record<string, QueryValue | undefined>>;
/** What fetch takes as a body (a string, bytes, form data, a stream). */
export type RequestBody = NonNullable<RequestInit['body']>;

export interface HttpRequest {
  method?: string;
  /** Relative to baseUrl (`'/me'`, `'users/12'`), or an absolute URL inside it (a next link). */
  path?: string;
  query?: Query;
  headers?: Readonly<Record<string, string>>;
  /** A raw body (string, Buffer, form data); for JSON use `json`. */
  body?: RequestBody;
  /** A value sent as JSON (content-type: application/json). */
  json?: unknown;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  ok: boolean;
  /** The URL answered, without its query (which may hold an API key). */
  url: string;
  headers: Record<string, string>;
  /** The answer's text. */
  body: string;
  /** The answer parsed as JSON when it is JSON; otherwise undefined. */
  json: unknown;
}

type ShortRequest = Omit<HttpRequest, 'method' | 'path'>;

/** `connections.NAME` for an HTTP API connection: requests bound to baseUrl with the connection's auth applied. */
export interface HttpApiClient {
  readonly baseUrl: string;
  /** Any request; answers of every status are returned (check `ok` or `status`), only network failures and timeouts throw. */
  request(request: HttpRequest): Promise<HttpResponse>;
  get(path: string, request?: ShortRequest): Promise<HttpResponse>;
  post(path: string, request?: ShortRequest): Promise<HttpResponse>;
  put(path: string, request?: ShortRequest): Promise<HttpResponse>;
  patch(path: string, request?: ShortRequest): Promise<HttpResponse>;
  delete(path: string, request?: ShortRequest): Promise<HttpResponse>;
}

/** A path that leads outside baseUrl: refused before anything is sent, so credentials never go elsewhere. */
export class PathOutsideBaseError extends Error {
  constructor(path: string) {
    super(`The path ${JSON.stringify(path.split('?')[0])} leads outside baseUrl; paths are relative to it (e.g. '/me'), absolute URLs only inside it.`);
    this.name = 'PathOutsideBaseError';
  }
}

const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const maxBackoffMs = 8_000;
/** A Retry-After longer than this is not waited for: the answer is returned as it is. */
const maxRetryAfterMs = 60_000;

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function basePrefix(baseUrl: string): URL {
  const base = new URL(baseUrl);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return base;
}

/** A `..` segment, also percent-encoded, which a server may decode after our check. */
function hasDotDot(path: string): boolean {
  const withoutQuery = path.split(/[?#]/)[0] ?? '';
  return withoutQuery.split(/\/|\\|%2f|%5c/i).some((segment) => /^(\.|%2e){2}$/i.test(segment));
}

/** Where a path leads, or PathOutsideBaseError. A leading '/' means baseUrl's root, as in most API docs ('/me' under https://api.example.com/v1). */
export function resolvePath(baseUrl: string, path: string): URL {
  const base = basePrefix(baseUrl);
  // A protocol-relative '//host/…' (or '\\host', which URL parsers read alike) names another host.
  if (hasDotDot(path) || /^[\\/]{2}/.test(path) || path.startsWith('\\')) throw new PathOutsideBaseError(path);
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path);
  // './' first, so that a path such as '/things:batchGet' is not read as a URL of scheme 'things:'.
  const target = absolute ? new URL(path) : new URL(`./${path.replace(/^\/+/, '')}`, base);
  const inside = target.origin === base.origin && `${target.pathname}/`.startsWith(base.pathname);
  if (!inside || target.username !== '' || target.password !== '') throw new PathOutsideBaseError(path);
  return target;
}

function appendQuery(target: URL, query: Query | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) target.searchParams.append(key, String(item));
    else target.searchParams.set(key, String(value));
  }
}

function parseJson(text: string, contentType: string | null): unknown {
  if (text === '' || (contentType !== null && !/json/i.test(contentType))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function httpApiClient(config: HttpApiConfig, overrides: { retries?: number } = {}): HttpApiClient {
  const retries = overrides.retries ?? config.retries;
  const auth = config.auth;
  const tokens = auth?.type === 'oauth2ClientCredentials' ? new TokenSource(auth, config.timeoutMs) : undefined;
  const limiter = config.rateLimit === undefined ? undefined : new RateLimiter(config.rateLimit);

  async function send(method: string, target: URL, request: HttpRequest, signal: AbortSignal | undefined): Promise<{ response: Response; token?: string }> {
    const headers = new Headers(config.headers);
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    let body: RequestBody | null = request.body ?? null;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers.set('content-type', 'application/json');
    }
    let token: string | undefined;
    if (auth?.type === 'bearer') headers.set('authorization', `Bearer ${auth.token}`);
    if (auth?.type === 'basic') headers.set('authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`);
    if (auth?.type === 'apiKey' && auth.in === 'header') headers.set(auth.name, auth.key);
    if (tokens !== undefined) {
      token = await tokens.token(signal);
      headers.set('authorization', `Bearer ${token}`);
    }
    await limiter?.take();
    const signals = [AbortSignal.timeout(config.timeoutMs), ...(signal === undefined ? [] : [signal])];
    const response = await fetch(target, { method, headers, body, signal: AbortSignal.any(signals), redirect: 'manual' });
    return token === undefined ? { response } : { response, token };
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const target = resolvePath(config.baseUrl, request.path ?? '');
    for (const [key, value] of Object.entries(config.query)) if (!target.searchParams.has(key)) target.searchParams.set(key, value);
    appendQuery(target, request.query);
    if (auth?.type === 'apiKey' && auth.in === 'query') target.searchParams.set(auth.name, auth.key);
    let refetchedToken = false;
    for (let attempt = 0; ; attempt += 1) {
      const { response, token } = await send(method, target, request, request.signal);
      if (response.status === 401 && tokens !== undefined && token !== undefined && !refetchedToken) {
        // The API refused a token we thought valid (revoked, or expired early): fetch a new one, once.
        refetchedToken = true;
        await response.body?.cancel();
        tokens.invalidate(token);
        attempt -= 1;
        continue;
      }
      if ((response.status === 429 || response.status === 503) && idempotent.has(method) && attempt < retries) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? Math.min(maxBackoffMs, 250 * 2 ** attempt);
        if (wait <= maxRetryAfterMs) {
          await response.body?.cancel();
          await sleep(wait, request.signal);
          continue;
        }
      }
      const text = await response.text();
      const shown = new URL(target);
      shown.search = '';
      return {
        status: response.status,
        ok: response.ok,
        url: shown.href,
        headers: Object.fromEntries(response.headers),
        body: text,
        json: parseJson(text, response.headers.get('content-type')),
      };
    }
  }

  const short = (method: string) => (path: string, rest: ShortRequest = {}) => request({ ...rest, method, path });
  return {
    baseUrl: config.baseUrl,
    request,
    get: short('GET'),
    post: short('POST'),
    put: short('PUT'),
    patch: short('PATCH'),
    delete: short('DELETE'),
  };
}

export async function createHttpApiClient(config: HttpApiConfig): Promise<HttpApiClient> {
  return httpApiClient(config);
}

/** Nothing to close: requests go through Node's shared fetch, whose idle sockets time out on their own. */
export async function closeHttpApiClient(_client: HttpApiClient): Promise<void> {}
