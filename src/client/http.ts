import { ZiggyError } from '../core/index.ts';
import { errorFromResponse, unreachable } from './errors.ts';

export interface RemoteOptions {
  /** The server's base URL, e.g. `https://ziggy.example.com`. */
  server: string;
  /** An API token; sent as `Authorization: Bearer`. */
  token: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
}

export interface RawRequestOptions {
  query?: Record<string, string | number | undefined>;
  /** Raw bytes, streamed as they come (application/octet-stream). */
  body?: AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
}

/** JSON over HTTP to one Ziggy server, with its errors turned back into `ZiggyError`s. */
export interface HttpClient {
  /** The base URL, without a trailing slash. */
  server: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** A request whose bodies are raw byte streams (file transfers); an error answer throws like `request`. */
  raw(method: string, path: string, options?: RawRequestOptions): Promise<Response>;
}

/**
 * A path with each parameter URL-encoded, so a name can never add a path segment:
 * route`/api/connections/${name}/revisions`.
 */
export function route(parts: TemplateStringsArray, ...params: Array<string | number>): string {
  return parts.reduce((path, part, index) => path + encodeURIComponent(String(params[index - 1])) + part);
}

export function createHttpClient(options: RemoteOptions): HttpClient {
  const server = baseUrl(options.server);
  const fetchImpl = options.fetch ?? fetch;

  async function send(method: string, path: string, query: RequestOptions['query'], init: RequestInit): Promise<Response> {
    const url = new URL(server + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, method, headers: { ...init.headers, authorization: `Bearer ${options.token}` } });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw unreachable(server, error);
    }
    if (!response.ok) throw await errorFromResponse(response, `${method} ${path}`, server);
    return response;
  }

  return {
    server,
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const response = await send(method, path, request.query, { headers, body });
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ZiggyError('internal', `The server at ${server} answered ${method} ${path} with something that is not JSON; is it a Ziggy server?`);
      }
    },
    raw(method, path, request = {}) {
      const headers: Record<string, string> = {};
      if (request.body !== undefined) headers['content-type'] = 'application/octet-stream';
      // A streamed request body needs half-duplex, as fetch requires for any stream body.
      const body = request.body === undefined ? undefined : { body: request.body, duplex: 'half' as const };
      return send(method, path, request.query, { headers, signal: request.signal, ...body });
    },
  };
}

/** Validates the URL once, up front, so a typo is a usage error rather than a failed request. */
function baseUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ZiggyError('bad_input', `The server URL "${server}" is not a URL; give one like http://localhost:3000.`, { field: 'server' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ZiggyError('bad_input', `The server URL "${server}" must start with http:// or https://.`, { field: 'server' });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ZiggyError('bad_input', `The server URL "${server}" must not have a query or a #fragment.`, { field: 'server' });
  }
  if (url.username !== '' || url.password !== '') {
    throw new ZiggyError('bad_input', 'The server URL must not hold a user name or password; give the token in ZIGGY_TOKEN.', { field: 'server' });
  }
  return url.href.replace(/\/+$/, '');
}
