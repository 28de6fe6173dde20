import { test } from 'node:test';
import assert from 'node:assert/strict';
import elasticsearch from './index.ts';
import { elasticsearchSchema } from './schema.ts';

// No Elasticsearch runs on this machine: this suite runs only when ZIGGY_LIVE_ELASTICSEARCH holds
// a connection object as JSON (see docs/connectors/elasticsearch.md#how-it-is-verified).
const given = process.env.ZIGGY_LIVE_ELASTICSEARCH;
const skip = given === undefined || given === '' ? 'ZIGGY_LIVE_ELASTICSEARCH is not set: no real cluster to test against' : false;

function liveConfig() {
  return elasticsearchSchema.parse(JSON.parse(given ?? '{}'));
}

test('the connection test passes against the real cluster and says which flavour it is', { skip }, async () => {
  const config = liveConfig();
  const result = await elasticsearch.testConnection(config, { signal: new AbortController().signal, timeoutMs: 30_000 });
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
  assert.equal(result.details?.serverless, config.serverMode === 'serverless');
});

test('a wrong credential is blamed on the auth field the config uses', { skip }, async () => {
  const config = liveConfig();
  const auth = config.auth?.apiKey !== undefined ? { apiKey: 'd3Jvbmc6d3Jvbmc=' } : config.auth?.bearer !== undefined ? { bearer: 'wrong' } : { username: config.auth?.username ?? 'elastic', password: 'wrong' };
  const result = await elasticsearch.testConnection({ ...config, auth }, { signal: new AbortController().signal, timeoutMs: 30_000 });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, Object.keys(auth).includes('apiKey') ? 'auth.apiKey' : Object.keys(auth).includes('bearer') ? 'auth.bearer' : 'auth.password');
});

test('Elastic Ingest and Elastic Search write and read a scratch index on the real cluster', { skip }, async () => {
  const client = await elasticsearch.createClient(liveConfig());
  const index = `ziggy-live-${process.pid}-${Date.now()}`;
  const context = { signal: new AbortController().signal, log: () => undefined };
  const { ingest, search } = elasticsearch.operations;
  assert.ok(ingest && search);
  try {
    const documents = Array.from({ length: 30 }, (_, at) => ({ sku: `S-${at}`, n: at }));
    const written = (await ingest.run(client, ingest.input.parse({ index, documents, idField: 'sku', batchSize: 10, refresh: 'wait_for' }), context)) as { indexed: number; batches: number };
    assert.deepEqual({ indexed: written.indexed, batches: written.batches }, { indexed: 30, batches: 3 });
    const found = (await search.run(client, search.input.parse({ index, sort: [{ n: 'asc' }], limit: 25 }), context)) as { hits: Array<{ _id?: string }>; total: number; truncated: boolean };
    assert.equal(found.hits.length, 25);
    assert.equal(found.hits[0]?._id, 'S-0');
    assert.deepEqual({ total: found.total, truncated: found.truncated }, { total: 30, truncated: true });
  } finally {
    await client.indices.delete({ index }, { ignore: [404] });
    await elasticsearch.closeClient(client);
  }
});
