import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runConnectorContract } from 'ziggy-connections/testing';
import twilio from '../index.js';
import { twilioSchema } from '../schema.js';
import { startFakeTwilio } from './fake-twilio.js';

let fake;
before(async () => {
  fake = await startFakeTwilio();
});
after(() => fake.close());

const anySid = 'AC' + '0'.repeat(32);

const seedSource = `{
  accountSid: 'AC00000000000000000000000000000000',
  authToken: secrets.TWILIO_AUTH_TOKEN,
  region: 'ie1',
  edge: 'dublin'
}`;

runConnectorContract(twilio, {
  seedSource,
  seedExpected: { accountSid: 'AC00000000000000000000000000000000', authToken: 'dummy-TWILIO_AUTH_TOKEN', region: 'ie1', edge: 'dublin' },
  live: async () => ({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url }),
  refusedPort: (port) => ({ accountSid: anySid, authToken: 'unused', baseUrl: `http://127.0.0.1:${port}` }),
  unknownHost: { accountSid: anySid, authToken: 'unused', baseUrl: 'http://nonexistent.invalid' },
  serverFields: { host: 'baseUrl', port: 'baseUrl' },
});

function check(config) {
  return twilio.testConnection(twilioSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

test('the account is fetched with the SID and token, and its name is reported', async () => {
  const result = await check({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url });
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details.account, 'Fake Account');
  assert.deepEqual(fake.requests.at(-1), { method: 'GET', path: `/2010-04-01/Accounts/${fake.accountSid}.json` });
});

test('a wrong Auth Token (401) is blamed on authToken and never shown', async () => {
  const wrong = 'twilio-canary-Wrong-Token-8080';
  const result = await check({ accountSid: fake.accountSid, authToken: wrong, baseUrl: fake.url });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'authToken');
  assert.ok(!JSON.stringify(result).includes(wrong));
});

test('an Account SID the API does not know (404) is blamed on accountSid', async () => {
  const result = await check({ accountSid: 'AC' + 'f'.repeat(32), authToken: fake.authToken, baseUrl: fake.url });
  assert.equal(result.code, 'not_found', result.message);
  assert.equal(result.field, 'accountSid');
});

test('a malformed Account SID is refused by the schema, naming the field', () => {
  const parsed = twilioSchema.safeParse({ accountSid: 'SK123', authToken: 't' });
  assert.equal(parsed.success, false);
  assert.deepEqual(parsed.error.issues[0].path, ['accountSid']);
});

test('Send SMS posts the message through the SDK and returns its sid and status', async () => {
  const client = await twilio.createClient(twilioSchema.parse({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url }));
  const sent = await twilio.operations.sendMessage.run(client, { to: '+46701234567', from: '+15005550006', body: 'Hello' }, { signal: new AbortController().signal, log() {} });
  assert.equal(sent.status, 'queued');
  assert.deepEqual(fake.messages.at(-1), { sid: sent.sid, to: '+46701234567', from: '+15005550006', body: 'Hello', status: 'queued' });
  await twilio.closeClient(client);
});
