import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, type Client } from '@elastic/elasticsearch';
import { startFakeElasticsearch, type FakeElasticsearch } from '../../../../test/fakes/elasticsearch.ts';
import type { OperationContext } from '../../../core/index.ts';
import elasticsearch from '../index.ts';
import { elasticsearchSchema } from '../schema.ts';
import type { IngestResult } from './ingest.ts';
import type { Hit, SearchResult } from './search.ts';

const apiKey = { id: 'ingest-key', api_key: 'ingest-secret-5521' };

let fake: FakeElasticsearch;
let client: Client;
before(async () => {
  fake = await startFakeElasticsearch({ apiKeys: [apiKey] });
  client = await elasticsearch.createClient(elasticsearchSchema.parse({ node: fake.url, auth: { apiKey } }));
});
after(async () => {
  await elasticsearch.closeClient(client);
  await fake.close();
});

function context(): OperationContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: new AbortController().signal, log: (line) => lines.push(line), lines };
}

async function run<T>(name: 'ingest' | 'search', params: unknown, on: Client = client, ctx = context()): Promise<T> {
  const operation = elasticsearch.operations[name];
  assert.ok(operation);
  return (await operation.run(on, operation.input.parse(params), ctx)) as T;
}

const products = (count: number, from = 0) => Array.from({ length: count }, (_, at) => ({ sku: `P-${from + at}`, price: at % 100, group: at % 2 === 0 ? 'even' : 'odd' }));

test('ingest sends batchSize documents per _bulk, keeps ids from idField, and reports progress per batch', async () => {
  const ctx = context();
  const result = await run<IngestResult>('ingest', { index: 'products', documents: products(2500), idField: 'sku', batchSize: 1000, refresh: 'wait_for' }, client, ctx);
  assert.deepEqual(result, { indexed: 2500, failed: 0, errors: [], batches: 3, retries: 0 });
  assert.equal(fake.documents('products').length, 2500);
  assert.equal(fake.documents('products')[7]?._id, 'P-7');
  const bulks = fake.requests.filter((request) => request.path.startsWith('/products/_bulk'));
  assert.deepEqual(bulks.map((request) => new URL(request.path, 'http://x').searchParams.get('refresh')), ['false', 'false', 'wait_for'], 'one refresh, with the last batch');
  assert.deepEqual(ctx.lines.at(-1), 'Elastic Ingest: 2500 of 2500 documents sent to products (0 failed).');
  const again = await run<IngestResult>('ingest', { index: 'products', documents: products(10), idField: 'sku' });
  assert.equal(again.indexed, 10);
  assert.equal(fake.documents('products').length, 2500, 'the same ids update, not duplicate');
});

test('a document the cluster refuses is listed with its position, status and reason, and the rest of its batch is written', async () => {
  const documents = [{ sku: 'X-1', price: 5 }, { sku: 'X-2', price: 'twelve' }, { sku: 'X-3', price: 7 }];
  const result = await run<IngestResult>('ingest', { index: 'refusals', documents, idField: 'sku' });
  assert.equal(result.indexed, 2);
  assert.equal(result.failed, 1);
  assert.equal(result.errors.length, 1);
  assert.deepEqual({ ...result.errors[0], reason: undefined }, { position: 1, id: 'X-2', status: 400, type: 'document_parsing_exception', reason: undefined });
  assert.match(result.errors[0]?.reason ?? '', /failed to parse field \[price\]/);
  assert.deepEqual(fake.documents('refusals').map((document) => document._id), ['X-1', 'X-3']);
});

test("create refuses an id that exists with 409 for that document only", async () => {
  await run<IngestResult>('ingest', { index: 'once', documents: [{ sku: 'A' }], idField: 'sku', action: 'create' });
  const result = await run<IngestResult>('ingest', { index: 'once', documents: [{ sku: 'A' }, { sku: 'B' }], idField: 'sku', action: 'create' });
  assert.equal(result.indexed, 1);
  assert.deepEqual(result.errors.map((error) => [error.position, error.status, error.type]), [[0, 409, 'version_conflict_engine_exception']]);
});

test('a batch refused with 429 is sent again after its Retry-After, and every document is written', async () => {
  fake.rejectBulkRequests(1, 1);
  const started = performance.now();
  const result = await run<IngestResult>('ingest', { index: 'busy', documents: products(20) });
  assert.ok(performance.now() - started >= 950, `waited ${performance.now() - started} ms`);
  assert.deepEqual({ indexed: result.indexed, failed: result.failed, retries: result.retries }, { indexed: 20, failed: 0, retries: 1 });
  assert.equal(fake.documents('busy').length, 20);
});

test('documents refused one by one with 429 are sent again alone', async () => {
  fake.rejectBulkItems(3);
  const before = fake.requests.length;
  const result = await run<IngestResult>('ingest', { index: 'items', documents: products(10), idField: 'sku' });
  assert.deepEqual({ indexed: result.indexed, failed: result.failed, retries: result.retries }, { indexed: 10, failed: 0, retries: 1 });
  const resent = fake.requests.slice(before).filter((request) => request.path.startsWith('/items/_bulk'));
  assert.equal(resent.length, 2);
  assert.equal(resent[1]?.body.trim().split('\n').length, 6, 'the second request holds only the three refused documents');
});

test('when 429 outlasts maxRetries the batch is reported as failed, not thrown', async () => {
  fake.rejectBulkRequests(1, 0);
  const result = await run<IngestResult>('ingest', { index: 'given-up', documents: products(3), maxRetries: 0 });
  assert.equal(result.indexed, 0);
  assert.deepEqual(result.errors.map((error) => [error.position, error.status]), [[0, 429], [1, 429], [2, 429]]);
});

test('a refused login fails the whole ingest with the 401, naming no secret', async () => {
  const stranger = await elasticsearch.createClient(elasticsearchSchema.parse({ node: fake.url, auth: { apiKey: { id: 'ingest-key', api_key: 'wrong-canary-3391' } } }));
  try {
    await assert.rejects(run('ingest', { index: 'x', documents: [{ a: 1 }] }, stranger), (error: unknown) => {
      assert.ok(error instanceof errors.ResponseError);
      assert.equal(error.statusCode, 401);
      assert.ok(!error.message.includes('wrong-canary-3391'));
      return true;
    });
  } finally {
    await elasticsearch.closeClient(stranger);
  }
});

test('search reads past 10,000 hits with a point in time and search_after, and closes the point in time', async () => {
  fake.seed('events', products(25_000));
  const before = fake.requests.length;
  const result = await run<SearchResult>('search', { index: 'events', limit: 30_000 });
  assert.equal(result.hits.length, 25_000);
  assert.equal(result.total, 25_000);
  assert.equal(result.truncated, false);
  assert.equal(new Set(result.hits.map((hit) => hit._id)).size, 25_000);
  assert.equal(fake.openPits(), 0);
  const sent = fake.requests.slice(before).map((request) => `${request.method} ${request.path.split('?')[0]}`);
  assert.equal(sent[0], 'POST /events/_pit');
  // 25 full pages of 1000, then the empty page that says the end was reached.
  assert.equal(sent.filter((line) => line === 'POST /_search').length, 26);
  assert.equal(sent.at(-1), 'DELETE /_pit');
  // The way around: from/size stops at the 10,000-hit window, as on a real index.
  await assert.rejects(client.search({ index: 'events', from: 9_500, size: 1000 }), /Result window is too large/);
});

test('search returns 10,000 hits by default and says when more match', async () => {
  const result = await run<SearchResult>('search', { index: 'events' });
  assert.equal(result.hits.length, 10_000);
  assert.equal(result.total, 25_000);
  assert.equal(result.truncated, true);
});

test('search with batchSize streams batches of hits, and a reader that stops early still closes the point in time', async () => {
  const stream = await run<AsyncIterable<Hit[]>>('search', { index: 'events', batchSize: 10_000 });
  const sizes: number[] = [];
  for await (const page of stream) sizes.push(page.length);
  assert.deepEqual(sizes, [10_000, 10_000, 5_000]);
  const early = await run<AsyncIterable<Hit[]>>('search', { index: 'events', batchSize: 100 });
  for await (const page of early) {
    assert.equal(page.length, 100);
    break;
  }
  assert.equal(fake.openPits(), 0);
});

test('search passes the query, sort and _source through the query DSL', async () => {
  const result = await run<SearchResult>('search', { index: 'products', query: { term: { group: 'odd' } }, sort: [{ price: 'desc' }], limit: 3, _source: ['sku', 'price'] });
  assert.deepEqual(result.hits.map((hit) => hit._source?.price), [99, 99, 99]);
  assert.equal(result.total, 1250);
  const body = JSON.parse(fake.requests.filter((request) => request.path === '/_search').at(-1)?.body ?? '{}') as Record<string, unknown>;
  assert.deepEqual({ query: body.query, sort: body.sort, _source: body._source }, { query: { term: { group: 'odd' } }, sort: [{ price: 'desc' }], _source: ['sku', 'price'] });
});

test('in serverless mode the bulk and search bodies go gzipped, with elastic-api-version', async () => {
  const project = await startFakeElasticsearch({ flavor: 'serverless', apiKeys: [apiKey] });
  const serverless = await elasticsearch.createClient(elasticsearchSchema.parse({ node: project.url, auth: { apiKey }, serverMode: 'serverless' }));
  try {
    const ingested = await run<IngestResult>('ingest', { index: 'logs', documents: products(5) }, serverless);
    assert.equal(ingested.indexed, 5);
    const found = await run<SearchResult>('search', { index: 'logs' }, serverless);
    assert.equal(found.hits.length, 5);
    const withBodies = project.requests.filter((request) => request.body !== '');
    assert.ok(withBodies.some((request) => request.path.startsWith('/logs/_bulk')));
    for (const request of withBodies) {
      assert.equal(request.gzipped, true, `${request.method} ${request.path} was not gzipped`);
      assert.equal(request.headers['elastic-api-version'], '2023-10-31');
    }
  } finally {
    await elasticsearch.closeClient(serverless);
    await project.close();
  }
});

test('the inputs are validated with the field named', () => {
  const ingest = elasticsearch.operations.ingest;
  const search = elasticsearch.operations.search;
  assert.ok(ingest && search);
  assert.deepEqual(ingest.input.safeParse({ index: 'a', documents: [], batchSize: 0 }).error?.issues.map((issue) => issue.path), [['batchSize']]);
  assert.deepEqual(search.input.safeParse({ index: 'a', keepAlive: 'a minute' }).error?.issues.map((issue) => issue.path), [['keepAlive']]);
  assert.deepEqual(search.input.safeParse({ index: 'a', size: 10 }).error?.issues.map((issue) => issue.code), ['unrecognized_keys']);
});
