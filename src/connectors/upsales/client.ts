import type { UpsalesConfig } from './schema.ts';

/** Upsales's answer envelope: `data`, with `metadata` on lists, and `error` when it refused. */
interface Envelope<T> {
  error?: unknown;
  metadata?: { total?: number; limit?: number; offset?: number };
  data?: T;
}

export type UpsalesRecord = Record<string, unknown>;
export type QueryValue = string | number | boolean | ReadonlyArray<string | number>;
export type Query = Readonly<Record<string, QueryValue | undefined>>;

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface UpsalesPage<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Upsales's refusal of one request: its HTTP status and what it said. The message names the method
 * and path, never the URL's query, which holds the token.
 */
export class UpsalesApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly reason: string;

  constructor(status: number, method: string, path: string, reason: string) {
    super(`Upsales answered ${status} to ${method} ${path}${reason === '' ? '' : `: ${reason}`}`);
    this.name = 'UpsalesApiError';
    this.status = status;
    this.method = method;
    this.path = path;
    this.reason = reason;
  }
}

/** The client a JavaScript Block gets as `connections.NAME`: typed calls on Upsales's REST paths. */
export interface UpsalesClient {
  /** The API's base URL (without the token). */
  readonly url: string;
  /** GET a path (`'accounts/12'`, `'self'`) and return its `data`. */
  get<T = UpsalesRecord>(path: string, query?: Query, options?: RequestOptions): Promise<T>;
  /** GET one page of a list: `limit` (at most 1000) and `offset`, plus filters and `sort` as query parameters. */
  list<T = UpsalesRecord>(path: string, query?: Query, options?: RequestOptions): Promise<UpsalesPage<T>>;
  /** POST a new record and return it as created (with its id). */
  create<T = UpsalesRecord>(path: string, record: UpsalesRecord, options?: RequestOptions): Promise<T>;
  /** PUT fields of the record with this id and return it as updated. */
  update<T = UpsalesRecord>(path: string, id: number | string, fields: UpsalesRecord, options?: RequestOptions): Promise<T>;
  /** Any call: method, path, query and JSON body; returns the whole envelope. */
  request<T = unknown>(method: string, path: string, init?: { query?: Query; body?: unknown; signal?: AbortSignal }): Promise<Envelope<T>>;
}

/** Waits `ms`, or rejects at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent, unreadable or over a minute. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 && ms <= 60_000 ? ms : undefined;
}

function reasonOf(body: unknown): string {
  const error = typeof body === 'object' && body !== null ? (body as Envelope<unknown>).error : undefined;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    for (const key of ['msg', 'message', 'error']) if (typeof record[key] === 'string') return record[key];
    return JSON.stringify(error);
  }
  return '';
}

function trimPath(path: string): string {
  return path.replace(/^\/+/, '');
}

export function upsalesClient(config: UpsalesConfig, overrides: { maxRetries?: number } = {}): UpsalesClient {
  const base = config.url.endsWith('/') ? config.url : `${config.url}/`;
  const maxRetries = overrides.maxRetries ?? config.maxRetries;

  async function request<T>(method: string, path: string, init: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<Envelope<T>> {
    const relative = trimPath(path);
    const target = new URL(relative, base);
    // The token goes with every request: never to a URL outside the API (an absolute URL, or ../).
    if (target.origin !== new URL(base).origin || !target.pathname.startsWith(new URL(base).pathname)) {
      throw new TypeError(`Upsales paths are relative to the API url, e.g. 'accounts/12'; ${JSON.stringify(path)} leads outside it.`);
    }
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) target.searchParams.append(key, String(item));
      else target.searchParams.set(key, String(value));
    }
    target.searchParams.set('token', config.apiKey);
    const shown = `/${relative}`;
    for (let attempt = 0; ; attempt += 1) {
      const signals = [AbortSignal.timeout(config.timeout), ...(init.signal === undefined ? [] : [init.signal])];
      const headers: Record<string, string> = { accept: 'application/json' };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(target, {
        method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: AbortSignal.any(signals),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if ((response.status === 429 || response.status === 503) && attempt < maxRetries) {
        // Upsales allows about 200 requests per 10 s per key; without a Retry-After, back off exponentially.
        await sleep(retryAfterMs(response.headers.get('retry-after')) ?? 500 * 2 ** attempt, init.signal);
        continue;
      }
      if (!response.ok) throw new UpsalesApiError(response.status, method, shown, reasonOf(body) || (body === undefined && text !== '' ? 'the answer is not JSON' : ''));
      if (body === undefined) throw new UpsalesApiError(response.status, method, shown, 'the answer is not JSON: is url the API (ending in /api/v2/)?');
      const envelope = body as Envelope<T>;
      if (envelope.error !== undefined && envelope.error !== null) throw new UpsalesApiError(response.status, method, shown, reasonOf(body));
      return envelope;
    }
  }

  const signalOf = (options: RequestOptions | undefined) => (options?.signal === undefined ? {} : { signal: options.signal });
  return {
    url: base,
    request,
    async get(path, query, options) {
      return (await request('GET', path, { query: query ?? {}, ...signalOf(options) })).data as never;
    },
    async list(path, query, options) {
      const envelope = await request<unknown[]>('GET', path, { query: query ?? {}, ...signalOf(options) });
      const data = (envelope.data ?? []) as never[];
      return { data, total: envelope.metadata?.total ?? data.length, limit: envelope.metadata?.limit ?? data.length, offset: envelope.metadata?.offset ?? 0 };
    },
    async create(path, record, options) {
      return (await request('POST', path, { body: record, ...signalOf(options) })).data as never;
    },
    async update(path, id, fields, options) {
      const recordPath = `${trimPath(path).replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`;
      return (await request('PUT', recordPath, { body: fields, ...signalOf(options) })).data as never;
    },
  };
}

export async function createUpsalesClient(config: UpsalesConfig): Promise<UpsalesClient> {
  return upsalesClient(config);
}

/** Nothing to close: requests go through Node's shared fetch, whose idle sockets time out on their own. */
export async function closeUpsalesClient(_client: UpsalesClient): Promise<void> {}
