import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@hubspot/api-client';
import { startFakeHubSpot, type FakeHubSpot } from '../../../test/fakes/hubspot.ts';
import { parseConfig, resolveConfig } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { clientOptions } from './client.ts';
import hubspot from './index.ts';
import { hubspotSchema } from './schema.ts';

const token = 'pat-eu1-11111111-2222-3333-4444-555555555555';
const allScopes = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.custom.read'];
let fake: FakeHubSpot;

before(async () => {
  fake = await startFakeHubSpot();
  fake.addToken(token, { portalId: 145_002_233, scopes: allScopes });
});
after(() => fake.stop());

const seedSource = `{
    accessToken: secrets.HUBSPOT_API_KEY,
    numberOfApiCallRetries: 5,
}`;

runConnectorContract(hubspot, {
  seedSource,
  seedExpected: { accessToken: 'dummy-HUBSPOT_API_KEY', numberOfApiCallRetries: 5 },
  live: async () => ({ accessToken: token, basePath: fake.url }),
  refusedPort: (port) => ({ accessToken: 'pat-eu1-unused', basePath: `http://127.0.0.1:${port}` }),
  unknownHost: { accessToken: 'pat-eu1-unused', basePath: 'http://nonexistent.invalid:8080' },
  serverFields: { host: 'basePath', port: 'basePath' },
});

function check(config: Record<string, unknown>, timeoutMs = 10_000) {
  return hubspot.testConnection(hubspotSchema.parse(config), { signal: new AbortController().signal, timeoutMs });
}

/** The seed's object with basePath added, its token resolved from a secret as at run time. */
function seedWithBasePath(secretValue: string): Record<string, unknown> {
  const source = `{ accessToken: secrets.HUBSPOT_API_KEY, numberOfApiCallRetries: 5, basePath: '${fake.url}' }`;
  return resolveConfig(parseConfig(source), { mode: 'dev', connection: 'seed', lookup: () => secretValue });
}

test("the seed's object, basePath added, tests ok and reports the portal id and the token's scopes", async () => {
  const result = await check(seedWithBasePath(token));
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.steps.map((step) => step.name), ['read account details', 'read token scopes', 'read one contact']);
  assert.equal(result.details?.portalId, 145_002_233);
  assert.equal(result.details?.dataHostingLocation, 'eu1');
  assert.equal(result.details?.scopes, allScopes.join(' '));
  assert.match(result.message, /portal 145002233/);
});

test('a wrong token is blamed on accessToken (401), and never shown', async () => {
  const wrong = 'pat-eu1-canary-S3cret-Value-0000';
  const result = await check(seedWithBasePath(wrong));
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'accessToken');
  assert.ok(!JSON.stringify(result).includes(wrong));
});

test('a token without the contacts scope fails on accessToken, naming the scope HubSpot asks for', async () => {
  const narrow = 'pat-eu1-companies-only';
  fake.addToken(narrow, { portalId: 145_002_233, scopes: ['crm.objects.companies.read'] });
  const result = await check({ accessToken: narrow, basePath: fake.url });
  assert.equal(result.code, 'missing_scope', result.message);
  assert.equal(result.field, 'accessToken');
  assert.match(result.message, /crm\.objects\.contacts\.read/);
  assert.deepEqual(result.steps.map((step) => [step.name, step.ok]), [['read account details', true], ['read token scopes', true], ['read one contact', false]]);
});

test('an OAuth access token (not pat-) tests ok without scopes, which only private-app tokens reveal', async () => {
  const oauth = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';
  fake.addToken(oauth, { portalId: 99, scopes: ['crm.objects.contacts.read'] });
  const result = await check({ accessToken: oauth, basePath: fake.url });
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details?.scopes, undefined);
  assert.equal(result.details?.portalId, 99);
});

test('a basePath that is not the HubSpot API (404) is blamed on basePath', async () => {
  const result = await check({ accessToken: token, basePath: `${fake.url}/crm/v3` });
  assert.equal(result.code, 'not_found', result.message);
  assert.equal(result.field, 'basePath');
});

test('a rate-limited test says so and when to retry', async () => {
  fake.limitNext({ times: 1, retryAfterSeconds: 3, policy: 'TEN_SECONDLY_ROLLING' });
  const result = await check({ accessToken: token, basePath: fake.url });
  assert.equal(result.code, 'rate_limited', result.message);
  assert.match(result.hint ?? '', /after 3 s/);
});

test('the schema coerces numberOfApiCallRetries written as text, refuses more than the SDK allows, and the client trims basePath', () => {
  assert.equal(hubspotSchema.parse({ accessToken: 't', numberOfApiCallRetries: '3' }).numberOfApiCallRetries, 3);
  assert.deepEqual(hubspotSchema.safeParse({ accessToken: 't', numberOfApiCallRetries: 7 }).error?.issues.map((issue) => issue.path), [['numberOfApiCallRetries']]);
  assert.equal(clientOptions(hubspotSchema.parse({ accessToken: 't', basePath: 'https://proxy.example.com/' })).basePath, 'https://proxy.example.com');
  assert.deepEqual(hubspotSchema.safeParse({ accessToken: 't', basePath: 'proxy.example.com' }).error?.issues.map((issue) => issue.path), [['basePath']]);
});

test("the client is the SDK's Client, reading and writing through the CRM APIs against the fake", async () => {
  const client = await hubspot.createClient(hubspotSchema.parse({ accessToken: token, basePath: fake.url }));
  try {
    assert.ok(client instanceof Client);
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com', firstname: 'Ada' } });
    const read = await client.crm.contacts.basicApi.getById(created.id, ['email', 'firstname']);
    assert.equal(read.properties.firstname, 'Ada');
  } finally {
    await hubspot.closeClient(client);
  }
});
