import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fakes/openai.ts';
import { blackHole } from '../../../test/support/sockets.ts';
import { parseConfig, resolveConfig, ZiggyError } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import openai from './index.ts';
import { embed, generate } from './operations/index.ts';
import { openaiSchema } from './schema.ts';

// The real `openai` SDK against a fake of the OpenAI REST API on 127.0.0.1 (test/fakes/openai.ts).
let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(async () => {
  await fake.close();
});

const seedSource = `{
apiKey: 'your-api-key',
organization: 'your-org-****',
project: 'your-proj-***'
}`;

function fakeConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiKey: fake.apiKey, organization: fake.organization, project: fake.project, baseURL: fake.baseURL, maxRetries: 0, ...overrides };
}

runConnectorContract(openai, {
  seedSource,
  seedExpected: { apiKey: 'your-api-key', organization: 'your-org-****', project: 'your-proj-***' },
  live: async () => fakeConfig(),
  refusedPort: (port) => ({ apiKey: 'sk-unused', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }),
  unknownHost: { apiKey: 'sk-unused', baseURL: 'http://nonexistent.invalid/v1', maxRetries: 0 },
  serverFields: { host: 'baseURL', port: 'baseURL' },
});

function check(config: Record<string, unknown>) {
  return openai.testConnection(openaiSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

function context() {
  const lines: string[] = [];
  return { lines, signal: new AbortController().signal, log: (line: string) => void lines.push(line) };
}

test("the seed's object, its key as a secret and baseURL added, tests ok and reports the organization and project the API answered for", async () => {
  const source = `{ apiKey: secrets.OPENAI_API_KEY, organization: '${fake.organization}', project: '${fake.project}', baseURL: '${fake.baseURL}', maxRetries: 0 }`;
  const config = resolveConfig(parseConfig(source), { mode: 'dev', connection: 'seed', lookup: () => fake.apiKey });
  const result = await check(config);
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.details, { models: 2, organization: fake.organization, project: fake.project });
  assert.deepEqual(result.steps.map((step) => step.name), ['list models']);
  const sent = fake.requests.at(-1);
  assert.equal(sent?.headers['openai-organization'], fake.organization);
  assert.equal(sent?.headers['openai-project'], fake.project);
});

test('a wrong API key is blamed on apiKey, and neither the key nor the masked key the API echoes appears', async () => {
  const wrong = 'sk-proj-canary-Wrong-Key-4242';
  const result = await check(fakeConfig({ apiKey: wrong }));
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'apiKey');
  const text = JSON.stringify(result);
  assert.ok(!text.includes(wrong) && !text.includes('4242'), text);
});

test('an organization the key does not belong to (mismatched_organization) is blamed on organization', async () => {
  const result = await check(fakeConfig({ organization: 'org-someoneelse' }));
  assert.equal(result.code, 'wrong_organization', result.message);
  assert.equal(result.field, 'organization');
});

test('a project the key does not belong to (mismatched_project) is blamed on project', async () => {
  const result = await check(fakeConfig({ project: 'proj_elsewhere' }));
  assert.equal(result.code, 'wrong_project', result.message);
  assert.equal(result.field, 'project');
});

test('a restricted key without the Models read scope (403) is blamed on apiKey, naming the scope', async () => {
  const result = await check(fakeConfig({ apiKey: fake.restrictedKey }));
  assert.equal(result.code, 'access_denied', result.message);
  assert.equal(result.field, 'apiKey');
  assert.equal(result.message, 'The API key lacks the scope api.model.read.');
});

test('without organization and project no such headers are sent, and the key alone tests ok', async () => {
  const result = await check({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
  assert.equal(result.ok, true, result.message);
  const sent = fake.requests.at(-1);
  assert.equal(sent?.headers['openai-organization'], undefined);
  assert.equal(sent?.headers['openai-project'], undefined);
});

test('the OPENAI_* variables of the server environment are never picked up by a connection', async () => {
  const saved = { org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
  process.env.OPENAI_ORG_ID = 'org-from-the-environment';
  process.env.OPENAI_PROJECT_ID = 'proj_from_the_environment';
  try {
    const result = await check({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
    assert.equal(result.ok, true, result.message);
    assert.equal(fake.requests.at(-1)?.headers['openai-organization'], undefined);
  } finally {
    restoreEnv('OPENAI_ORG_ID', saved.org);
    restoreEnv('OPENAI_PROJECT_ID', saved.project);
  }
});

test('a baseURL where no OpenAI API lives (404 on /models) is blamed on baseURL', async () => {
  const result = await check(fakeConfig({ baseURL: fake.baseURL.replace(/\/v1$/, '/v2') }));
  assert.equal(result.code, 'not_found', result.message);
  assert.equal(result.field, 'baseURL');
});

test('a rate-limited test says so without blaming a field', async () => {
  fake.rateLimitNext(1, 1);
  const result = await check(fakeConfig());
  assert.equal(result.code, 'rate_limited', result.message);
  assert.equal(result.field, undefined);
});

test("a server silent past the connection's own timeout gives timeout on baseURL", async () => {
  const hole = await blackHole();
  try {
    const result = await check({ apiKey: 'k', baseURL: `http://127.0.0.1:${hole.port}/v1`, timeout: 200, maxRetries: 0 });
    assert.equal(result.code, 'timeout', result.message);
    assert.equal(result.field, 'baseURL');
    assert.match(result.message, /within the timeout/);
  } finally {
    await hole.close();
  }
});

test('the schema coerces timeout and maxRetries written as strings and refuses a baseURL that is not http(s)', () => {
  const parsed = openaiSchema.parse({ apiKey: 'k', timeout: '30000', maxRetries: '1' });
  assert.equal(parsed.timeout, 30_000);
  assert.equal(parsed.maxRetries, 1);
  const refused = openaiSchema.safeParse({ apiKey: 'k', baseURL: 'api.openai.com/v1' });
  assert.deepEqual(refused.error?.issues.map((issue) => issue.path), [['baseURL']]);
});

test('the client is the SDK\'s OpenAI instance, working against the fake', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  try {
    assert.ok(client instanceof OpenAI);
    const model = await client.models.retrieve('gpt-4o-mini');
    assert.equal(model.id, 'gpt-4o-mini');
  } finally {
    await openai.closeClient(client);
  }
});

test("the SDK's retry on 429 waits the Retry-After the API sends, then succeeds", async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig({ maxRetries: 2 })));
  fake.rateLimitNext(1, 1);
  const before = fake.requests.length;
  const models = await client.models.list();
  assert.equal(models.data.length, 2);
  const [limited, retried] = fake.requests.slice(before);
  assert.ok(limited !== undefined && retried !== undefined, 'two requests: the limited one and its retry');
  const waited = retried.at - limited.at;
  assert.ok(waited >= 950, `the retry came ${Math.round(waited)} ms after the 429, not after the 1 s Retry-After`);
});

test('generate: a prompt with a system message gives the text, model, finish reason and usage', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  const params = generate.input.parse({ model: 'gpt-4o-mini', system: 'Be brief.', prompt: 'Hello there', temperature: 0.2, maxTokens: 50 });
  const output = await generate.run(client, params, context());
  assert.deepEqual(output, { text: 'You said: Hello there', model: 'gpt-4o-mini', finishReason: 'stop', usage: { promptTokens: 6, completionTokens: 6, totalTokens: 12 } });
  const body = fake.requests.at(-1)?.body as Record<string, unknown>;
  assert.deepEqual(body.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }]);
  assert.equal(body.temperature, 0.2);
  assert.equal(body.max_completion_tokens, 50);
});

test('generate: messages and a JSON schema give the reply parsed as json, sent as a strict json_schema response_format', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
  const params = generate.input.parse({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Largest city in Sweden?' }],
    jsonSchema: { name: 'city', schema },
  });
  const output = await generate.run(client, params, context());
  assert.deepEqual(output.json, { city: 'text', population: 1 });
  const body = fake.requests.at(-1)?.body as Record<string, unknown>;
  assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } });
});

test('generate: prompt and messages together, or neither, are refused by the input schema', () => {
  const both = generate.input.safeParse({ model: 'm', prompt: 'a', messages: [{ role: 'user', content: 'b' }] });
  const neither = generate.input.safeParse({ model: 'm' });
  assert.equal(both.success, false);
  assert.equal(neither.success, false);
});

test('generate: an unknown model is not_found with what OpenAI said; a wrong key is forbidden naming apiKey', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  const params = generate.input.parse({ model: 'gpt-none', prompt: 'hi' });
  await assert.rejects(generate.run(client, params, context()), (error: unknown) => {
    assert.ok(error instanceof ZiggyError);
    assert.equal(error.id, 'not_found');
    assert.match(error.message, /gpt-none/);
    assert.equal(error.details?.code, 'model_not_found');
    return true;
  });
  const wrongKey = await openai.createClient(openaiSchema.parse(fakeConfig({ apiKey: 'sk-wrong-canary-9999' })));
  await assert.rejects(generate.run(wrongKey, generate.input.parse({ model: 'gpt-4o-mini', prompt: 'hi' }), context()), (error: unknown) => {
    assert.ok(error instanceof ZiggyError);
    assert.equal(error.id, 'forbidden');
    assert.equal(error.details?.field, 'apiKey');
    assert.ok(!error.message.includes('9999'), error.message);
    return true;
  });
});

test('embed: a batch of texts gives one vector per text in order, decoded from the base64 the SDK asks for', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  const params = embed.input.parse({ model: 'text-embedding-3-small', texts: ['alpha', 'beta', 'gamma'], batchSize: 2 });
  const run = context();
  const output = await embed.run(client, params, run);
  assert.equal(output.embedded, 3);
  assert.equal(output.failed, 0);
  assert.deepEqual(output.items.map((item) => item.index), [0, 1, 2]);
  for (const item of output.items) {
    assert.ok('embedding' in item && item.embedding.length === 8);
    assert.ok(Math.abs(Math.hypot(...item.embedding) - 1) < 1e-5, 'a unit vector, as the fake makes them');
  }
  assert.equal((fake.requests.at(-1)?.body as Record<string, unknown>).encoding_format, 'base64');
  assert.deepEqual(run.lines, ['embed: batch 1 of 2 done (2 of 3 texts)', 'embed: batch 2 of 2 done (3 of 3 texts)']);
});

test('embed: a text the API refuses gets its error in the result, and the others of its batch still get vectors', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig()));
  const params = embed.input.parse({ model: 'text-embedding-3-small', texts: ['one', '', 'three'], dimensions: 4 });
  const output = await embed.run(client, params, context());
  assert.equal(output.embedded, 2);
  assert.equal(output.failed, 1);
  const [first, second, third] = output.items;
  assert.ok(first !== undefined && 'embedding' in first && first.embedding.length === 4);
  assert.ok(second !== undefined && 'error' in second && /'\$\.input' is invalid/.test(second.error), JSON.stringify(second));
  assert.ok(third !== undefined && 'embedding' in third);
});

test('embed: a refused key ends the operation instead of failing every text one by one', async () => {
  const client = await openai.createClient(openaiSchema.parse(fakeConfig({ project: 'proj_other' })));
  const before = fake.requests.length;
  const params = embed.input.parse({ model: 'text-embedding-3-small', texts: ['a', 'b', 'c'] });
  await assert.rejects(embed.run(client, params, context()), (error: unknown) => error instanceof ZiggyError && error.details?.field === 'project');
  assert.equal(fake.requests.length - before, 1);
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
