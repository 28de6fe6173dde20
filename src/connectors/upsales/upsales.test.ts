import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeUpsales, type FakeUpsales } from '../../../test/fakes/upsales.ts';
import { blackHole } from '../../../test/support/sockets.ts';
import { parseConfig, resolveConfig, ZiggyError } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { UpsalesApiError } from './client.ts';
import upsales from './index.ts';
import { create, get, list, update } from './operations/index.ts';
import { upsalesSchema } from './schema.ts';

// Our fetch client against a fake of the Upsales REST API on 127.0.0.1 (test/fakes/upsales.ts).
let fake: FakeUpsales;
before(async () => {
  fake = await startFakeUpsales();
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  for (const rows of Object.values(fake.records)) rows.length = 0;
});

const seedSource = `{
url: 'https://power.upsales.com/api/v2/',
apiKey: secrets.UPSALES_API_KEY
}`;

function fakeConfig(overrides: Record<string, unknown> = {}) {
  return upsalesSchema.parse({ url: fake.url, apiKey: fake.apiKey, maxRetries: 0, ...overrides });
}

runConnectorContract(upsales, {
  seedSource,
  seedExpected: { url: 'https://power.upsales.com/api/v2/', apiKey: 'dummy-UPSALES_API_KEY' },
  live: async () => ({ url: fake.url, apiKey: fake.apiKey }),
  refusedPort: (port) => ({ url: `http://127.0.0.1:${port}/api/v2/`, apiKey: 'unused' }),
  unknownHost: { url: 'http://nonexistent.invalid/api/v2/', apiKey: 'unused' },
  serverFields: { host: 'url', port: 'url' },
});

function check(config: Record<string, unknown>) {
  return upsales.testConnection(upsalesSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

function context() {
  const lines: string[] = [];
  return { lines, signal: new AbortController().signal, log: (line: string) => void lines.push(line) };
}

test("the seed's object with the fake's url, the key as a secret, tests ok as the current user, the key sent as ?token=", async () => {
  const source = `{ url: '${fake.url}', apiKey: secrets.UPSALES_API_KEY }`;
  const config = resolveConfig(parseConfig(source), { mode: 'dev', connection: 'seed', lookup: () => fake.apiKey });
  const result = await check(config);
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.details, { userId: 1, user: 'Integration User', account: 'Example AB' });
  assert.deepEqual(result.steps.map((step) => step.name), ['read current user']);
  const sent = fake.requests.at(-1);
  assert.equal(sent?.path, '/api/v2/self');
  assert.equal(sent?.query.get('token'), fake.apiKey);
});

test('a wrong API key (401) is blamed on apiKey and never shown', async () => {
  const wrong = 'upsales-canary-Wrong-Token-5150';
  const result = await check({ url: fake.url, apiKey: wrong });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'apiKey');
  assert.ok(!JSON.stringify(result).includes(wrong));
});

test('a key without API access (403) is blamed on apiKey', async () => {
  const result = await check({ url: fake.url, apiKey: fake.forbiddenKey });
  assert.equal(result.code, 'access_denied', result.message);
  assert.equal(result.field, 'apiKey');
});

test('a url without /api/v2/ is blamed on url, with the corrected url in the hint', async () => {
  const result = await check({ url: 'https://power.upsales.com/', apiKey: 'k' });
  assert.equal(result.code, 'url_invalid', result.message);
  assert.equal(result.field, 'url');
  assert.equal(result.hint, "Use url: 'https://power.upsales.com/api/v2/'.");
  assert.deepEqual(result.steps, [], 'nothing was sent');
});

test('a url that ends in /api/v2/ but reaches no Upsales API (HTML 404) is blamed on url', async () => {
  const result = await check({ url: fake.url.replace('/api/v2/', '/proxy/api/v2/'), apiKey: fake.apiKey });
  assert.equal(result.code, 'not_found', result.message);
  assert.equal(result.field, 'url');
});

test('a rate-limited test says so without blaming a field', async () => {
  fake.rateLimitNext(1, 1);
  const result = await check({ url: fake.url, apiKey: fake.apiKey });
  assert.equal(result.code, 'rate_limited', result.message);
  assert.equal(result.field, undefined);
});

test("a server silent past the connection's own timeout gives timeout on url", async () => {
  const hole = await blackHole();
  try {
    const result = await check({ url: `http://127.0.0.1:${hole.port}/api/v2/`, apiKey: 'k', timeout: 200 });
    assert.equal(result.code, 'timeout', result.message);
    assert.equal(result.field, 'url');
    assert.match(result.message, /connection's timeout/);
  } finally {
    await hole.close();
  }
});

test('the url defaults to Upsales itself, so { apiKey } alone is a valid config', () => {
  assert.equal(upsalesSchema.parse({ apiKey: 'k' }).url, 'https://power.upsales.com/api/v2/');
});

test('the client retries a 429 after the Retry-After Upsales sends, then succeeds', async () => {
  const client = await upsales.createClient(fakeConfig({ maxRetries: 2 }));
  fake.rateLimitNext(1, 1);
  const before = fake.requests.length;
  const user = await client.get<{ name: string }>('self');
  assert.equal(user.name, 'Integration User');
  const [limited, retried] = fake.requests.slice(before);
  assert.ok(limited !== undefined && retried !== undefined);
  assert.ok(retried.at - limited.at >= 950, `retried after ${Math.round(retried.at - limited.at)} ms, not the 1 s Retry-After`);
});

test("the client's errors name status, method and path, and never the token", async () => {
  const client = await upsales.createClient(fakeConfig());
  await assert.rejects(client.get('accounts/999'), (error: unknown) => {
    assert.ok(error instanceof UpsalesApiError);
    assert.equal(error.status, 404);
    assert.equal(error.message, 'Upsales answered 404 to GET /accounts/999: No accounts with id 999');
    assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(fake.apiKey));
    return true;
  });
});

test('the client refuses a path that leads outside the API url, so the token never goes elsewhere', async () => {
  const client = await upsales.createClient(fakeConfig());
  const before = fake.requests.length;
  await assert.rejects(client.get('https://elsewhere.example/steal'), /leads outside it/);
  await assert.rejects(client.get('../../admin'), /leads outside it/);
  assert.equal(fake.requests.length, before);
});

test('create: each record is created with its id; a refused one is in failed with why, and the rest still written', async () => {
  const client = await upsales.createClient(fakeConfig());
  const params = create.input.parse({ entity: 'companies', records: [{ name: 'Acme AB' }, { phone: '123' }, { name: 'Globex AB' }] });
  const run = context();
  const output = await create.run(client, params, run);
  assert.deepEqual(output.written.map((entry) => [entry.index, entry.id, entry.record.name]), [[0, 1, 'Acme AB'], [2, 2, 'Globex AB']]);
  assert.deepEqual(output.failed, [{ index: 1, status: 400, error: 'Upsales answered 400 to POST /accounts: name is required' }]);
  assert.deepEqual(fake.records.accounts?.map((row) => row.name), ['Acme AB', 'Globex AB']);
  assert.deepEqual(run.lines, ['create: 3 of 3 records']);
});

test('create: a refused key stops the batch with forbidden naming apiKey, after one request', async () => {
  const client = await upsales.createClient(fakeConfig({ apiKey: 'wrong' }));
  const before = fake.requests.length;
  const params = create.input.parse({ entity: 'contacts', records: [{ name: 'A' }, { name: 'B' }] });
  await assert.rejects(create.run(client, params, context()), (error: unknown) => error instanceof ZiggyError && error.id === 'forbidden' && error.details?.field === 'apiKey');
  assert.equal(fake.requests.length - before, 1);
});

test('update: the fields given change; an unknown id is a per-record failure', async () => {
  const client = await upsales.createClient(fakeConfig());
  await create.run(client, create.input.parse({ entity: 'orders', records: [{ description: 'Licences', value: 100 }] }), context());
  const params = update.input.parse({ entity: 'orders', records: [{ id: 1, value: 250 }, { id: 77, value: 1 }] });
  const output = await update.run(client, params, context());
  assert.deepEqual(output.written.map((entry) => [entry.id, entry.record.description, entry.record.value]), [[1, 'Licences', 250]]);
  assert.equal(output.failed[0]?.index, 1);
  assert.equal(output.failed[0]?.status, 404);
  const sent = fake.requests.at(-2);
  assert.equal(sent?.method, 'PUT');
  assert.deepEqual(sent?.body, { value: 250 });
});

test('get: a record by id; an unknown id is not_found', async () => {
  const client = await upsales.createClient(fakeConfig());
  await create.run(client, create.input.parse({ entity: 'activities', records: [{ description: 'Call Acme' }] }), context());
  const output = await get.run(client, get.input.parse({ entity: 'activities', id: 1 }), context());
  assert.equal(output.record.description, 'Call Acme');
  await assert.rejects(get.run(client, get.input.parse({ entity: 'activities', id: '2' }), context()), (error: unknown) => error instanceof ZiggyError && error.id === 'not_found');
});

test('list: pages through limit/offset until the total, with filters and sort as query parameters', async () => {
  const client = await upsales.createClient(fakeConfig());
  fake.records.contacts?.push(
    ...Array.from({ length: 7 }, (_, index) => ({ id: index + 1, name: `Contact ${index + 1}`, active: index % 2 === 0 ? 1 : 0 })),
  );
  const run = context();
  const all = await list.run(client, list.input.parse({ entity: 'contacts', pageSize: 3 }), run);
  assert.equal(all.records.length, 7);
  assert.equal(all.total, 7);
  assert.equal(all.pages, 3);
  assert.deepEqual(run.lines, ['list: page 1, 3 of 7 records', 'list: page 2, 6 of 7 records', 'list: page 3, 7 of 7 records']);
  const pages = fake.requests.slice(-3).map((request) => [request.query.get('limit'), request.query.get('offset')]);
  assert.deepEqual(pages, [['3', '0'], ['3', '3'], ['3', '6']]);

  const active = await list.run(client, list.input.parse({ entity: 'contacts', filters: { active: 1 }, sort: '-name', maxRecords: 2 }), context());
  assert.deepEqual(active.records.map((row) => row.name), ['Contact 7', 'Contact 5']);
  assert.equal(active.total, 4);
  assert.equal(fake.requests.at(-1)?.query.get('limit'), '2');
});

test('list: companies are the accounts path of the API', async () => {
  const client = await upsales.createClient(fakeConfig());
  await list.run(client, list.input.parse({ entity: 'companies' }), context());
  assert.equal(fake.requests.at(-1)?.path, '/api/v2/accounts');
});
