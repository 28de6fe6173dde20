import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.ts';
import { startFakeUpsales, type FakeUpsales } from '../fakes/upsales.ts';
import { startHarness, type Harness, type Reply } from './harness.ts';

// The OpenAI and Upsales blocks end to end over the REST API: saved connections whose keys are
// secrets, a connection test and operations run by the server against the protocol fakes.
describe('OpenAI and Upsales connections over the REST API', () => {
  let harness: Harness;
  let openaiFake: FakeOpenAI;
  let upsalesFake: FakeUpsales;
  const as = (role: 'admin' | 'operator') => (method: string, urlPath: string, body?: unknown): Promise<Reply> =>
    harness.request(method, urlPath, { token: harness.tokens[role], body });
  const expectStatus = (reply: Reply, status: number): void => assert.equal(reply.status, status, reply.text);

  before(async () => {
    [harness, openaiFake, upsalesFake] = await Promise.all([startHarness(), startFakeOpenAI(), startFakeUpsales()]);
    const admin = as('admin');
    expectStatus(await admin('PUT', '/api/secrets/OPENAI_API_KEY', { value: openaiFake.apiKey }), 200);
    expectStatus(await admin('PUT', '/api/secrets/UPSALES_API_KEY', { value: upsalesFake.apiKey }), 200);
    const ai = `{ apiKey: secrets.OPENAI_API_KEY, organization: '${openaiFake.organization}', project: '${openaiFake.project}', baseURL: '${openaiFake.baseURL}', maxRetries: 0 }`;
    expectStatus(await admin('POST', '/api/connections', { name: 'ai', type: 'openai', devSource: ai }), 201);
    const crm = `{ url: '${upsalesFake.url}', apiKey: secrets.UPSALES_API_KEY }`;
    expectStatus(await admin('POST', '/api/connections', { name: 'crm', type: 'upsales', devSource: crm }), 201);
  });
  after(async () => {
    await harness.close();
    await Promise.all([openaiFake.close(), upsalesFake.close()]);
  });

  test('both connections test ok through the API', async () => {
    for (const name of ['ai', 'crm']) {
      const tested = await as('operator')('POST', `/api/connections/${name}/test`, {});
      expectStatus(tested, 200);
      assert.equal(tested.body.ok, true, tested.text);
    }
  });

  test('OpenAI generate and embed run as operations, the refused text in the result', async () => {
    const operator = as('operator');
    const generated = await operator('POST', '/api/operations/run', { connection: 'ai', operation: 'generate', params: { model: 'gpt-4o-mini', prompt: 'Hello' } });
    expectStatus(generated, 200);
    assert.equal(generated.body.status, 'ok', generated.text);
    assert.equal(generated.body.result.text, 'You said: Hello');

    const embedded = await operator('POST', '/api/operations/run', { connection: 'ai', operation: 'embed', params: { model: 'text-embedding-3-small', texts: ['a', ''] } });
    expectStatus(embedded, 200);
    assert.equal(embedded.body.status, 'ok', embedded.text);
    assert.equal(embedded.body.result.embedded, 1);
    assert.equal(embedded.body.result.failed, 1);

    const badParams = await operator('POST', '/api/operations/run', { connection: 'ai', operation: 'generate', params: { model: 'gpt-4o-mini' } });
    expectStatus(badParams, 400);
  });

  test('Upsales create and list run as operations, the refused record in the result', async () => {
    const operator = as('operator');
    const created = await operator('POST', '/api/operations/run', {
      connection: 'crm',
      operation: 'create',
      params: { entity: 'companies', records: [{ name: 'Acme AB' }, { phone: '1' }] },
    });
    expectStatus(created, 200);
    assert.equal(created.body.status, 'ok', created.text);
    assert.deepEqual(created.body.result.written.map((entry: { id: number }) => entry.id), [1]);
    assert.equal(created.body.result.failed[0].status, 400);

    const listed = await operator('POST', '/api/operations/run', { connection: 'crm', operation: 'list', params: { entity: 'companies', filters: { name: 'Acme AB' } } });
    expectStatus(listed, 200);
    assert.deepEqual(listed.body.result.records.map((record: { name: string }) => record.name), ['Acme AB']);

    const missing = await operator('POST', '/api/operations/run', { connection: 'crm', operation: 'get', params: { entity: 'companies', id: 404 } });
    expectStatus(missing, 200);
    assert.equal(missing.body.status, 'error');
  });

  test('no key appears in any reply or log line', () => {
    const seen = [...harness.replies.map((reply) => reply.text), ...harness.logLines].join('\n');
    assert.ok(!seen.includes(openaiFake.apiKey), 'the OpenAI key leaked');
    assert.ok(!seen.includes(upsalesFake.apiKey), 'the Upsales key leaked');
  });
});
