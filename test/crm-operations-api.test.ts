import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeHubSpot, type FakeHubSpot } from './fakes/hubspot.ts';
import { startFakeSalesforce, type FakeSalesforce } from './fakes/salesforce.ts';
import { startHarness, type Harness, type Reply } from './server/harness.ts';

// The HubSpot and SalesForce blocks end to end over the REST API: saved connections whose tokens and
// passwords are secrets, tested and run through the real server and the real SDKs, against the fakes.
const hubspotToken = 'pat-eu1-canary-hubspot-5531';
const salesforceUser = { username: 'api@agentforce.com', password: 'Canary-Sf-Pass-8812', token: 'canarySfToken77' };
let harness: Harness;
let hubspot: FakeHubSpot;
let salesforce: FakeSalesforce;

const admin = (method: string, path: string, body?: unknown): Promise<Reply> => harness.request(method, path, { token: harness.tokens.admin, body });
const operator = (method: string, path: string, body?: unknown): Promise<Reply> => harness.request(method, path, { token: harness.tokens.operator, body });
const ok = (reply: Reply, status = 200): Reply => {
  assert.equal(reply.status, status, reply.text);
  return reply;
};

before(async () => {
  [harness, hubspot, salesforce] = await Promise.all([startHarness(), startFakeHubSpot(), startFakeSalesforce([salesforceUser])]);
  hubspot.addToken(hubspotToken, { portalId: 7, scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'] });
  ok(await admin('PUT', '/api/secrets/HUBSPOT_API_KEY', { value: hubspotToken }));
  ok(await admin('PUT', '/api/secrets/SF_PASSWORD', { value: salesforceUser.password }));
  ok(await admin('PUT', '/api/secrets/SF_TOKEN', { value: salesforceUser.token }));
  const crm = `{ accessToken: secrets.HUBSPOT_API_KEY, numberOfApiCallRetries: 3, basePath: '${hubspot.url}' }`;
  ok(await admin('POST', '/api/connections', { name: 'crm', type: 'hubspot', devSource: crm }), 201);
  const sf = `{ username: '${salesforceUser.username}', password: secrets.SF_PASSWORD, token: secrets.SF_TOKEN, loginUrl: '${salesforce.url}' }`;
  ok(await admin('POST', '/api/connections', { name: 'sales', type: 'salesforce', devSource: sf }), 201);
});
after(async () => {
  await harness.close();
  await Promise.all([hubspot.stop(), salesforce.stop()]);
});

test('both saved connections test ok over the API', async () => {
  for (const name of ['crm', 'sales']) {
    const reply = ok(await operator('POST', `/api/connections/${name}/test`, { mode: 'dev' }));
    assert.equal(reply.body.ok, true, reply.text);
  }
});

test('HubSpot Write then Read over the API: a batch create, then a search by email', async () => {
  const records = [{ properties: { email: 'ada@example.com', firstname: 'Ada' } }, { properties: { email: 'alan@example.com', firstname: 'Alan' } }];
  const written = ok(await operator('POST', '/api/operations/run', { connection: 'crm', operation: 'write', params: { objectType: 'contacts', action: 'create', records } }));
  assert.equal(written.body.status, 'ok', written.text);
  const read = ok(
    await operator('POST', '/api/operations/run', {
      connection: 'crm',
      operation: 'read',
      params: { objectType: 'contacts', filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.com' }], properties: ['email', 'firstname'] },
    }),
  );
  assert.equal(read.body.status, 'ok', read.text);
  assert.deepEqual(read.body.result.records.map((record: { properties: { firstname: string } }) => record.properties.firstname), ['Ada']);
});

test('SalesForce Write then Read over the API: per-record errors in the result, then a paged SOQL query', async () => {
  const records = [{ Name: 'Acme' }, { Name: 'Globex' }, { Industry: 'no name' }, { Name: 'Initech' }, { Name: 'Umbrella' }];
  const written = ok(await operator('POST', '/api/operations/run', { connection: 'sales', operation: 'write', params: { object: 'Account', action: 'insert', records } }));
  assert.equal(written.body.status, 'ok', written.text);
  assert.deepEqual([written.body.result.succeeded, written.body.result.failed], [4, 1]);
  assert.equal(written.body.result.results[2].errors[0].code, 'REQUIRED_FIELD_MISSING');
  const read = ok(await operator('POST', '/api/operations/run', { connection: 'sales', operation: 'query', params: { soql: 'SELECT Id, Name FROM Account' } }));
  assert.equal(read.body.status, 'ok', read.text);
  assert.deepEqual(read.body.result.records.map((record: { Name: string }) => record.Name).sort(), ['Acme', 'Globex', 'Initech', 'Umbrella']);
  assert.equal(read.body.result.complete, true);
});

test('a bad parameter is refused before anything is sent, and no token or password shows anywhere', async () => {
  const reply = await operator('POST', '/api/operations/run', { connection: 'sales', operation: 'write', params: { object: 'Account', action: 'upsert', records: [{}] } });
  assert.equal(reply.status, 400, reply.text);
  assert.match(reply.body.message, /externalIdField/);
  for (const seen of [...harness.replies.map((r) => r.text), ...harness.logLines]) {
    for (const secret of [hubspotToken, salesforceUser.password, salesforceUser.token]) assert.ok(!seen.includes(secret), 'a secret leaked');
  }
});
