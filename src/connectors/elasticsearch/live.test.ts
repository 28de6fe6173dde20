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
