import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { runConnectorContract } from '../contract.ts';
import postgres from './index.ts';
import { postgresSchema } from './schema.ts';
import { classifyPostgresError } from './test-connection.ts';
import { startPostgres, type TestPostgres } from '../../../test/postgres-server.ts';

// The real server on this machine (trust auth). If it is down these tests fail; they never skip.
const live = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

const seedSource = `{
    host: 'connectionUrl',
    user: 'username',
    password: 'password',
    database: 'my_database',
    port: 5432
}`;

runConnectorContract(postgres, {
  seedSource,
  seedExpected: { host: 'connectionUrl', port: 5432, database: 'my_database', max: 10, application_name: 'ziggy' },
  live: async () => live,
  refusedPort: (port) => ({ ...live, port }),
  unknownHost: { ...live, host: 'nonexistent.invalid' },
});

function check(config: Record<string, unknown>) {
  return postgres.testConnection(postgresSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 5000 });
}

test('the live test reports the server version, database and user', async () => {
  const result = await check(live);
  assert.equal(result.ok, true, result.message);
  assert.match(String(result.details?.serverVersion), /^\d+\.\d+/);
  assert.equal(result.details?.database, 'test');
  assert.equal(result.details?.user, 'postgres');
  assert.deepEqual(
    result.steps.map((step) => step.name),
    ['connect', 'query'],
  );
});

test('a database that does not exist fails with database_not_found on the database field', async () => {
  const result = await check({ ...live, database: 'no_such_database_ziggy' });
  assert.equal(result.code, 'database_not_found');
  assert.equal(result.field, 'database');
  assert.deepEqual(
    result.steps.map((step) => [step.name, step.ok]),
    [['connect', false]],
  );
});

test('a role that does not exist fails with auth_failed on the user field (SQLSTATE 28000, real server)', async () => {
  const result = await check({ ...live, user: 'no_such_role_ziggy', password: 'whatever' });
  assert.equal(result.code, 'auth_failed');
  assert.equal(result.field, 'user');
});

test('a wrong password (SQLSTATE 28P01) maps to auth_failed on the password field', () => {
  // The local server trusts every login, so this checks the classifier against pg's own error
  // class; the real server's 28P01 is provoked in the scram-sha-256 block at the end of this file.
  const error = new pg.DatabaseError('password authentication failed for user "etl"', 100, 'error');
  error.code = '28P01';
  const failure = classifyPostgresError(error, { host: 'db.internal', user: 'etl' });
  assert.equal(failure.code, 'auth_failed');
  assert.equal(failure.field, 'password');
});

test('with a connectionString, a wrong part is blamed on connectionString when the URL carries it', async () => {
  const viaUrl = await check({ connectionString: 'postgres://postgres@127.0.0.1:5432/no_such_database_ziggy' });
  assert.equal(viaUrl.code, 'database_not_found');
  assert.equal(viaUrl.field, 'connectionString');
  const ok = await check({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  assert.equal(ok.ok, true, ok.message);
});

test('ssl against a server without TLS fails with tls_failed on the ssl field', async () => {
  const result = await check({ ...live, ssl: true });
  assert.equal(result.code, 'tls_failed', result.message);
  assert.equal(result.field, 'ssl');
});

test('the schema coerces a port string, needs host or connectionString, and names unknown keys', () => {
  assert.equal(postgresSchema.parse({ host: 'db', port: '6543' }).port, 6543);
  const missing = postgresSchema.safeParse({ user: 'etl' });
  assert.deepEqual(missing.error?.issues.map((issue) => issue.path), [['host']]);
  const typo = postgresSchema.safeParse({ hots: 'db' });
  assert.match(typo.error?.issues[0]?.message ?? '', /Unrecognized key: "hots"/);
  assert.equal(postgresSchema.safeParse({ host: 'db', port: 'abc' }).success, false);
});

test('the pool runs queries and closes; an idle connection killed by the server does not crash the process', async () => {
  const pool = await postgres.createClient(postgresSchema.parse({ ...live, application_name: 'ziggy-pool-test' }));
  try {
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    assert.equal(rows[0]?.one, 1);
    const killer = new pg.Client(live);
    await killer.connect();
    await killer.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ziggy-pool-test'");
    await killer.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await pool.query<{ two: number }>('SELECT 2 AS two');
    assert.equal(again.rows[0]?.two, 2);
  } finally {
    await postgres.closeClient(pool);
  }
});

describe('against a private cluster that checks passwords (scram-sha-256)', () => {
  let server: TestPostgres;
  before(async () => {
    server = await startPostgres();
  });
  after(() => server.stop());

  const credentials = (password: string) => ({
    host: server.host,
    port: server.port,
    user: server.user,
    password,
    database: server.database,
  });

  test('a wrong password fails with auth_failed on the password field, and the password is named nowhere', async () => {
    const wrong = `wrong-${server.password}`;
    const result = await check(credentials(wrong));
    assert.equal(result.ok, false);
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, 'password');
    const shown = JSON.stringify(result);
    assert.ok(!shown.includes(wrong) && !shown.includes(server.password), `the result names a password: ${shown}`);
  });

  test('the right password connects', async () => {
    const result = await check(credentials(server.password));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.user, server.user);
  });
});
