import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeHttpApi, type FakeHttpApi } from '../../../test/fakes/http-api.ts';
import { freePort } from '../../../test/support/sockets.ts';
import { parseConfig, resolveConfig, ZiggyError } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { httpApiClient, resolvePath, retryAfterMs } from './client.ts';
import httpApi from './index.ts';
import { restCall, type RestCallOutput } from './operations/rest-call.ts';
import { httpApiSchema } from './schema.ts';

// Our fetch client against a small REST API on 127.0.0.1 (test/fakes/http-api.ts).
let fake: FakeHttpApi;
before(async () => {
  fake = await startFakeHttpApi();
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
  fake.tokenRequests = 0;
  fake.tokenLifetime = 3600;
  fake.tokenDelayMs = 0;
});

const canary = 'canary-S3cret-Http-4417';

runConnectorContract(httpApi, {
  seedSource: httpApi.example,
  seedExpected: { baseUrl: 'https://api.example.com/v1/', auth: { type: 'bearer', token: 'dummy-EXAMPLE_API_TOKEN' } },
  live: async () => ({ baseUrl: fake.url, auth: { type: 'bearer', token: fake.bearerToken }, test: { path: '/me', expectStatus: 200 } }),
  refusedPort: (port) => ({ baseUrl: `http://127.0.0.1:${port}/api/`, auth: { type: 'bearer', token: 'unused' } }),
  unknownHost: { baseUrl: 'http://nonexistent.invalid/api/' },
  serverFields: { host: 'baseUrl', port: 'baseUrl' },
});

function config(overrides: Record<string, unknown> = {}) {
  return httpApiSchema.parse({ baseUrl: fake.url, ...overrides });
}

function oauth(overrides: Record<string, unknown> = {}) {
  return { type: 'oauth2ClientCredentials', tokenUrl: fake.tokenUrl, clientId: fake.client.id, clientSecret: fake.client.secret, ...overrides };
}

function check(overrides: Record<string, unknown>) {
  return httpApi.testConnection(config({ test: { path: '/me' }, ...overrides }), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

function context() {
  const lines: string[] = [];
  return { lines, signal: new AbortController().signal, log: (line: string) => void lines.push(line) };
}

test('a config written with secrets tests ok with its test request, the token as a bearer header', async () => {
  const source = `{ baseUrl: '${fake.url}', auth: { type: 'bearer', token: secrets.API_TOKEN }, test: { method: 'GET', path: '/me', expectStatus: 200 } }`;
  const resolved = resolveConfig(parseConfig(source), { mode: 'dev', connection: 'api', lookup: () => fake.bearerToken });
  const result = await httpApi.testConnection(httpApiSchema.parse(resolved), { signal: new AbortController().signal, timeoutMs: 10_000 });
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.details, { status: 200 });
  assert.equal(fake.requests.at(-1)?.path, '/api/me');
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${fake.bearerToken}`);
});

test('each auth kind reaches the API: basic, apiKey in a header, apiKey in the query, oauth2 client credentials', async () => {
  const kinds = [
    { type: 'basic', ...fake.basic },
    { type: 'apiKey', key: fake.apiKey },
    { type: 'apiKey', key: fake.apiKey, in: 'query', name: 'api_key' },
    oauth(),
    oauth({ credentialsIn: 'header' }),
  ];
  for (const auth of kinds) {
    const response = await httpApiClient(config({ auth })).get('/me');
    assert.equal(response.status, 200, JSON.stringify(auth));
    assert.deepEqual(response.json, { id: 1, name: 'Ada' });
  }
  const queryKey = fake.requests.find((request) => request.query.has('api_key'));
  assert.equal(queryKey?.query.get('api_key'), fake.apiKey);
  const unauthenticated = await httpApiClient(config()).get('/me');
  assert.equal(unauthenticated.status, 401);
});

test('a wrong credential (401) is blamed on the auth field in use, and never shown', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: 'bearer', token: canary }, 'auth.token'],
    [{ type: 'basic', username: 'ada', password: canary }, 'auth.password'],
    [{ type: 'apiKey', key: canary }, 'auth.key'],
  ];
  for (const [auth, field] of cases) {
    const result = await check({ auth });
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, field);
    assert.ok(!JSON.stringify(result).includes(canary));
  }
  const forbidden = await check({ auth: { type: 'bearer', token: fake.bearerToken }, test: { path: '/forbidden' } });
  assert.equal(forbidden.code, 'access_denied');
  assert.equal(forbidden.field, 'auth.token');
});

test('token endpoint refusals are blamed on clientId, clientSecret or scope as the endpoint says; an unreachable one on tokenUrl', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [oauth({ clientId: 'nobody' }), 'auth.clientId'],
    [oauth({ clientSecret: canary }), 'auth.clientSecret'],
    [oauth({ scope: 'admin' }), 'auth.scope'],
    [oauth({ tokenUrl: fake.tokenUrl.replace('/oauth/token', '/oauth/nothing') }), 'auth.tokenUrl'],
  ];
  for (const [auth, field] of cases) {
    const result = await check({ auth });
    assert.equal(result.ok, false);
    assert.equal(result.field, field, `${JSON.stringify(auth)}: ${result.message}`);
    assert.ok(!JSON.stringify(result).includes(canary));
  }
  const refused = await check({ auth: oauth({ tokenUrl: `http://127.0.0.1:${await freePort()}/oauth/token` }) });
  assert.equal(refused.code, 'connection_refused', refused.message);
  assert.equal(refused.field, 'auth.tokenUrl');
});

test('a wrong status is blamed on test.path, a redirect on baseUrl (not followed); a test path outside baseUrl is refused', async () => {
  const auth = { type: 'bearer', token: fake.bearerToken };
  const missing = await check({ auth, test: { path: '/nope', expectStatus: 200 } });
  assert.equal(missing.code, 'unexpected_status');
  assert.equal(missing.field, 'test.path');
  const moved = await check({ auth, test: { path: '/moved' } });
  assert.equal(moved.code, 'redirected');
  assert.equal(moved.field, 'baseUrl');
  assert.equal(fake.requests.filter((request) => request.path === '/api/me').length, 0, 'the redirect is not followed');
  const outside = await check({ auth, test: { path: '../outside' } });
  assert.equal(outside.code, 'path_invalid');
  assert.equal(outside.field, 'test.path');
});

test('a wrong auth type, or a misspelt auth key, is named in the config error', async () => {
  // As a user may type them: the schema, not TypeScript, refuses these.
  const untyped = (config: Record<string, unknown>) => httpApi.testConnection(config as never, { signal: new AbortController().signal, timeoutMs: 1000 });
  const wrongType = await untyped({ baseUrl: fake.url, auth: { type: 'bearr', token: canary } });
  assert.equal(wrongType.code, 'config_invalid');
  assert.match(wrongType.message, /auth\.type must be one of 'bearer', 'basic', 'apiKey', 'oauth2ClientCredentials'/);
  const typo = await untyped({ baseUrl: fake.url, auth: { type: 'bearer', tokn: canary } });
  assert.match(typo.message, /bearer auth: Unrecognized key: "tokn"/);
  assert.ok(!JSON.stringify([wrongType, typo]).includes(canary));
});

test('paths that leave baseUrl are refused before anything is sent', async () => {
  const client = httpApiClient(config({ auth: { type: 'bearer', token: canary } }));
  for (const path of ['../outside', '/a/%2e%2e/%2e%2e/outside', 'http://example.com/api/me', '//example.com/api/', `${fake.url.replace('/api/', '/apix/')}me`, fake.url.replace('/api/', '/outside')]) {
    await assert.rejects(client.get(path), (error: Error) => error.name === 'PathOutsideBaseError' && !error.message.includes(canary), path);
  }
  assert.equal(fake.requests.length, 0);
  assert.equal(resolvePath(fake.url, '/me').href, `${fake.url}me`);
  assert.equal(resolvePath(fake.url, '/things:batchGet').href, `${fake.url}things:batchGet`);
  assert.equal(resolvePath(fake.url, '').href, fake.url);
  assert.equal(resolvePath(fake.url.slice(0, -1), '/me').href, `${fake.url}me`, 'a baseUrl without its trailing slash');
  assert.equal(resolvePath(fake.url, `${fake.url}items?page=2`).pathname, '/api/items');
});

test('oauth2 tokens are cached, refreshed before expiry, and one refresh is shared by concurrent calls', async () => {
  const client = httpApiClient(config({ auth: oauth() }));
  fake.tokenDelayMs = 100;
  const answers = await Promise.all(Array.from({ length: 5 }, () => client.get('/me')));
  assert.ok(answers.every((answer) => answer.status === 200));
  assert.equal(fake.tokenRequests, 1);
  await client.get('/me');
  assert.equal(fake.tokenRequests, 1, 'a valid token is reused');

  // A token of 1 s is refreshed at half its life.
  fake.tokenLifetime = 1;
  const shortLived = httpApiClient(config({ auth: oauth() }));
  await shortLived.get('/me');
  await new Promise((resolve) => setTimeout(resolve, 600));
  await Promise.all([shortLived.get('/me'), shortLived.get('/me')]);
  assert.equal(fake.tokenRequests, 3);
});

test('a token the API refuses (401) is fetched again once, shared by concurrent calls, and the calls succeed', async () => {
  const client = httpApiClient(config({ auth: oauth() }));
  await client.get('/me');
  fake.revokeTokens();
  fake.tokenDelayMs = 50;
  const answers = await Promise.all([client.get('/me'), client.get('/me'), client.get('/me')]);
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200]);
  assert.equal(fake.tokenRequests, 2);
});

test('a 429 with Retry-After (seconds or an HTTP date) is retried after it; a 503 after a backoff; a POST is not retried', async () => {
  const client = httpApiClient(config({ auth: { type: 'bearer', token: fake.bearerToken } }));
  fake.queue.push({ status: 429, retryAfter: '1' });
  let started = performance.now();
  assert.equal((await client.get('/me')).status, 200);
  assert.ok(performance.now() - started >= 950, 'waited for Retry-After');
  fake.queue.push({ status: 503 }, { status: 503 });
  started = performance.now();
  assert.equal((await client.get('/me')).status, 200);
  assert.ok(performance.now() - started >= 700, 'backed off 250 then 500 ms');
  fake.queue.push({ status: 429, retryAfter: '0' });
  assert.equal((await client.put('/items', { json: {} })).status, 200);
  fake.queue.push({ status: 503 });
  fake.requests.length = 0;
  assert.equal((await client.post('/items', { json: { a: 1 } })).status, 503);
  assert.equal(fake.requests.length, 1);
  fake.queue.push({ status: 429 }, { status: 429 });
  assert.equal((await httpApiClient(config({ retries: 1, auth: { type: 'bearer', token: fake.bearerToken } })).get('/me')).status, 429, 'gives up after retries');
  // An HTTP date has whole seconds: two seconds ahead is a wait of more than one.
  fake.queue.push({ status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() });
  started = performance.now();
  assert.equal((await client.get('/me')).status, 200);
  assert.ok(performance.now() - started >= 900, 'waited until the Retry-After date');
  assert.equal(retryAfterMs('not a date'), undefined);
});

test('rateLimit spaces requests out to its rate', async () => {
  const client = httpApiClient(config({ rateLimit: 10, auth: { type: 'bearer', token: fake.bearerToken } }));
  const started = performance.now();
  await Promise.all(Array.from({ length: 15 }, () => client.get('/me')));
  // A bucket of 10 lets 10 through at once; the other 5 come at 10 a second.
  assert.ok(performance.now() - started >= 450, `took ${performance.now() - started} ms`);
});

/** restCall's output without batches. */
function collected(output: RestCallOutput | AsyncIterable<unknown>): RestCallOutput {
  assert.ok(!(Symbol.asyncIterator in output), 'expected collected rows, not batches');
  return output;
}

function rowsOf(output: RestCallOutput | AsyncIterable<unknown>): unknown[] {
  return collected(output).rows;
}

const bearer = () => ({ auth: { type: 'bearer', token: fake.bearerToken } });

test('restCall fills $$field tokens URL-encoded, sends a JSON body, and returns rows', async () => {
  const client = httpApiClient(config(bearer()));
  const one = collected(await restCall.run(client, restCall.input.parse({ path: '/users/$$id', query: { tag: '$$tag' }, record: { id: 'a/b c', tag: 'x&y' } }), context()));
  assert.deepEqual(one.rows, [{ id: 'a/b c', tag: 'x&y' }]);
  assert.equal(fake.requests.at(-1)?.path, '/api/users/a%2Fb%20c');
  const created = await restCall.run(client, restCall.input.parse({ method: 'POST', path: '/items', body: { name: 'n' } }), context());
  assert.deepEqual(created, { rows: [{ id: 'new-1', name: 'n' }], pages: 1, status: 201 });
  await assert.rejects(restCall.run(client, restCall.input.parse({ path: '/users/$$missing' }), context()), (error: ZiggyError) => error.id === 'bad_input');
});

test('restCall pages by Link header, by a next URL in the body, by cursor and by offset', async () => {
  const client = httpApiClient(config(bearer()));
  const cases = [
    { path: '/link-items', paging: { type: 'nextLink' } },
    { path: '/next-items', rows: '/data', paging: { type: 'nextLink', pointer: '/links/next' } },
    { path: '/cursor-items', rows: '/results', paging: { type: 'cursor', pointer: '/meta/next_cursor', param: 'cursor' } },
    { path: '/offset-items', rows: '/items', paging: { type: 'offset', pageSize: 10 } },
  ];
  for (const params of cases) {
    const output = collected(await restCall.run(client, restCall.input.parse(params), context()));
    assert.equal(output.rows.length, 25, params.path);
    assert.deepEqual(output.rows.map((row) => (row as { id: number }).id), Array.from({ length: 25 }, (_, index) => index + 1));
    assert.equal(output.pages, 3, params.path);
  }
  const capped = collected(await restCall.run(client, restCall.input.parse({ ...cases[0], maxRows: 12 }), context()));
  assert.equal(capped.rows.length, 12);
  assert.equal(capped.pages, 2);
  const onePage = await restCall.run(client, restCall.input.parse({ ...cases[2], maxPages: 1 }), context());
  assert.equal(rowsOf(onePage).length, 10);
});

test('restCall with batches streams one output per page, fetching each page only when it is read', async () => {
  const client = httpApiClient(config(bearer()));
  const streamed = await restCall.run(client, restCall.input.parse({ path: '/link-items', paging: { type: 'nextLink' }, batches: true, maxRows: 22 }), context());
  assert.ok(Symbol.asyncIterator in streamed);
  const seen: Array<{ page: number; rows: number; requestsSoFar: number }> = [];
  for await (const batch of streamed) seen.push({ page: batch.page, rows: batch.rows.length, requestsSoFar: fake.requests.length });
  assert.deepEqual(seen, [
    { page: 1, rows: 10, requestsSoFar: 1 },
    { page: 2, rows: 10, requestsSoFar: 2 },
    { page: 3, rows: 2, requestsSoFar: 3 },
  ]);
});

test('restCall refuses a next link that leaves baseUrl and reports a refusal without secrets', async () => {
  const client = httpApiClient(config({ auth: { type: 'apiKey', key: canary, in: 'query', name: 'api_key' } }));
  const refused = await restCall.run(client, restCall.input.parse({ path: '/me' }), context()).catch((error: unknown) => error);
  assert.ok(refused instanceof ZiggyError);
  assert.equal(refused.id, 'forbidden');
  assert.ok(!JSON.stringify({ message: refused.message, details: refused.details }).includes(canary));
  const escape = await restCall.run(client, restCall.input.parse({ path: 'http://example.com/' }), context()).catch((error: unknown) => error);
  assert.ok(escape instanceof ZiggyError && escape.id === 'bad_input' && escape.details?.field === 'path');
});
