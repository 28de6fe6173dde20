import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness, type Reply } from './server/harness.ts';
import { startFakeElasticsearch, type FakeElasticsearch } from './fakes/elasticsearch.ts';

// The Elastic Ingest and Search blocks end to end over the REST API: a saved connection whose
// API key is a secret, tested and used through the real server and the real client, against the fake.
const apiKey = { id: 'api-key-id', api_key: 'api-secret-canary-2290' };
const encoded = Buffer.from(`${apiKey.id}:${apiKey.api_key}`).toString('base64');
let harness: Harness;
let fake: FakeElasticsearch;

const admin = (method: string, path: string, body?: unknown): Promise<Reply> => harness.request(method, path, { token: harness.tokens.admin, body });
const ok = (reply: Reply, status = 200): Reply => {
  assert.equal(reply.status, status, reply.text);
  return reply;
};

before(async () => {
  [harness, fake] = await Promise.all([startHarness(), startFakeElasticsearch({ apiKeys: [apiKey] })]);
  ok(await admin('PUT', '/api/secrets/ELASTIC_API_KEY', { value: encoded }));
  const source = `{\n  node: '${fake.url}',\n  auth: {\n    apiKey: secrets.ELASTIC_API_KEY\n  },\n}`;
  ok(await admin('POST', '/api/connections', { name: 'search', type: 'elasticsearch', devSource: source }), 201);
});
after(async () => {
  await harness.close();
  await fake.close();
});

test('the saved connection tests ok over the API', async () => {
  const reply = ok(await admin('POST', '/api/connections/search/test', { mode: 'dev' }));
  assert.equal(reply.body.ok, true, reply.text);
  assert.equal(reply.body.details.clusterName, 'ziggy-fake');
});

test('Elastic Ingest over the API writes the batch and returns the refused document in its result', async () => {
  const documents = [{ sku: 'A', price: 1 }, { sku: 'B', price: 'n/a' }, { sku: 'C', price: 3 }];
  const reply = ok(await admin('POST', '/api/operations/run', { connection: 'search', operation: 'ingest', params: { index: 'catalog', documents, idField: 'sku', batchSize: 2 } }));
  assert.equal(reply.body.status, 'ok', reply.text);
  assert.deepEqual({ ...reply.body.result, errors: reply.body.result.errors.map((error: { position: number; type: string }) => [error.position, error.type]) }, {
    indexed: 2,
    failed: 1,
    errors: [[1, 'document_parsing_exception']],
    batches: 2,
    retries: 0,
  });
  assert.equal(reply.body.console.length, 2, 'a progress line per batch');
});

test('Elastic Search over the API reads past 10,000 hits in batches, and returns plain hits', async () => {
  fake.seed('clicks', Array.from({ length: 12_000 }, (_, at) => ({ n: at })));
  const reply = ok(await admin('POST', '/api/operations/run', { connection: 'search', operation: 'search', params: { index: 'clicks', batchSize: 5000, _source: ['n'] } }));
  assert.equal(reply.body.status, 'ok', reply.text);
  assert.deepEqual(reply.body.stats, { rows: 12_000, batches: 3 });
  // The run record keeps hits up to its size budget, in order, and says it dropped the rest.
  assert.equal(reply.body.truncated, true);
  assert.ok(reply.body.result.every((hit: { _source: { n: number } }, at: number) => hit._source.n === at));
  assert.equal(fake.openPits(), 0);
  const whole = ok(await admin('POST', '/api/operations/run', { connection: 'search', operation: 'search', params: { index: 'catalog', query: { term: { sku: 'C' } } } }));
  assert.deepEqual(whole.body.result.hits.map((hit: { _id: string }) => hit._id), ['C']);
  assert.equal(whole.body.result.total, 1);
});

test('a bad parameter is refused before anything is sent, and the API key shows nowhere', async () => {
  const reply = await admin('POST', '/api/operations/run', { connection: 'search', operation: 'search', params: { index: 'clicks', batchSize: 20_000 } });
  assert.equal(reply.status, 400, reply.text);
  for (const seen of [...harness.replies.map((r) => r.text), ...harness.logLines]) {
    assert.ok(!seen.includes(apiKey.api_key) && !seen.includes(encoded), 'the API key leaked');
  }
});
