import { test } from 'node:test';
import assert from 'node:assert/strict';
import hubspot from './index.ts';
import { hubspotSchema } from './schema.ts';

// HubSpot cannot run on this machine: this suite runs only when ZIGGY_LIVE_HUBSPOT_ACCESS_TOKEN
// holds a private app's token with crm.objects.contacts.read (see docs/connectors/hubspot.md).
// It only reads.
const accessToken = process.env.ZIGGY_LIVE_HUBSPOT_ACCESS_TOKEN;
const skip = accessToken === undefined || accessToken === '' ? 'ZIGGY_LIVE_HUBSPOT_ACCESS_TOKEN is not set: no real HubSpot account to test against' : false;
const context = () => ({ signal: new AbortController().signal, timeoutMs: 30_000 });

test('the connection test passes against the real account, with its portal id and the token scopes', { skip }, async () => {
  const result = await hubspot.testConnection(hubspotSchema.parse({ accessToken, numberOfApiCallRetries: 3 }), context());
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
  assert.equal(typeof result.details?.portalId, 'number');
  if (accessToken?.startsWith('pat-')) assert.match(String(result.details?.scopes), /crm\.objects\.contacts\.read/);
});

test('a wrong token is refused by the real API and blamed on accessToken', { skip }, async () => {
  const result = await hubspot.testConnection(hubspotSchema.parse({ accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000' }), context());
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'accessToken');
});

test('the Read block lists and searches real contacts', { skip }, async () => {
  const client = await hubspot.createClient(hubspotSchema.parse({ accessToken }));
  const read = hubspot.operations.read;
  assert.ok(read !== undefined);
  const operationContext = { signal: new AbortController().signal, log: () => undefined };
  const listed = (await read.run(client, read.input.parse({ objectType: 'contacts', limit: 3 }), operationContext)) as { records: unknown[] };
  assert.ok(listed.records.length <= 3);
  const found = (await read.run(
    client,
    read.input.parse({ objectType: 'contacts', limit: 3, filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '2000-01-01T00:00:00Z' }] }),
    operationContext,
  )) as { records: unknown[]; total: number };
  assert.ok(found.total >= found.records.length);
});
