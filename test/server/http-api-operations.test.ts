import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeHttpApi, type FakeHttpApi } from '../fakes/http-api.ts';
import { startHarness, type Harness, type Reply } from './harness.ts';

// The HTTP API type end to end over the REST API: a saved connection whose OAuth client secret is
// a secret, its connection test, and the REST Call block run by the server against the fake.
describe('an HTTP API connection over the REST API', () => {
  let harness: Harness;
  let fake: FakeHttpApi;
  const as = (role: 'admin' | 'operator') => (method: string, urlPath: string, body?: unknown): Promise<Reply> =>
    harness.request(method, urlPath, { token: harness.tokens[role], body });
  const expectStatus = (reply: Reply, status: number): void => assert.equal(reply.status, status, reply.text);

  before(async () => {
    [harness, fake] = await Promise.all([startHarness(), startFakeHttpApi()]);
    const admin = as('admin');
    expectStatus(await admin('PUT', '/api/secrets/API_CLIENT_SECRET', { value: fake.client.secret }), 200);
    const api = `{
      baseUrl: '${fake.url}',
      auth: { type: 'oauth2ClientCredentials', tokenUrl: '${fake.tokenUrl}', clientId: '${fake.client.id}', clientSecret: secrets.API_CLIENT_SECRET },
      test: { method: 'GET', path: '/me', expectStatus: 200 },
    }`;
    expectStatus(await admin('POST', '/api/connections', { name: 'api', type: 'http-api', devSource: api }), 201);
  });
  after(async () => {
    await harness.close();
    await fake.close();
  });

  test('the connection tests ok through the API', async () => {
    const tested = await as('operator')('POST', '/api/connections/api/test', {});
    expectStatus(tested, 200);
    assert.equal(tested.body.ok, true, tested.text);
    assert.ok(!tested.text.includes(fake.client.secret));
  });

  test('restCall pages by cursor as an operation, and a path outside baseUrl fails the run, without the secret', async () => {
    const operator = as('operator');
    const paged = await operator('POST', '/api/operations/run', {
      connection: 'api',
      operation: 'restCall',
      params: { path: '/cursor-items', rows: '/results', paging: { type: 'cursor', pointer: '/meta/next_cursor', param: 'cursor' } },
    });
    expectStatus(paged, 200);
    assert.equal(paged.body.status, 'ok', paged.text);
    assert.equal(paged.body.result.rows.length, 25);
    assert.equal(paged.body.result.pages, 3);

    const escaped = await operator('POST', '/api/operations/run', { connection: 'api', operation: 'restCall', params: { path: 'http://example.com/steal' } });
    expectStatus(escaped, 200);
    assert.equal(escaped.body.status, 'error', escaped.text);
    assert.match(escaped.body.error.message, /leads outside baseUrl/);
    for (const reply of [paged, escaped]) assert.ok(!reply.text.includes(fake.client.secret));
  });
});
