import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An answer the fake gives instead of the route's, once, to the next /api request. */
export interface QueuedAnswer {
  status: number;
  retryAfter?: string;
}

export interface FakeHttpApi {
  /** Base URL of the API: http://127.0.0.1:PORT/api/ */
  url: string;
  tokenUrl: string;
  bearerToken: string;
  basic: { username: string; password: string };
  apiKey: string;
  client: { id: string; secret: string };
  requests: SeenRequest[];
  /** Token endpoint calls so far. */
  tokenRequests: number;
  /** expires_in of issued tokens, in seconds. */
  tokenLifetime: number;
  /** Milliseconds the token endpoint waits before answering (to make concurrent callers overlap). */
  tokenDelayMs: number;
  queue: QueuedAnswer[];
  /** Makes every token issued so far invalid (the API answers 401 to it). */
  revokeTokens(): void;
  close(): Promise<void>;
}

const items = Array.from({ length: 25 }, (_, index) => ({ id: index + 1, name: `item ${index + 1}` }));

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A small REST API with every auth kind this connector speaks, an OAuth token endpoint, and three paging styles, 10 items a page. */
export async function startFakeHttpApi(): Promise<FakeHttpApi> {
  const valid = new Set<string>();
  let issued = 0;
  const fake: FakeHttpApi = {
    url: '',
    tokenUrl: '',
    bearerToken: 'bearer-token-fake-1',
    basic: { username: 'ada', password: 'basic-password-fake' },
    apiKey: 'api-key-fake-9',
    client: { id: 'client-fake', secret: 'client-secret-fake' },
    requests: [],
    tokenRequests: 0,
    tokenLifetime: 3600,
    tokenDelayMs: 0,
    queue: [],
    revokeTokens: () => valid.clear(),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  function authorized(request: IncomingMessage, query: URLSearchParams): boolean {
    const header = request.headers.authorization ?? '';
    if (header === `Bearer ${fake.bearerToken}`) return true;
    if (header.startsWith('Bearer ') && valid.has(header.slice(7))) return true;
    if (header === `Basic ${Buffer.from(`${fake.basic.username}:${fake.basic.password}`).toString('base64')}`) return true;
    return request.headers['x-api-key'] === fake.apiKey || query.get('api_key') === fake.apiKey;
  }

  async function token(request: IncomingMessage, body: string, response: ServerResponse): Promise<void> {
    fake.tokenRequests += 1;
    if (fake.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.tokenDelayMs));
    const form = new URLSearchParams(body);
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const header = request.headers.authorization ?? '';
    if (header.startsWith('Basic ')) [id, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
    if (form.get('grant_type') !== 'client_credentials') return json(response, 400, { error: 'unsupported_grant_type' });
    if (id !== fake.client.id) return json(response, 401, { error: 'invalid_client', error_description: 'Unknown client.' });
    if (secret !== fake.client.secret) return json(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed: wrong client secret.' });
    if (form.get('scope') === 'admin') return json(response, 400, { error: 'invalid_scope', error_description: 'Scope admin is not granted.' });
    issued += 1;
    const value = `access-${issued}`;
    valid.add(value);
    json(response, 200, { access_token: value, token_type: 'Bearer', expires_in: fake.tokenLifetime });
  }

  function api(request: IncomingMessage, url: URL, body: string, response: ServerResponse): void {
    const queued = fake.queue.shift();
    if (queued !== undefined) return json(response, queued.status, { error: 'try later' }, queued.retryAfter === undefined ? {} : { 'retry-after': queued.retryAfter });
    if (!authorized(request, url.searchParams)) return json(response, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const path = url.pathname.slice('/api'.length);
    const page = Number(url.searchParams.get('page') ?? '1');
    const slice = (start: number, size: number) => items.slice(start, start + size);
    if (path === '/me') return json(response, 200, { id: 1, name: 'Ada' });
    if (path === '/moved') {
      response.writeHead(301, { location: `${fake.url}me` });
      return void response.end();
    }
    if (path === '/forbidden') return json(response, 403, { error: 'forbidden' });
    if (path === '/items' && request.method === 'GET') {
      return json(response, 200, slice(Number(url.searchParams.get('offset') ?? '0'), Number(url.searchParams.get('limit') ?? '10')));
    }
    if (path === '/items' && request.method === 'POST') return json(response, 201, { id: 'new-1', ...JSON.parse(body) });
    if (path === '/items' && request.method === 'PUT') return json(response, 200, { replaced: true });
    if (path.startsWith('/items/') && request.method === 'PATCH') return json(response, 200, { id: decodeURIComponent(path.slice('/items/'.length)), ...JSON.parse(body) });
    if (path.startsWith('/users/')) return json(response, 200, { id: decodeURIComponent(path.slice('/users/'.length)), tag: url.searchParams.get('tag') });
    if (path === '/link-items') {
      const next: Record<string, string> = page * 10 < items.length ? { link: `<${fake.url}link-items?page=1>; rel="first", <${fake.url}outside-decoy>; rel="nextarchive", <${fake.url}link-items?page=${page + 1}>; rel="next"` } : {};
      return json(response, 200, slice((page - 1) * 10, 10), next);
    }
    if (path === '/next-items') {
      return json(response, 200, { data: slice((page - 1) * 10, 10), links: { next: page * 10 < items.length ? `/api/next-items?page=${page + 1}` : null } });
    }
    if (path === '/cursor-items') {
      const start = Number(url.searchParams.get('cursor') ?? '0');
      return json(response, 200, { results: slice(start, 10), meta: { next_cursor: start + 10 < items.length ? String(start + 10) : null } });
    }
    if (path === '/offset-items') {
      return json(response, 200, { items: slice(Number(url.searchParams.get('offset') ?? '0'), Number(url.searchParams.get('limit') ?? '10')) });
    }
    json(response, 404, { error: 'not found' });
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString();
      fake.requests.push({ method: request.method ?? '', path: url.pathname, query: url.searchParams, headers: request.headers, body });
      if (url.pathname === '/oauth/token' && request.method === 'POST') return void token(request, body, response);
      if (url.pathname.startsWith('/api/') || url.pathname === '/api') return api(request, url, body, response);
      if (url.pathname === '/outside') return json(response, 200, { outside: true });
      json(response, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}/api/`;
  fake.tokenUrl = `http://127.0.0.1:${port}/oauth/token`;
  return fake;
}
