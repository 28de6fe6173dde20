import { z } from 'zod';
import { fillFieldTokens, ZiggyError, type Operation, type OperationContext } from '../../../core/index.ts';
import { PathOutsideBaseError, type HttpApiClient, type HttpResponse, type Query } from '../client.ts';
import { atPointer } from '../json-pointer.ts';
import { httpMethod } from '../schema.ts';

const pointer = z.string().regex(/^(\/.*)?$/, "A JSON pointer: '' or starting with '/', e.g. '/data/items'.");

const paging = z
  .union([
    z.strictObject({
      type: z.literal('nextLink').describe("'nextLink': follow the next page's URL."),
      pointer: pointer.optional().describe("JSON pointer to the next page's URL in the answer, e.g. '/links/next'; default: the Link header's rel=\"next\"."),
    }),
    z.strictObject({
      type: z.literal('cursor').describe("'cursor': send the answer's cursor back as a query parameter."),
      pointer: pointer.describe("JSON pointer to the next cursor in the answer, e.g. '/meta/next_cursor'; paging stops when it is empty."),
      param: z.string().min(1).describe("Query parameter the cursor is sent as, e.g. 'cursor'."),
    }),
    z.strictObject({
      type: z.literal('offset').describe("'offset': count rows with an offset and a page size."),
      offsetParam: z.string().min(1).default('offset').describe("Query parameter of the offset (default 'offset')."),
      limitParam: z.string().min(1).default('limit').describe("Query parameter of the page size (default 'limit')."),
      pageSize: z.number().int().min(1).default(100).describe('Rows asked for per page; a page with fewer rows is the last.'),
      start: z.number().int().min(0).default(0).describe('Offset of the first page (default 0).'),
    }),
  ])
  .optional()
  .describe("How to get the next page: { type: 'nextLink' | 'cursor' | 'offset', … }; one request when omitted.");

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const input = z.strictObject({
  method: httpMethod.default('GET').describe('HTTP method; only GET, HEAD, PUT, DELETE and OPTIONS are retried on 429/503.'),
  path: z.string().default('').describe("Path relative to baseUrl; $$field tokens are filled (URL-encoded) from record, e.g. '/users/$$id/orders'."),
  record: z.record(z.string(), z.unknown()).default({}).describe('The input record whose fields fill $$field tokens in path and query values.'),
  query: z.record(z.string().min(1), scalar).default({}).describe('Query parameters; string values may hold $$field tokens.'),
  headers: z.record(z.string().min(1), z.string()).default({}).describe("Extra headers, e.g. { 'X-Request-Id': 'abc' }; the connection's headers and auth are added by the client."),
  body: z.unknown().optional().describe('A JSON body (an object or array), e.g. the input record itself.'),
  rows: pointer.optional().describe("JSON pointer to the rows array in each answer, e.g. '/data'; default: the answer itself when it is an array, else the answer as one row."),
  paging,
  maxPages: z.number().int().min(1).default(100).describe('Stop after this many pages (default 100).'),
  maxRows: z.number().int().min(1).optional().describe('Stop after this many rows.'),
  batches: z
    .boolean()
    .default(false)
    .describe('Stream each page as an output { page, rows, status } instead of collecting every row: memory stays bounded for any number of pages.'),
});

/** One page, as an output of its own when `batches` is set. */
export interface RestCallBatch {
  page: number;
  rows: unknown[];
  status: number;
}

export interface RestCallOutput {
  rows: unknown[];
  pages: number;
  /** The status of the last answer. */
  status: number;
}

function fill(template: string, record: Record<string, unknown>, encode: (value: string) => string): string {
  return fillFieldTokens(template, record, encode, (field) => new ZiggyError('bad_input', `restCall: the record has no value for $$${field}.`, { field: `record.${field}` }));
}

function rowsOf(response: HttpResponse, rowsPointer: string | undefined): unknown[] {
  const document = response.json;
  if (rowsPointer === undefined) return Array.isArray(document) ? document : document === undefined ? [] : [document];
  const found = atPointer(document, rowsPointer);
  if (!Array.isArray(found)) throw new ZiggyError('bad_input', `restCall: the answer has no array at ${rowsPointer}.`, { field: 'rows', status: response.status });
  return found;
}

/** The Link header's rel="next" URL (RFC 8288), if any. */
function linkNext(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match?.[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (match !== null && relations.includes('next')) return match[1];
  }
  return undefined;
}

function failure(response: HttpResponse, method: string, path: string): ZiggyError {
  const details = { status: response.status, method, path: path.split('?')[0] };
  const what = `restCall: ${method} ${details.path} was answered ${response.status}`;
  if (response.status === 401 || response.status === 403) return new ZiggyError('forbidden', `${what}; check the connection's auth.`, { ...details, field: 'auth' });
  if (response.status === 404) return new ZiggyError('not_found', `${what}.`, details);
  if (response.status === 429) return new ZiggyError('rate_limited', `${what} (still, after the retries).`, details);
  if (response.status < 500) return new ZiggyError('bad_input', `${what}.`, details);
  return new ZiggyError('internal', `${what}.`, details);
}

type Params = z.output<typeof input>;

/** Every page of the call, in order, as { rows, response }. */
async function* pages(client: HttpApiClient, params: Params, context: OperationContext): AsyncGenerator<{ rows: unknown[]; response: HttpResponse }> {
  const method = params.method;
  const query: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params.query)) query[key] = typeof value === 'string' ? fill(value, params.record, (text) => text) : value;
  let path = fill(params.path, params.record, encodeURIComponent);
  const paging = params.paging;
  let offset = paging?.type === 'offset' ? paging.start : 0;
  let lastCursor: unknown;
  for (let page = 1; page <= params.maxPages; page += 1) {
    const pageQuery: Query = paging?.type === 'offset' ? { ...query, [paging.offsetParam]: offset, [paging.limitParam]: paging.pageSize } : query;
    const response = await client
      .request({ method, path, query: pageQuery, headers: params.headers, ...(params.body === undefined ? {} : { json: params.body }), signal: context.signal })
      .catch((error: unknown) => {
        if (error instanceof PathOutsideBaseError) throw new ZiggyError('bad_input', `restCall: ${error.message}`, { field: 'path' });
        throw error;
      });
    if (!response.ok) throw failure(response, method, path);
    const rows = rowsOf(response, params.rows);
    yield { rows, response };
    if (paging === undefined) return;
    if (paging.type === 'offset') {
      if (rows.length < paging.pageSize) return;
      offset += rows.length;
      continue;
    }
    if (paging.type === 'cursor') {
      const cursor = atPointer(response.json, paging.pointer);
      if (cursor === undefined || cursor === null || cursor === '' || cursor === lastCursor) return;
      lastCursor = cursor;
      query[paging.param] = String(cursor);
      continue;
    }
    const next = paging.pointer === undefined ? linkNext(response.headers.link) : atPointer(response.json, paging.pointer);
    if (typeof next !== 'string' || next === '') return;
    // The next link comes from the server: resolved against the page it came on, and refused if it leaves baseUrl.
    path = new URL(next, response.url).href;
    for (const key of Object.keys(query)) delete query[key];
  }
}

/** The pages as { page, rows, status }, at most maxRows rows in all. */
async function* batches(client: HttpApiClient, params: Params, context: OperationContext): AsyncGenerator<RestCallBatch> {
  let left = params.maxRows ?? Number.POSITIVE_INFINITY;
  let page = 0;
  for await (const answer of pages(client, params, context)) {
    page += 1;
    const rows = answer.rows.slice(0, left);
    left -= rows.length;
    yield { page, rows, status: answer.response.status };
    if (left <= 0) return;
  }
}

export const restCall: Operation<HttpApiClient, typeof input, RestCallOutput | AsyncIterable<RestCallBatch>> = {
  label: 'REST call',
  description:
    'Calls the API (method, path with $$field tokens from a record, query, JSON body), follows paging (next link, cursor or offset) and returns { rows, pages, status }; with batches it streams one { page, rows, status } output per page.',
  input,
  async run(client, params, context): Promise<RestCallOutput | AsyncIterable<RestCallBatch>> {
    if (params.batches) return batches(client, params, context);
    const output: RestCallOutput = { rows: [], pages: 0, status: 0 };
    for await (const batch of batches(client, params, context)) {
      output.pages = batch.page;
      output.status = batch.status;
      output.rows.push(...batch.rows);
      if (batch.page > 1) context.log(`restCall: page ${batch.page}, ${output.rows.length} rows`);
    }
    return output;
  },
};
