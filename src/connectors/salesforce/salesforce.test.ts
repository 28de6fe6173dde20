import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { startFakeSalesforce, type FakeSalesforce } from '../../../test/fakes/salesforce.ts';
import { parseConfig, resolveConfig } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import salesforce from './index.ts';
import { salesforceSchema } from './schema.ts';

// The real jsforce against test/fakes/salesforce.ts: its SOAP login, OAuth2 token endpoint, REST query and sObject Collections.
const user = { username: 'integration@agentforce.com', password: 'H8KK87KHJA7JGH7', token: '987JHGehKJHh7KJh8wOiu77dd' };
const untrusted = { username: 'roaming@agentforce.com', password: 'Roam-4-Ever', token: 'tok3nRoaming', untrustedNetwork: true };
const noApi = { username: 'professional@agentforce.com', password: 'Pro-Edition-1', token: 'pr0Token', apiDisabled: true };

let fake: FakeSalesforce | undefined;
async function server(): Promise<FakeSalesforce> {
  fake ??= await startFakeSalesforce([user, untrusted, noApi]);
  return fake;
}
after(async () => fake?.stop());

const seedSource = `{
    username: "myemail4@agentforce.com",
    password: "H8KK87KHJA7JGH7",
    token: '987JHGehKJHh7KJh8wOiu77dd'
}`;

runConnectorContract(salesforce, {
  seedSource,
  seedExpected: { username: 'myemail4@agentforce.com', password: 'H8KK87KHJA7JGH7', token: '987JHGehKJHh7KJh8wOiu77dd', loginUrl: 'https://login.salesforce.com' },
  live: async () => ({ ...user, loginUrl: (await server()).url }),
  refusedPort: (port) => ({ ...user, loginUrl: `http://127.0.0.1:${port}` }),
  unknownHost: { ...user, loginUrl: 'https://nonexistent.invalid' },
  serverFields: { host: 'loginUrl', port: 'loginUrl' },
});

const loginOf = ({ username, password, token }: typeof user) => ({ username, password, token });

function check(config: Record<string, unknown>) {
  return salesforce.testConnection(salesforceSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

describe('SalesForce connection test against the fake, through jsforce', () => {
  test("the seed's object, with the fake's loginUrl added, logs in by SOAP with the token and reads the identity", async () => {
    const fakeServer = await server();
    const source = seedSource.replace('{', `{ loginUrl: '${fakeServer.url}',`).replace('myemail4@agentforce.com', user.username);
    const config = resolveConfig(parseConfig(source), { mode: 'dev', connection: 'crm', lookup: () => undefined });
    const result = await check(config);
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /as integration@agentforce\.com \(SOAP login with the security token\)/);
    assert.equal(result.details?.organizationId, '00D5g000004XyZaEAK');
    assert.deepEqual(result.steps.map((step) => step.name), ['log in', 'identity']);
  });

  test('a wrong password is blamed on password, and the hint names the token as the other suspect', async () => {
    const result = await check({ ...user, password: 'wrong-password', loginUrl: (await server()).url });
    assert.equal(result.code, 'auth_failed');
    assert.equal(result.field, 'password');
    assert.match(result.hint ?? '', /security token/);
    assert.ok(!JSON.stringify(result).includes('wrong-password') && !JSON.stringify(result).includes(user.token));
  });

  test('from an untrusted network without the token, LOGIN_MUST_USE_SECURITY_TOKEN is blamed on token', async () => {
    const result = await check({ username: untrusted.username, password: untrusted.password, loginUrl: (await server()).url });
    assert.equal(result.code, 'auth_failed');
    assert.equal(result.field, 'token');
    assert.match(result.hint ?? '', /Add token/);
    const withToken = await check({ ...loginOf(untrusted), loginUrl: (await server()).url });
    assert.equal(withToken.ok, true, withToken.message);
  });

  test('an org without API access says so, on username', async () => {
    const result = await check({ ...loginOf(noApi), loginUrl: (await server()).url });
    assert.equal(result.code, 'api_disabled');
    assert.equal(result.field, 'username');
  });

  test('OAuth2: the username-password flow logs in; a wrong client id, secret or password each gets its own field', async () => {
    const fakeServer = await server();
    const oauth = { ...user, clientId: fakeServer.clientId, clientSecret: fakeServer.clientSecret, loginUrl: fakeServer.url };
    const ok = await check(oauth);
    assert.equal(ok.ok, true, ok.message);
    assert.equal(ok.details?.loginFlow, 'oauth2-password');
    assert.equal((await check({ ...oauth, clientId: '3MVG9unknown' })).field, 'clientId');
    const secret = await check({ ...oauth, clientSecret: 'not-the-secret' });
    assert.equal(secret.field, 'clientSecret');
    assert.ok(!JSON.stringify(secret).includes('not-the-secret'));
    assert.equal((await check({ ...oauth, password: 'nope' })).field, 'password');
  });

  test('OAuth2 client credentials: no user, the connected app alone', async () => {
    const fakeServer = await server();
    const result = await check({ clientId: fakeServer.clientId, clientSecret: fakeServer.clientSecret, loginUrl: fakeServer.url });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.loginFlow, 'oauth2-client-credentials');
  });

  test('half an OAuth2 pair, a username without password, or nothing to log in with is refused on the field', () => {
    const issues = (config: unknown) => salesforceSchema.safeParse(config).error?.issues.map((issue) => issue.path.join('.'));
    assert.deepEqual(issues({ ...user, clientId: 'x' }), ['clientSecret']);
    assert.deepEqual(issues({ username: user.username }), ['password']);
    assert.deepEqual(issues({}), ['username']);
    assert.deepEqual(issues({ ...user, version: '62' }), ['version']);
  });
});

describe('SalesForce operations and session renewal through jsforce against the fake', () => {
  let connection: Connection;
  let fakeServer: FakeSalesforce;
  const context = { signal: new AbortController().signal, log: () => undefined };
  before(async () => {
    fakeServer = await server();
    connection = await salesforce.createClient(salesforceSchema.parse({ ...user, loginUrl: fakeServer.url }));
  });
  after(async () => salesforce.closeClient(connection));

  const run = (name: 'query' | 'describe' | 'write', params: unknown) => {
    const operation = salesforce.operations[name];
    assert.ok(operation !== undefined);
    return operation.run(connection, operation.input.parse(params), context);
  };

  test('write inserts in batches and reports a refused record in its result without stopping the others', async () => {
    const records = [...Array.from({ length: 7 }, (_, index) => ({ Name: `Acme ${index}`, ERP_Id__c: `ERP-${index}` })), { ERP_Id__c: 'no-name' }];
    const result = (await run('write', { object: 'Account', action: 'insert', records, batchSize: 3 })) as {
      succeeded: number;
      failed: number;
      results: Array<{ index: number; success: boolean; id: string | null; errors: Array<{ code: string; fields: string[] }> }>;
    };
    assert.equal(result.succeeded, 7);
    assert.equal(result.failed, 1);
    assert.deepEqual(result.results.map((entry) => entry.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(result.results[7]?.errors, [{ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }]);
    assert.equal(fakeServer.records.get('Account')?.size, 7);
  });

  test('query follows queryMore to the end; batches stream one page per output; maxRecords stops early', async () => {
    const all = (await run('query', { soql: 'SELECT Id, Name FROM Account' })) as { records: Array<Record<string, unknown>>; totalSize: number; complete: boolean };
    assert.equal(all.records.length, 7, 'seven records over three pages of three');
    assert.equal(all.totalSize, 7);
    assert.equal(all.complete, true);
    assert.ok(all.records.every((record) => !('attributes' in record)));
    const some = (await run('query', { soql: 'SELECT Id FROM Account', maxRecords: 4 })) as { records: unknown[]; complete: boolean };
    assert.equal(some.records.length, 4);
    assert.equal(some.complete, false);
    const pages: number[] = [];
    for await (const page of (await run('query', { soql: 'SELECT Id FROM Account', batches: true })) as AsyncIterable<{ batch: number; rows: unknown[] }>) {
      pages.push(page.rows.length);
    }
    assert.deepEqual(pages, [3, 3, 1]);
  });

  test('upsert by an external id updates matches and creates the rest; delete reports an unknown id per record', async () => {
    const upserted = (await run('write', {
      object: 'Account',
      action: 'upsert',
      externalIdField: 'ERP_Id__c',
      records: [{ ERP_Id__c: 'ERP-0', Name: 'Acme renamed' }, { ERP_Id__c: 'ERP-new', Name: 'Newco' }],
    })) as { results: Array<{ created?: boolean; id: string }> };
    assert.deepEqual(upserted.results.map((entry) => entry.created), [false, true]);
    const id = upserted.results[1]?.id ?? '';
    const deleted = (await run('write', { object: 'Account', action: 'delete', records: [{ Id: id }, { Id: '001000000000000AAA' }] })) as {
      succeeded: number;
      results: Array<{ success: boolean; errors: Array<{ code: string }> }>;
    };
    assert.equal(deleted.succeeded, 1);
    assert.equal(deleted.results[1]?.errors[0]?.code, 'ENTITY_IS_DELETED');
    assert.throws(() => salesforce.operations.write?.input.parse({ object: 'Account', action: 'upsert', records: [{}] }), /externalIdField/);
  });

  test('above bulkThreshold, one Bulk API 2.0 job writes the records, and refused rows come back with their errors', async () => {
    const jobsBefore = fakeServer.bulkJobs();
    const records = [...Array.from({ length: 25 }, (_, index) => ({ Name: `Bulk ${index}`, ERP_Id__c: `BULK-${index}` })), { ERP_Id__c: 'BULK-nameless' }];
    const result = (await run('write', { object: 'Account', action: 'insert', records, bulkThreshold: 10 })) as {
      api: string;
      succeeded: number;
      failed: number;
      results: Array<{ index: number | null; success: boolean; id: string | null; record?: Record<string, string>; errors: Array<{ code: string; message: string }> }>;
    };
    assert.equal(fakeServer.bulkJobs(), jobsBefore + 1);
    assert.equal(result.api, 'bulk2');
    assert.equal(result.succeeded, 25);
    assert.equal(result.failed, 1);
    const refused = result.results.find((entry) => !entry.success);
    assert.deepEqual(refused?.errors, [{ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: [] }]);
    assert.equal(refused?.record?.ERP_Id__c, 'BULK-nameless');
    assert.ok(result.results.filter((entry) => entry.success).every((entry) => entry.id?.startsWith('001') && entry.index === null));
    const names = [...(fakeServer.records.get('Account')?.values() ?? [])].map((row) => row.Name);
    assert.ok(names.includes('Bulk 24'));
  });

  test('describe lists the fields with their flags', async () => {
    const described = (await run('describe', { object: 'Account' })) as { fields: Array<{ name: string; externalId: boolean }> };
    assert.deepEqual(described.fields.map((field) => [field.name, field.externalId]), [['Id', false], ['Name', false], ['ERP_Id__c', true]]);
  });

  test('an expired or revoked session is renewed once, transparently, by logging in again', async () => {
    const loginsBefore = fakeServer.logins();
    fakeServer.expireSessions();
    const result = (await run('query', { soql: 'SELECT Id FROM Account' })) as { records: unknown[] };
    assert.ok(result.records.length > 0);
    assert.equal(fakeServer.logins(), loginsBefore + 1);
    assert.equal(salesforce.isClientAlive?.(connection), true);
  });

  test('when the renewal itself is refused (the password changed), the request fails saying so', async () => {
    const stale = await salesforce.createClient(salesforceSchema.parse({ ...loginOf(user), loginUrl: fakeServer.url }));
    const password = user.password;
    try {
      user.password = 'changed-by-an-admin';
      fakeServer.expireSessions();
      await assert.rejects(run('query', { soql: 'SELECT Id FROM Account' }), /Unable to refresh session due to: INVALID_LOGIN/);
    } finally {
      user.password = password;
      await salesforce.closeClient(stale);
    }
  });
});
