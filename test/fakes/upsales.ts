import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small fake of the Upsales REST API (v2) on 127.0.0.1. It speaks the real paths under
 * /api/v2/ (self, accounts, contacts, orders, activities), takes the API key as `?token=` as
 * Upsales does, answers in Upsales's envelope (`{ error, metadata: { total, limit, offset }, data }`),
 * pages lists by `limit` and `offset`, filters by equality on a field or a nested one (`?name=Acme`, `?client.id=12`) and sorts by
 * `sort=field` or `sort=-field`. Failures: 401 for a missing or unknown token, 403 for a token
 * whose user may not use the API, 404 for an unknown path or id, 400 for a record without its
 * required field, 429 with Retry-After on demand.
 */
export interface FakeUpsales {
  /** The base URL to configure, ending in /api/v2/. */
  url: string;
  apiKey: string;
  /** A token the fake knows but whose user may not use the API (403). */
  forbiddenKey: string;
  /** The records of each entity path, to seed and inspect. */
  records: Record<string, Array<Record<string, unknown>>>;
  requests: Array<{ method: string; path: string; query: URLSearchParams; at: number; body: unknown }>;
  /** The next `count` requests answer 429 with `Retry-After: seconds`. */
  rateLimitNext(count: number, seconds: number): void;
  close(): Promise<void>;
}

/** A field of a record by dotted path, as Upsales filters nested fields (`client.id`). */
function valueAt(record: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), record);
}

const requiredField: Record<string, string> = { accounts: 'name', contacts: 'name', orders: 'description', activities: 'description' };
const maxLimit = 1000;

export async function startFakeUpsales(options: { apiKey?: string } = {}): Promise<FakeUpsales> {
  const apiKey = options.apiKey ?? 'upsales-fake-token-6f1c2b';
  const forbiddenKey = 'upsales-fake-token-no-api-access';
  const records: FakeUpsales['records'] = { accounts: [], contacts: [], orders: [], activities: [] };
  const requests: FakeUpsales['requests'] = [];
  const nextId: Record<string, number> = { accounts: 1, contacts: 1, orders: 1, activities: 1 };
  let limited = { count: 0, seconds: 0 };

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, at: performance.now(), body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
    };
    const fail = (status: number, message: string, headers: Record<string, string> = {}): void => send(status, { error: { msg: message }, data: null }, headers);

    if (!url.pathname.startsWith('/api/v2/')) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not Found</h1></body></html>');
      return;
    }
    const token = url.searchParams.get('token');
    if (token === null || (token !== apiKey && token !== forbiddenKey)) return fail(401, 'Invalid or missing token');
    if (token === forbiddenKey) return fail(403, 'User does not have API access');
    if (limited.count > 0) {
      limited.count -= 1;
      return fail(429, 'Too many requests', { 'retry-after': String(limited.seconds) });
    }

    const [entity, id, extra] = url.pathname.slice('/api/v2/'.length).split('/').filter((part) => part !== '');
    if (entity === 'self' && id === undefined && request.method === 'GET') {
      return send(200, { error: null, data: { id: 1, name: 'Integration User', email: 'integration@example.com', administrator: true, client: { id: 4711, name: 'Example AB' } } });
    }
    const table = entity === undefined ? undefined : records[entity];
    if (entity === undefined || table === undefined || extra !== undefined) return fail(404, `No such resource: ${url.pathname}`);

    if (id === undefined && request.method === 'GET') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? maxLimit), maxLimit);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      let rows = table.filter((row) =>
        [...url.searchParams].every(([key, value]) => ['token', 'limit', 'offset', 'sort'].includes(key) || String(valueAt(row, key)) === value),
      );
      const sort = url.searchParams.get('sort');
      if (sort !== null) {
        const field = sort.replace(/^-/, '');
        const direction = sort.startsWith('-') ? -1 : 1;
        rows = [...rows].sort((a, b) => (String(a[field]) < String(b[field]) ? -direction : String(a[field]) > String(b[field]) ? direction : 0));
      }
      return send(200, { error: null, metadata: { total: rows.length, limit, offset }, data: rows.slice(offset, offset + limit) });
    }
    if (id === undefined && request.method === 'POST') {
      const record = body as Record<string, unknown> | undefined;
      const required = requiredField[entity] ?? 'name';
      if (record === undefined || typeof record !== 'object' || record[required] === undefined || record[required] === '') {
        return fail(400, `${required} is required`);
      }
      const created = { ...record, id: nextId[entity] ?? 1, regDate: new Date().toISOString() };
      nextId[entity] = (nextId[entity] ?? 1) + 1;
      table.push(created);
      return send(200, { error: null, data: created });
    }
    const row = table.find((candidate) => String(candidate.id) === id);
    if (row === undefined) return fail(404, `No ${entity} with id ${id}`);
    if (request.method === 'GET') return send(200, { error: null, data: row });
    if (request.method === 'PUT') {
      Object.assign(row, body as Record<string, unknown>, { id: row.id, modDate: new Date().toISOString() });
      return send(200, { error: null, data: row });
    }
    fail(405, `Method ${request.method} not allowed`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2/`,
    apiKey,
    forbiddenKey,
    records,
    requests,
    rateLimitNext(count, seconds) {
      limited = { count, seconds };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
