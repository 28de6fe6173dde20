import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@hubspot/api-client';
import { startFakeHubSpot, type FakeHubSpot } from '../../../../test/fakes/hubspot.ts';
import { rejectsWith } from '../../../../test/support/rejects-with.ts';
import hubspot from '../index.ts';
import { hubspotSchema } from '../schema.ts';

// The Read and Write blocks through the real SDK against the fake's v3 CRM paths.
const token = 'pat-eu1-operations';
const customType = '2-7654321';
let fake: FakeHubSpot;
let client: Client;
let logged: string[];

before(async () => {
  fake = await startFakeHubSpot({ customObjectTypes: [customType] });
  fake.addToken(token, {
    portalId: 1,
    scopes: ['contacts', 'companies'].flatMap((type) => [`crm.objects.${type}.read`, `crm.objects.${type}.write`]).concat('crm.objects.custom.read'),
  });
  client = await hubspot.createClient(hubspotSchema.parse({ accessToken: token, basePath: fake.url }));
});
after(() => fake.stop());
beforeEach(() => {
  logged = [];
  for (const store of fake.objects.values()) store.clear();
  fake.associations.clear();
  fake.requests.length = 0;
});

function run(operation: 'read' | 'write' | 'associate', params: Record<string, unknown>, on: Client = client) {
  const definition = hubspot.operations[operation];
  if (definition === undefined) throw new Error(operation);
  return definition.run(on, definition.input.parse(params), { signal: new AbortController().signal, log: (line) => logged.push(line) }) as Promise<Record<string, any>>;
}

function addContacts(count: number, updatedAt?: string): void {
  for (let n = 0; n < count; n += 1) fake.addRecord('contacts', { email: `person${fake.objects.get('contacts')?.size}@example.com` }, updatedAt);
}

test('a list reads every page through paging.next.after, and stops at limit with a cursor to go on', async () => {
  addContacts(250);
  const all = await run('read', { objectType: 'contacts', properties: ['email'] });
  assert.equal(all.records.length, 250);
  assert.equal(all.next, undefined);
  assert.equal(fake.requests.filter((request) => request === 'GET /crm/v3/objects/contacts').length, 3);
  assert.equal(typeof all.records[0].createdAt, 'string');
  assert.equal(all.records[0].properties.email, 'person0@example.com');

  const first = await run('read', { objectType: 'contacts', limit: 120 });
  assert.equal(first.records.length, 120);
  const rest = await run('read', { objectType: 'contacts', after: first.next });
  assert.equal(rest.records.length, 130);
  assert.equal(rest.records[0].id, all.records[120].id);
});

test('by ids, 100 per batch read, ids HubSpot does not have are listed as missing', async () => {
  addContacts(150);
  const ids = [...(fake.objects.get('contacts')?.keys() ?? [])];
  const result = await run('read', { objectType: 'contacts', ids: [...ids, '999999'] });
  assert.equal(result.records.length, 150);
  assert.deepEqual(result.missing, ['999999']);
  assert.equal(fake.requests.filter((request) => request === 'POST /crm/v3/objects/contacts/batch/read').length, 2);
  const byEmail = await run('read', { objectType: 'contacts', ids: ['person3@example.com'], idProperty: 'email', properties: ['email'] });
  assert.equal(byEmail.records[0].properties.email, 'person3@example.com');
});

test('a search with lastmodifieddate GTE a date finds only the records changed since, over search pages of 200', async () => {
  addContacts(30, '2026-11-01T08:00:00.000Z');
  addContacts(230, '2026-12-02T08:00:00.000Z');
  const result = await run('read', {
    objectType: 'contacts',
    filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '2026-12-01T00:00:00Z' }],
    sorts: [{ propertyName: 'lastmodifieddate' }],
    properties: ['email', 'lastmodifieddate'],
  });
  assert.equal(result.total, 230);
  assert.equal(result.records.length, 230);
  assert.ok(result.records.every((record: { properties: { lastmodifieddate: string } }) => record.properties.lastmodifieddate >= '2026-12-01'));
  assert.equal(fake.requests.filter((request) => request === 'POST /crm/v3/objects/contacts/search').length, 2);
  assert.ok(logged.some((line) => line === 'found 230 of 230 contacts'));
});

test('a search limit beyond what HubSpot pages (10,000) is refused up front', async () => {
  await assert.rejects(run('read', { objectType: 'contacts', filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }], limit: 20_000 }), rejectsWith('bad_input'));
});

test('custom objects are read by their type id', async () => {
  fake.addRecord(customType, { name: 'Volvo 240' });
  const result = await run('read', { objectType: customType, properties: ['name'] });
  assert.deepEqual(result.records.map((record: { properties: { name: string } }) => record.properties.name), ['Volvo 240']);
});

test('create writes in batches of 100; a batch HubSpot refuses is reported record by record and the others are written', async () => {
  const records = Array.from({ length: 250 }, (_, n) => ({ properties: { email: n === 150 ? 'not-an-email' : `new${n}@example.com`, firstname: `N${n}` } }));
  const result = await run('write', { objectType: 'contacts', action: 'create', records });
  assert.equal(result.created, 150);
  assert.equal(result.failed, 100);
  assert.deepEqual(result.errors.map((error: { index: number }) => error.index), Array.from({ length: 100 }, (_, n) => 100 + n));
  assert.equal(result.errors[0].category, 'VALIDATION_ERROR');
  assert.match(result.errors[0].message, /Email address not-an-email is invalid/);
  assert.deepEqual(result.results.map((entry: { index: number }) => entry.index).slice(99, 101), [99, 200]);
  assert.equal(fake.objects.get('contacts')?.size, 150);
  assert.equal(fake.requests.filter((request) => request === 'POST /crm/v3/objects/contacts/batch/create').length, 3);
});

test('update reports the ids HubSpot does not find (207) and writes the rest', async () => {
  addContacts(2);
  const [first, second] = [...(fake.objects.get('contacts')?.keys() ?? [])];
  const result = await run('write', {
    objectType: 'contacts',
    action: 'update',
    records: [{ id: first, properties: { firstname: 'One' } }, { id: '424242', properties: { firstname: 'Ghost' } }, { id: second, properties: { firstname: 'Two' } }],
  });
  assert.equal(result.updated, 2);
  assert.deepEqual(result.errors, [{ index: 1, id: '424242', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.' }]);
  assert.equal(fake.objects.get('contacts')?.get(String(second))?.properties.firstname, 'Two');
});

test('upsert by email updates the existing contact and creates the new one', async () => {
  addContacts(1);
  const result = await run('write', {
    objectType: 'contacts',
    action: 'upsert',
    idProperty: 'email',
    records: [{ id: 'person0@example.com', properties: { firstname: 'Known' } }, { id: 'fresh@example.com', properties: { firstname: 'Fresh' } }],
  });
  assert.equal(result.created, 1);
  assert.equal(result.updated, 1);
  assert.deepEqual(result.results.map((entry: { index: number; new: boolean }) => [entry.index, entry.new]), [[0, false], [1, true]]);
  assert.equal(fake.objects.get('contacts')?.size, 2);
});

test('upsert without idProperty, and update without ids, are refused before anything is sent', async () => {
  await assert.rejects(run('write', { objectType: 'contacts', action: 'upsert', records: [{ id: 'a@example.com', properties: {} }] }), rejectsWith('bad_input'));
  await assert.rejects(run('write', { objectType: 'contacts', action: 'update', records: [{ properties: { firstname: 'x' } }] }), rejectsWith('bad_input'));
  assert.deepEqual(fake.requests, []);
});

test('more than 100 records per batch is refused by the input schema', () => {
  assert.equal(hubspot.operations.write?.input.safeParse({ objectType: 'contacts', action: 'create', records: [{ properties: {} }], batchSize: 101 }).success, false);
});

test('a 429 is waited out for as long as its Retry-After says, then the read goes on', async () => {
  addContacts(3);
  fake.limitNext({ times: 2, retryAfterSeconds: 1, policy: 'TEN_SECONDLY_ROLLING' });
  const started = performance.now();
  const result = await run('read', { objectType: 'contacts' });
  assert.equal(result.records.length, 3);
  assert.ok(performance.now() - started >= 1900, `waited only ${performance.now() - started} ms`);
  assert.deepEqual(logged.slice(0, 2), [
    'HubSpot rate limit (You have reached your ten_secondly_rolling limit.); retrying in 1 s',
    'HubSpot rate limit (You have reached your ten_secondly_rolling limit.); retrying in 1 s',
  ]);
});

test("the SDK's numberOfApiCallRetries retries a rate limit on its own fixed wait (1 s for the secondly limit), not Retry-After", async () => {
  const retrying = await hubspot.createClient(hubspotSchema.parse({ accessToken: token, basePath: fake.url, numberOfApiCallRetries: 3 }));
  addContacts(1);
  fake.limitNext({ times: 1, retryAfterSeconds: 0, policy: 'SECONDLY' });
  const started = performance.now();
  const page = await retrying.crm.contacts.basicApi.getPage(10);
  assert.equal(page.results.length, 1);
  assert.equal(fake.requests.length, 2);
  assert.ok(performance.now() - started >= 950, `retried after ${performance.now() - started} ms`);
});

test('a missing scope stops the operation with an error naming the scope', async () => {
  await assert.rejects(run('read', { objectType: 'deals' }), (error: Error & { id?: string }) => {
    assert.equal(error.id, 'bad_input');
    assert.match(error.message, /crm\.objects\.deals\.read/);
    return true;
  });
});

test("a client's CRM APIs keep its retry setting after another HubSpot client (e.g. a connection test's) is created", async () => {
  const retrying = await hubspot.createClient(hubspotSchema.parse({ accessToken: token, basePath: fake.url, numberOfApiCallRetries: 2 }));
  await hubspot.testConnection(hubspotSchema.parse({ accessToken: token, basePath: fake.url }), { signal: new AbortController().signal, timeoutMs: 5000 });
  fake.requests.length = 0;
  fake.limitNext({ times: 1, policy: 'SECONDLY' });
  const page = await retrying.crm.companies.basicApi.getPage(1);
  assert.deepEqual(page.results, []);
  assert.equal(fake.requests.length, 2);
});

test('associate links contacts to companies with the default association, 100 pairs a batch; a batch with an unknown id is listed as failed', async () => {
  addContacts(120);
  const company = fake.addRecord('companies', { name: 'Acme' });
  const contacts = [...(fake.objects.get('contacts')?.keys() ?? [])];
  const pairs = contacts.map((id, n) => ({ fromId: n === 110 ? '999999' : id, toId: company.id }));
  const result = await run('associate', { fromObjectType: 'contacts', toObjectType: 'companies', pairs });
  assert.equal(result.associated, 100);
  assert.equal(result.failed, 20);
  assert.deepEqual(result.errors.map((error: { index: number }) => error.index), Array.from({ length: 20 }, (_, n) => 100 + n));
  assert.match(result.errors[0].message, /CONTACT 999999 is not valid/);
  assert.ok(fake.associations.has(`contacts:${contacts[0]}->companies:${company.id}`));
  assert.equal(fake.requests.filter((request) => request === 'POST /crm/v4/associations/contacts/companies/batch/associate/default').length, 2);
});
