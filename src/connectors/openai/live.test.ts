import { test } from 'node:test';
import assert from 'node:assert/strict';
import openai from './index.ts';
import { embed, generate } from './operations/index.ts';
import { openaiSchema } from './schema.ts';

// The real OpenAI API cannot be reached without a key: this suite runs only when
// ZIGGY_LIVE_OPENAI_API_KEY is set (see docs/connectors/openai.md#how-it-is-verified).
const env = process.env;
const apiKey = env.ZIGGY_LIVE_OPENAI_API_KEY;
const skip = apiKey === undefined || apiKey === '' ? 'ZIGGY_LIVE_OPENAI_API_KEY is not set: no real OpenAI account to test against' : false;
const chatModel = env.ZIGGY_LIVE_OPENAI_MODEL ?? 'gpt-4o-mini';
const embeddingModel = env.ZIGGY_LIVE_OPENAI_EMBEDDING_MODEL ?? 'text-embedding-3-small';

function liveConfig(overrides: Record<string, unknown> = {}) {
  const config: Record<string, unknown> = { apiKey, maxRetries: 0 };
  if (env.ZIGGY_LIVE_OPENAI_ORGANIZATION) config.organization = env.ZIGGY_LIVE_OPENAI_ORGANIZATION;
  if (env.ZIGGY_LIVE_OPENAI_PROJECT) config.project = env.ZIGGY_LIVE_OPENAI_PROJECT;
  if (env.ZIGGY_LIVE_OPENAI_BASE_URL) config.baseURL = env.ZIGGY_LIVE_OPENAI_BASE_URL;
  return openaiSchema.parse({ ...config, ...overrides });
}

function check(config: ReturnType<typeof liveConfig>) {
  return openai.testConnection(config, { signal: new AbortController().signal, timeoutMs: 30_000 });
}

const run = () => ({ signal: new AbortController().signal, log: () => undefined });

test('the key tests ok against the real API', { skip }, async () => {
  const result = await check(liveConfig());
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
});

test('a wrong key is blamed on apiKey by the real API', { skip }, async () => {
  const result = await check(liveConfig({ apiKey: 'sk-proj-ziggy-live-wrong-key' }));
  assert.equal(result.field, 'apiKey', result.message);
});

test('a wrong organization is blamed on organization by the real API', { skip }, async () => {
  const result = await check(liveConfig({ organization: 'org-ziggyDoesNotExist000000' }));
  assert.equal(result.field, 'organization', result.message);
});

test('a wrong project is blamed on project by the real API', { skip }, async () => {
  const result = await check(liveConfig({ project: 'proj_ziggyDoesNotExist000000' }));
  assert.equal(result.field, 'project', result.message);
});

test('generate with a JSON schema and embed work against the real API', { skip }, async () => {
  const client = await openai.createClient(liveConfig());
  const schema = { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'], additionalProperties: false };
  const generated = await generate.run(client, generate.input.parse({ model: chatModel, prompt: 'What is 2 + 2?', jsonSchema: { schema } }), run());
  assert.deepEqual(generated.json, { answer: 4 });
  const embedded = await embed.run(client, embed.input.parse({ model: embeddingModel, texts: ['hello', ''] }), run());
  assert.equal(embedded.embedded, 1);
  assert.equal(embedded.failed, 1);
});
