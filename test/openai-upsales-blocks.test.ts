import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.ts';
import { startFakeUpsales, type FakeUpsales } from './fakes/upsales.ts';

// JavaScript Blocks in the real sandboxed runner, with the real clients against the fakes the
// connector tests use: the examples of docs/connectors/openai.md and upsales.md, as written there.
let pool: RunnerPool;
let logsDir: string;
let openaiFake: FakeOpenAI;
let upsalesFake: FakeUpsales;

before(async () => {
  logsDir = await tempLogsDir();
  openaiFake = await startFakeOpenAI();
  upsalesFake = await startFakeUpsales();
  const { resolvers } = testResolvers({
    ai: { type: 'openai', dev: { apiKey: openaiFake.apiKey, organization: openaiFake.organization, project: openaiFake.project, baseURL: openaiFake.baseURL, maxRetries: 0 } },
    badkey: { type: 'openai', dev: { apiKey: 'sk-block-canary-Key-31337', baseURL: openaiFake.baseURL, maxRetries: 0 } },
    crm: { type: 'upsales', dev: { url: upsalesFake.url, apiKey: upsalesFake.apiKey } },
    lockedcrm: { type: 'upsales', dev: { url: upsalesFake.url, apiKey: 'upsales-block-canary-7007' } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  await openaiFake.close();
  await upsalesFake.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

describe('an OpenAI connection in a JavaScript Block', () => {
  it('is the SDK client: chat.completions.create and embeddings.create as the docs write them', async () => {
    const result = await run(`async function () {
      const completion = await connections.ai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Summarise: the order shipped late.' }],
      });
      const { data } = await connections.ai.embeddings.create({ model: 'text-embedding-3-small', input: ['late shipment'] });
      return { reply: completion.choices[0].message.content, dimensions: data[0].embedding.length };
    }`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.result, { reply: 'You said: Summarise: the order shipped late.', dimensions: 8 });
  });

  it('reports a refused key as the run error, without the key', async () => {
    const result = await run("async function () { return connections.badkey.models.list(); }");
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /401/);
    assert.ok(!JSON.stringify(result).includes('sk-block-canary-Key-31337'));
  });
});

describe('an Upsales connection in a JavaScript Block', () => {
  it('is our client: create, list with filters and paging, update and get, as the docs write them', async () => {
    const result = await run(`async function () {
      const crm = connections.crm;
      const company = await crm.create('accounts', { name: 'Acme AB' });
      await crm.create('contacts', { name: 'Ada', email: 'ada@acme.example', client: { id: company.id } });
      const page = await crm.list('contacts', { 'client.id': company.id, limit: 50, offset: 0 });
      const renamed = await crm.update('accounts', company.id, { name: 'Acme Group AB' });
      const me = await crm.get('self');
      return { contacts: page.data.map((contact) => contact.name), total: page.total, renamed: renamed.name, me: me.name };
    }`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.result, { contacts: ['Ada'], total: 1, renamed: 'Acme Group AB', me: 'Integration User' });
  });

  it('reports a refused key as the run error, naming the path, without the key', async () => {
    const result = await run("async function () { return connections.lockedcrm.get('self'); }");
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /Upsales answered 401 to GET \/self/);
    assert.ok(!JSON.stringify(result).includes('upsales-block-canary-7007'));
  });
});
