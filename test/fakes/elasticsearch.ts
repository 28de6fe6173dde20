import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/**
 * A small Elasticsearch on 127.0.0.1 speaking the REST protocol the official client uses: `/`,
 * `_doc`, `_refresh`, `_bulk`, `_search` (from/size capped at 10,000, or a point in time with `search_after`), `_pit`,
 * real error bodies (security_exception 401, es_rejected_execution_exception 429 with
 * Retry-After, index_not_found_exception, document_parsing_exception per item), the
 * `x-elastic-product` header the client's product check requires, and in serverless mode gzip
 * request bodies and the `elastic-api-version` header (recorded, so tests can assert what the
 * client sent; like a real project it answers without one too).
 */
export interface FakeElasticsearchOptions {
  flavor?: 'stack' | 'serverless';
  /** Accepted API keys; an encoded key is base64 of `id:api_key`. Without any credential the cluster has security off. */
  apiKeys?: Array<{ id: string; api_key: string }>;
  users?: Record<string, string>;
  /** Users who sign in but hold no cluster privilege: `GET /` answers 403. */
  unprivilegedUsers?: string[];
  bearerTokens?: string[];
  /** false: answer as a server that is not Elasticsearch (no x-elastic-product header). */
  product?: boolean;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  gzipped: boolean;
  body: string;
}

interface StoredDocument {
  _id: string;
  _source: Record<string, unknown>;
  /** Order of indexing: stands in for `_shard_doc`, the point-in-time tiebreaker. */
  seq: number;
}

export interface FakeElasticsearch {
  url: string;
  requests: RecordedRequest[];
  documents(index: string): StoredDocument[];
  /** Index these documents directly, as if bulk-loaded earlier. */
  seed(index: string, sources: Array<Record<string, unknown>>): void;
  /** The next n `_bulk` requests are answered 429 with Retry-After: retryAfterSeconds. */
  rejectBulkRequests(count: number, retryAfterSeconds: number): void;
  /** In the next `_bulk`, the first n items are rejected with a per-item 429. */
  rejectBulkItems(count: number): void;
  /** Points in time still open. */
  openPits(): number;
  close(): Promise<void>;
}

const apiVersion = '2023-10-31';
const maxResultWindow = 10_000;

export async function startFakeElasticsearch(options: FakeElasticsearchOptions = {}): Promise<FakeElasticsearch> {
  const flavor = options.flavor ?? 'stack';
  const indices = new Map<string, StoredDocument[]>();
  const pits = new Map<string, StoredDocument[]>();
  const requests: RecordedRequest[] = [];
  let sequence = 0;
  let bulkRejections = { count: 0, retryAfter: 0 };
  let itemRejections = 0;
  const security = (options.apiKeys?.length ?? 0) + Object.keys(options.users ?? {}).length + (options.bearerTokens?.length ?? 0) > 0;

  /** Where each id sits in its index's list, so indexing stays linear for large seeds. */
  const positions = new Map<string, Map<string, number>>();
  const exists = (index: string, id: string): boolean => positions.get(index)?.has(id) ?? false;
  const store = (index: string, source: Record<string, unknown>, id?: string): StoredDocument => {
    const documents = indices.get(index) ?? [];
    indices.set(index, documents);
    const where = positions.get(index) ?? new Map<string, number>();
    positions.set(index, where);
    const document = { _id: id ?? randomBytes(10).toString('base64url'), _source: source, seq: sequence++ };
    const existing = where.get(document._id);
    if (existing === undefined) {
      where.set(document._id, documents.length);
      documents.push(document);
    } else {
      documents[existing] = document;
    }
    return document;
  };

  const authorised = (header: string | undefined): boolean => {
    if (!security) return true;
    if (header === undefined) return false;
    const [scheme, value = ''] = header.split(' ');
    if (scheme === 'ApiKey') return (options.apiKeys ?? []).some((key) => Buffer.from(`${key.id}:${key.api_key}`).toString('base64') === value);
    if (scheme === 'Bearer') return (options.bearerTokens ?? []).includes(value);
    if (scheme === 'Basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && options.users?.[decoded.slice(0, colon)] === decoded.slice(colon + 1);
    }
    return false;
  };

  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      const body = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://fake');
      requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, headers: request.headers, gzipped, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        const text = JSON.stringify(payload);
        const productHeader: Record<string, string> = options.product === false ? {} : { 'x-elastic-product': 'Elasticsearch' };
        response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...productHeader, ...headers });
        response.end(request.method === 'HEAD' ? undefined : text);
      };
      const fail = (status: number, type: string, reason: string, headers: Record<string, string> = {}): void => {
        const cause = { type, reason };
        send(status, { error: { root_cause: [cause], ...cause }, status }, headers);
      };
      const version = request.headers['elastic-api-version'];
      if (flavor === 'serverless' && version !== undefined && version !== apiVersion) {
        fail(400, 'illegal_argument_exception', `unknown elastic-api-version [${String(version)}]; this project knows [${apiVersion}]`);
        return;
      }
      if (!authorised(request.headers.authorization)) {
        const reason = `unable to authenticate user for REST request [${url.pathname}]`;
        fail(401, 'security_exception', reason, { 'www-authenticate': 'Basic realm="security", charset="UTF-8", ApiKey, Bearer realm="security"' });
        return;
      }
      const user = basicUser(request.headers.authorization);
      if (url.pathname === '/' && user !== undefined && options.unprivilegedUsers?.includes(user)) {
        fail(403, 'security_exception', `action [cluster:monitor/main] is unauthorized for user [${user}] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]`);
        return;
      }
      try {
        route(request.method ?? 'GET', url, body, send, fail);
      } catch (error) {
        fail(400, 'parsing_exception', error instanceof Error ? error.message : String(error));
      }
    });
  };

  type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;
  type Fail = (status: number, type: string, reason: string, headers?: Record<string, string>) => void;

  function route(method: string, url: URL, body: string, send: Send, fail: Fail): void {
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    const last = segments.at(-1);
    if (segments.length === 0 && (method === 'GET' || method === 'HEAD')) {
      send(200, info(flavor));
    } else if (last === '_bulk' && (method === 'POST' || method === 'PUT')) {
      bulk(segments.length === 2 ? segments[0] : undefined, body, send, fail);
    } else if (last === '_pit' && segments.length === 2 && method === 'POST') {
      const documents = indices.get(segments[0] ?? '');
      if (documents === undefined) return fail(404, 'index_not_found_exception', `no such index [${segments[0]}]`);
      if (url.searchParams.get('keep_alive') === null) return fail(400, 'action_request_validation_exception', 'Validation Failed: 1: [keep_alive] is not specified;');
      const id = randomBytes(24).toString('base64');
      pits.set(id, [...documents]);
      send(200, { id, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } });
    } else if (last === '_pit' && segments.length === 1 && method === 'DELETE') {
      const { id } = JSON.parse(body) as { id: string };
      const freed = pits.delete(id);
      send(freed ? 200 : 404, { succeeded: freed, num_freed: freed ? 1 : 0 });
    } else if (segments[1] === '_doc' && segments.length <= 3 && (method === 'PUT' || method === 'POST')) {
      const existed = segments[2] !== undefined && exists(segments[0] ?? '', segments[2]);
      const stored = store(segments[0] ?? '', JSON.parse(body) as Record<string, unknown>, segments[2]);
      send(existed ? 200 : 201, { _index: segments[0], _id: stored._id, _version: 1, result: existed ? 'updated' : 'created', _shards: { total: 1, successful: 1, failed: 0 } });
    } else if (last === '_refresh' && segments.length === 2 && (method === 'POST' || method === 'GET')) {
      if (!indices.has(segments[0] ?? '')) return fail(404, 'index_not_found_exception', `no such index [${segments[0]}]`);
      send(200, { _shards: { total: 1, successful: 1, failed: 0 } });
    } else if (last === '_search' && (method === 'POST' || method === 'GET')) {
      search(segments.length === 2 ? segments[0] : undefined, body === '' ? {} : (JSON.parse(body) as SearchBody), send, fail);
    } else {
      send(400, { error: `no handler found for uri [${url.pathname}] and method [${method}]` });
    }
  }

  function bulk(defaultIndex: string | undefined, body: string, send: Send, fail: Fail): void {
    if (bulkRejections.count > 0) {
      bulkRejections.count -= 1;
      return fail(429, 'es_rejected_execution_exception', 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0]', {
        'retry-after': String(bulkRejections.retryAfter),
      });
    }
    if (!body.endsWith('\n')) return fail(400, 'illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]');
    const lines = body.split('\n').filter((line) => line !== '');
    const items: unknown[] = [];
    let errors = false;
    for (let at = 0; at < lines.length; at += 2) {
      const action = JSON.parse(lines[at] ?? '{}') as Record<string, { _index?: string; _id?: string }>;
      const [kind = 'index', meta = {}] = Object.entries(action)[0] ?? [];
      const index = meta._index ?? defaultIndex;
      const source = JSON.parse(lines[at + 1] ?? '{}') as Record<string, unknown>;
      const base = { _index: index, _id: meta._id };
      if (index === undefined) {
        items.push({ [kind]: { ...base, status: 400, error: { type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' } } });
        errors = true;
      } else if (itemRejections > 0) {
        itemRejections -= 1;
        items.push({ [kind]: { ...base, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of primary operation' } } });
        errors = true;
      } else if (typeof source.price === 'string' && Number.isNaN(Number(source.price))) {
        // The index maps `price` as a number, as a real mapping would refuse text there.
        const reason = `failed to parse field [price] of type [float] in document with id '${meta._id ?? ''}'. Preview of field's value: '${source.price}'`;
        items.push({ [kind]: { ...base, status: 400, error: { type: 'document_parsing_exception', reason, caused_by: { type: 'number_format_exception', reason: `For input string: "${source.price}"` } } } });
        errors = true;
      } else if (kind === 'create' && meta._id !== undefined && exists(index, meta._id)) {
        items.push({ [kind]: { ...base, status: 409, error: { type: 'version_conflict_engine_exception', reason: `[${meta._id}]: version conflict, document already exists` } } });
        errors = true;
      } else {
        const existed = meta._id !== undefined && exists(index, meta._id);
        const stored = store(index, source, meta._id);
        items.push({ [kind]: { _index: index, _id: stored._id, _version: 1, result: existed ? 'updated' : 'created', status: existed ? 200 : 201 } });
      }
    }
    send(200, { errors, took: 1, items });
  }

  interface SearchBody {
    query?: Record<string, unknown>;
    size?: number;
    from?: number;
    sort?: unknown[];
    search_after?: unknown[];
    pit?: { id: string; keep_alive?: string };
    track_total_hits?: boolean | number;
  }

  function search(index: string | undefined, body: SearchBody, send: Send, fail: Fail): void {
    let documents: StoredDocument[];
    if (body.pit !== undefined) {
      if (index !== undefined) return fail(400, 'action_request_validation_exception', 'Validation Failed: 1: [indices] cannot be used with point in time;');
      const held = pits.get(body.pit.id);
      if (held === undefined) return fail(404, 'search_context_missing_exception', 'No search context found for id [0]');
      documents = held;
    } else {
      if (index === undefined) return fail(400, 'illegal_argument_exception', 'this fake searches one named index, or a point in time');
      const found = indices.get(index);
      if (found === undefined) return fail(404, 'index_not_found_exception', `no such index [${index}]`);
      documents = found;
    }
    const size = body.size ?? 10;
    const from = body.from ?? 0;
    if (from + size > maxResultWindow) {
      return fail(400, 'illegal_argument_exception', `Result window is too large, from + size must be less than or equal to: [${maxResultWindow}] but was [${from + size}].`);
    }
    const matching = documents.filter((document) => matches(body.query, document._source));
    const sortKey = sortField(body.sort);
    const keyOf = (document: StoredDocument): unknown[] => (sortKey === undefined ? [document.seq] : [document._source[sortKey.field] ?? null, document.seq]);
    // Documents are held in indexing order, which is already _shard_doc order.
    const ordered = sortKey === undefined ? matching : [...matching].sort((a, b) => compareKeys(keyOf(a), keyOf(b), sortKey.descending));
    const after = body.search_after;
    const remaining = after === undefined ? ordered : ordered.filter((document) => compareKeys(keyOf(document), after, sortKey?.descending ?? false) > 0);
    const page = remaining.slice(from, from + size);
    const total = matching.length;
    // Counting stops at 10,000 unless the request asks for the exact count.
    const exactTotal = body.track_total_hits === true;
    const hits = page.map((document) => ({
      _index: index ?? 'pit',
      _id: document._id,
      _score: null,
      _source: document._source,
      ...(body.sort !== undefined || body.pit !== undefined ? { sort: keyOf(document) } : {}),
    }));
    const response: Record<string, unknown> = {
      took: 1,
      timed_out: false,
      hits: { total: exactTotal ? { value: total, relation: 'eq' } : { value: Math.min(total, maxResultWindow), relation: total > maxResultWindow ? 'gte' : 'eq' }, max_score: null, hits },
    };
    if (body.pit !== undefined) response.pit_id = body.pit.id;
    send(200, response);
  }

  const server = options.tls === undefined ? http.createServer(handler) : https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    documents: (index) => indices.get(index) ?? [],
    seed(index, sources) {
      for (const source of sources) store(index, source);
    },
    rejectBulkRequests(count, retryAfterSeconds) {
      bulkRejections = { count, retryAfter: retryAfterSeconds };
    },
    rejectBulkItems(count) {
      itemRejections = count;
    },
    openPits: () => pits.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function basicUser(header: string | undefined): string | undefined {
  if (header?.startsWith('Basic ') !== true) return undefined;
  return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8').split(':')[0];
}

function info(flavor: 'stack' | 'serverless'): Record<string, unknown> {
  return {
    name: flavor === 'serverless' ? 'serverless' : 'fake-node-1',
    cluster_name: flavor === 'serverless' ? 'project-abc123' : 'ziggy-fake',
    cluster_uuid: 'b5ZK1XQ3Qkq8tl3H0n3K8w',
    version: {
      number: flavor === 'serverless' ? '8.11.0' : '9.1.0',
      build_flavor: flavor === 'serverless' ? 'serverless' : 'default',
      build_type: 'docker',
      lucene_version: '10.2.2',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

function matches(query: Record<string, unknown> | undefined, source: Record<string, unknown>): boolean {
  if (query === undefined || 'match_all' in query) return true;
  if ('term' in query) {
    const [field, condition] = Object.entries(query.term as Record<string, unknown>)[0] ?? [];
    const value = typeof condition === 'object' && condition !== null && 'value' in condition ? (condition as { value: unknown }).value : condition;
    return field !== undefined && source[field] === value;
  }
  throw new Error(`unknown query [${Object.keys(query)[0]}] (this fake knows match_all and term)`);
}

function sortField(sort: unknown[] | undefined): { field: string; descending: boolean } | undefined {
  const first = sort?.[0];
  if (first === undefined || first === '_shard_doc' || first === '_doc') return undefined;
  if (typeof first === 'string') return { field: first, descending: false };
  const [field, order] = Object.entries(first as Record<string, unknown>)[0] ?? ['', 'asc'];
  const direction = typeof order === 'object' && order !== null ? (order as { order?: string }).order : order;
  return field === '_shard_doc' ? undefined : { field, descending: direction === 'desc' };
}

function compareKeys(a: unknown[], b: unknown[], descending: boolean): number {
  for (let at = 0; at < Math.max(a.length, b.length); at++) {
    const left = a[at] as number | string;
    const right = b[at] as number | string;
    if (left === right) continue;
    const order = left < right ? -1 : 1;
    // Only the sort field is descending; the tiebreaker (_shard_doc) stays ascending.
    return at === 0 && descending && a.length > 1 ? -order : order;
  }
  return 0;
}
