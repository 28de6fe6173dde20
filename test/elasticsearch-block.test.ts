import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startFakeElasticsearch, type FakeElasticsearch } from './fakes/elasticsearch.ts';

// JavaScript Blocks in the real sandboxed runner, with the real @elastic/elasticsearch client
// against the REST fake (no Elasticsearch runs here): the examples of
// docs/connectors/elasticsearch.md, as written there.
const apiKey = { id: 'block-key', api_key: 'block-secret-7720' };
let fake: FakeElasticsearch;
let pool: RunnerPool;
let logsDir: string;
let examples: string[];

before(async () => {
  fake = await startFakeElasticsearch({ apiKeys: [apiKey] });
  logsDir = await tempLogsDir();
  const { resolvers } = testResolvers({
    search: { type: 'elasticsearch', dev: { node: fake.url, auth: { apiKey } } },
    locked: { type: 'elasticsearch', dev: { node: fake.url, auth: { apiKey: { id: apiKey.id, api_key: 'wrong-canary-6604' } } } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
  const page = await readFile(new URL('../docs/connectors/elasticsearch.md', import.meta.url), 'utf8');
  examples = [...page.matchAll(/```javascript\n(async function \(\) \{[\s\S]*?\n\})\n```/g)].map((match) => match[1] ?? '');
});

after(async () => {
  await pool.close();
  await fake.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

test("the docs' first block example indexes a document and finds it with the SDK client", async () => {
  assert.equal(examples.length, 2, 'the page has two block examples');
  const result = await run(examples[0] ?? '');
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  assert.deepEqual(result.result, [{ customer: 'Alfreds', total: 42.5 }]);
  assert.equal(fake.documents('orders')[0]?._id, 'A-1001');
});

test("the docs' point-in-time example pages with the client and closes the point in time", async () => {
  fake.seed('orders', Array.from({ length: 1500 }, (_, at) => ({ customer: `C-${at}` })));
  const result = await run(examples[1] ?? '');
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  assert.equal(result.result, 1000);
  assert.equal(fake.openPits(), 0);
});

test('a refused API key is the run error, without the key', async () => {
  const result = await run('async function () { return connections.locked.info(); }');
  assert.equal(result.status, 'error');
  assert.match(result.error?.message ?? '', /security_exception/);
  assert.ok(!JSON.stringify(result).includes('wrong-canary-6604'));
});
