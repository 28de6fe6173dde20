import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { runConnectorContract } from '../contract.ts';
import connector from './index.ts';
import { execute } from './client.ts';
import { startSnowflakeFake, type FakeAccount, type SnowflakeFake } from './rest-fake.ts';
import { snowflakeSchema } from './schema.ts';
import { testSnowflake, type TestDependencies } from './test-connection.ts';

const pat = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: 4102444800 })).toString('base64url')}.${'s'.repeat(180)}`;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const account: FakeAccount = {
  username: 'ETL_USER',
  password: 'pw-Correct-1',
  pat,
  publicKey: keys.publicKey,
  roles: ['ANALYST', 'PUBLIC'],
  warehouses: ['COMPUTE_WH'],
  databases: { ANALYTICS: ['PUBLIC', 'STAGING'] },
};

const fakes: SnowflakeFake[] = [];
async function fake(overrides: Partial<FakeAccount> = {}): Promise<SnowflakeFake> {
  const started = await startSnowflakeFake({ ...account, ...overrides });
  fakes.push(started);
  return started;
}
after(() => Promise.all(fakes.map((started) => started.close())));

let shared: Promise<SnowflakeFake> | undefined;
const seed = { account: 'XXXXXX-XXXXXX', username: 'ETL_USER', password: pat, authenticator: 'PROGRAMMATIC_ACCESS_TOKEN' };
async function live(): Promise<Record<string, unknown>> {
  shared ??= fake();
  return { ...seed, accessUrl: (await shared).accessUrl, warehouse: 'COMPUTE_WH', database: 'ANALYTICS', schema: 'PUBLIC', role: 'ANALYST' };
}

runConnectorContract(connector, {
  seedSource: `{ account: 'XXXXXX-XXXXXX', username: 'USER_NAME', password: secrets.SNOWFLAKE_PAT, authenticator: 'PROGRAMMATIC_ACCESS_TOKEN' }`,
  seedExpected: { account: 'XXXXXX-XXXXXX', username: 'USER_NAME', password: 'dummy-SNOWFLAKE_PAT', authenticator: 'PROGRAMMATIC_ACCESS_TOKEN' },
  live,
  refusedPort: (port) => ({ ...seed, accessUrl: `http://127.0.0.1:${port}` }),
  unknownHost: { ...seed, accessUrl: 'http://nonexistent.invalid:8080' },
  serverFields: { host: 'accessUrl', port: 'accessUrl' },
});

const noDns: TestDependencies = { resolveHost: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })) };
const anyDns: TestDependencies = { resolveHost: () => Promise.resolve({ address: '192.0.2.1' }) };

function check(config: Record<string, unknown>, dependencies = noDns) {
  return testSnowflake(snowflakeSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 5000 }, dependencies);
}

function stepsOf(result: { steps: Array<{ name: string; ok: boolean }> }): Array<[string, boolean]> {
  return result.steps.map((step) => [step.name, step.ok]);
}

test('the seed object is accepted exactly as the docs page writes it', () => {
  const parsed = snowflakeSchema.parse({ account: 'XXXXXX-XXXXXX', username: 'USER_NAME', password: 'eyJ.......', authenticator: 'PROGRAMMATIC_ACCESS_TOKEN' });
  assert.equal(parsed.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
});

test('the checklist passes end to end against the fake, each parameter confirmed on its own step', async () => {
  const result = await check(await live());
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(stepsOf(result), [
    ['account', true],
    ['authenticator', true],
    ['credential', true],
    ['connect', true],
    ['login', true],
    ['session', true],
    ['role', true],
    ['warehouse', true],
    ['database', true],
    ['schema', true],
  ]);
  assert.deepEqual(
    [result.details?.role, result.details?.warehouse, result.details?.database, result.details?.schema, result.details?.tokenExpires],
    ['ANALYST', 'COMPUTE_WH', 'ANALYTICS', 'PUBLIC', '2100-01-01T00:00:00.000Z'],
  );
  assert.match(result.message, /accessUrl; the account's host was not looked up/);
});

test('the token goes to Snowflake as a programmatic access token, from password', async () => {
  const started = await fake();
  const result = await check({ ...seed, accessUrl: started.accessUrl });
  assert.equal(result.ok, true, result.message);
  assert.equal(started.logins[0]?.AUTHENTICATOR, 'PROGRAMMATIC_ACCESS_TOKEN');
  assert.equal(started.logins[0]?.TOKEN, pat);
});

test('password and key pair logins pass against the fake', async () => {
  const started = await fake();
  const password = await check({ account: 'MYORG-MYACCOUNT', username: 'etl_user', password: 'pw-Correct-1', authenticator: 'SNOWFLAKE', accessUrl: started.accessUrl });
  assert.equal(password.ok, true, password.message);
  const keyPair = await check({ account: 'MYORG-MYACCOUNT', username: 'ETL_USER', privateKey: keys.privateKey, authenticator: 'SNOWFLAKE_JWT', accessUrl: started.accessUrl });
  assert.equal(keyPair.ok, true, keyPair.message);
});

test('an account written as a URL fails the account step with a hint to strip it', async () => {
  const result = await check({ ...seed, account: 'https://myorg-myaccount.snowflakecomputing.com' });
  assert.deepEqual([result.code, result.field], ['account_invalid', 'account']);
  assert.match(result.hint ?? '', /account: 'myorg-myaccount'/);
  const suffixed = await check({ ...seed, account: 'myorg-myaccount.snowflakecomputing.com' });
  assert.deepEqual([suffixed.code, suffixed.field], ['account_invalid', 'account']);
});

test('an account whose host does not resolve fails the host step; with accessUrl there is no host step', async () => {
  const result = await check(seed);
  assert.deepEqual([result.code, result.field], ['host_not_found', 'account']);
  assert.match(result.message, /XXXXXX-XXXXXX\.snowflakecomputing\.com/);
  assert.deepEqual(stepsOf(result), [['account', true], ['host', false], ['authenticator', true], ['credential', true]]);
  const resolved = await check({ ...seed, accessUrl: 'http://127.0.0.1:1' }, anyDns);
  assert.ok(!resolved.steps.some((step) => step.name === 'host'));
});

test('every offline check runs: a wrong account, authenticator and token all show, the field is the first', async () => {
  const result = await check({ ...seed, account: 'https://x.snowflakecomputing.com', authenticator: 'PAT' });
  assert.deepEqual([result.code, result.field], ['account_invalid', 'account']);
  assert.deepEqual(stepsOf(result), [['account', false], ['authenticator', false]]);
  assert.match(result.steps[1]?.message ?? '', /PROGRAMMATIC_ACCESS_TOKEN/);
});

test('an unsupported authenticator fails its step and field', async () => {
  const result = await check({ ...seed, accessUrl: 'http://127.0.0.1:1', authenticator: 'externalbrowser' });
  assert.deepEqual([result.code, result.field], ['authenticator_invalid', 'authenticator']);
});

test('a password where the token belongs fails the credential step; an expired token says so', async () => {
  const short = await check({ ...seed, accessUrl: 'http://127.0.0.1:1', password: 'Summer2024!' });
  assert.deepEqual([short.code, short.field], ['credential_invalid', 'password']);
  assert.match(short.message, /looks like a password/);
  const expiredToken = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: 1_600_000_000 })).toString('base64url')}.${'s'.repeat(180)}`;
  const expired = await check({ ...seed, accessUrl: 'http://127.0.0.1:1', password: expiredToken });
  assert.deepEqual([expired.code, expired.field], ['token_expired', 'password']);
  const badKey = await check({ ...seed, accessUrl: 'http://127.0.0.1:1', authenticator: 'SNOWFLAKE_JWT', privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' });
  assert.deepEqual([badKey.code, badKey.field], ['credential_invalid', 'privateKey']);
});

test('a wrong token fails the login step (394400) and never shows the token, nor does the SDK log it', async () => {
  const started = await fake();
  const wrong = `eyJ${'w'.repeat(200)}`;
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
  let result;
  try {
    result = await check({ ...seed, accessUrl: started.accessUrl, password: wrong });
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
  assert.deepEqual([result.code, result.field], ['auth_failed', 'password']);
  assert.deepEqual(result.steps.at(-1), { ...result.steps.at(-1), name: 'login', ok: false });
  assert.match(result.hint ?? '', /network policy/);
  assert.ok(!JSON.stringify(result).includes(wrong), 'the token is in the result');
  assert.ok(!written.join('').includes(wrong), 'the token reached the console');
  assert.equal(existsSync('snowflake.log'), false, 'the SDK wrote a log file');
});

test('a wrong password fails the login step (390100) on password', async () => {
  const started = await fake();
  const result = await check({ account: 'MYORG-MYACCOUNT', username: 'ETL_USER', password: 'pw-Wrong-1', authenticator: 'SNOWFLAKE', accessUrl: started.accessUrl });
  assert.deepEqual([result.code, result.field], ['auth_failed', 'password']);
});

test('an address refused by a network policy fails the connect step (390422) with the policy steps as hint', async () => {
  const started = await fake({ blockedIp: '203.0.113.7' });
  const result = await check({ ...seed, accessUrl: started.accessUrl });
  assert.equal(result.code, 'ip_not_allowed', result.message);
  assert.equal(result.field, undefined);
  assert.deepEqual(result.steps.at(-1)?.name, 'connect');
  assert.match(result.hint ?? '', /CREATE NETWORK POLICY MY_PAT_POLICY/);
  assert.match(result.hint ?? '', /ADD PROGRAMMATIC ACCESS TOKEN/);
});

test('a role not granted fails the role step after a good login (390189)', async () => {
  const result = await check({ ...(await live()), role: 'ADMIN' });
  assert.deepEqual([result.code, result.field], ['role_not_granted', 'role']);
  assert.deepEqual(stepsOf(result).slice(-2), [['login', true], ['role', false]]);
});

test('a warehouse, database or schema the session does not get fails its own step and field', async () => {
  const config = await live();
  for (const [field, code] of [['warehouse', 'warehouse_not_found'], ['database', 'database_not_found'], ['schema', 'schema_not_found']] as const) {
    const result = await check({ ...config, [field]: 'NO_SUCH_THING' });
    assert.deepEqual([result.code, result.field], [code, field], result.message);
    assert.deepEqual(result.steps.at(-1), { ...result.steps.at(-1), name: field, ok: false });
  }
});

test('a JavaScript Block uses the pool: rows come back from the fake, and closing ends the sessions', async () => {
  const pool = await connector.createClient(snowflakeSchema.parse(await live()));
  try {
    const rows = await pool.use((connection) => execute(connection, "SELECT 42 AS ANSWER, 'ok' AS STATUS"));
    assert.deepEqual(rows, [{ ANSWER: 42, STATUS: 'ok' }]);
  } finally {
    await connector.closeClient(pool);
  }
});

test('a pool whose login fails rejects the borrow with Snowflake\'s error instead of waiting for ever', async () => {
  const pool = await connector.createClient(snowflakeSchema.parse({ ...(await live()), password: `eyJ${'w'.repeat(200)}` }));
  try {
    await assert.rejects(
      pool.use((connection) => execute(connection, 'SELECT 1 AS ONE')),
      (error: Error) => /Programmatic access token is invalid/.test(error.message),
    );
  } finally {
    await connector.closeClient(pool);
  }
});
