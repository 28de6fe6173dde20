import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { runConnectorContract } from '../contract.ts';
import connector from './index.ts';
import { mysqlSchema } from './schema.ts';
import { classifyMysqlError } from './test-connection.ts';

// The real MariaDB on this machine (root, empty password). If it is down these tests fail; they never skip.
const live = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

runConnectorContract(connector, {
  seedSource: connector.example,
  seedExpected: { host: 'db.internal', port: 3306, user: 'etl', database: 'northwind', timezone: 'Z', charset: 'utf8mb4', connectionLimit: 10 },
  live: async () => live,
  refusedPort: (port) => ({ ...live, port }),
  unknownHost: { ...live, host: 'nonexistent.invalid' },
});

function check(config: Record<string, unknown>) {
  return connector.testConnection(mysqlSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 5000 });
}

test('the live test reports the server, its version, the database and the login', async () => {
  const result = await check(live);
  assert.equal(result.ok, true, result.message);
  assert.equal(result.details?.server, 'MariaDB');
  assert.match(String(result.details?.serverVersion), /^\d+\.\d+\.\d+/);
  assert.equal(result.details?.database, 'test');
  assert.match(String(result.details?.user), /^root@/);
  assert.deepEqual(result.steps.map((step) => step.name), ['connect', 'query']);
});

test('a database that does not exist fails with database_not_found on the database field (1049)', async () => {
  const result = await check({ ...live, database: 'no_such_database_ziggy' });
  assert.equal(result.code, 'database_not_found', result.message);
  assert.equal(result.field, 'database');
  assert.deepEqual(result.steps.map((step) => [step.name, step.ok]), [['connect', false]]);
});

test('ssl against a server without TLS fails with tls_failed on the ssl field', async () => {
  const result = await check({ ...live, ssl: true });
  assert.equal(result.code, 'tls_failed', result.message);
  assert.equal(result.field, 'ssl');
});

test('the schema coerces a port string, needs host and user, checks timezone and names unknown keys', () => {
  assert.equal(mysqlSchema.parse({ host: 'db', user: 'etl', port: '3307' }).port, 3307);
  assert.deepEqual(mysqlSchema.safeParse({ port: 3306 }).error?.issues.map((issue) => issue.path), [['host'], ['user']]);
  assert.deepEqual(mysqlSchema.safeParse({ host: 'db', user: 'etl', timezone: 'Europe/Paris' }).error?.issues.map((issue) => issue.path), [['timezone']]);
  assert.equal(mysqlSchema.parse({ host: 'db', user: 'etl', timezone: '+02:00' }).timezone, '+02:00');
  assert.match(mysqlSchema.safeParse({ host: 'db', user: 'etl', hots: 'x' }).error?.issues[0]?.message ?? '', /Unrecognized key: "hots"/);
});

test('a server error the test does not know falls back to its own message', () => {
  const failure = classifyMysqlError(Object.assign(new Error('Something odd'), { errno: 9999, code: 'ER_ODD' }), live);
  assert.deepEqual([failure.code, failure.message], ['failed', 'The test failed: Something odd']);
});

describe('against accounts made for these tests', () => {
  const suffix = randomBytes(3).toString('hex');
  const withPassword = `ziggy_pw_${suffix}`;
  const socketOnly = `ziggy_sock_${suffix}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let admin: mysql.Connection;
  before(async () => {
    admin = await mysql.createConnection(live);
    // No grants at all: it may log in, but not use database test.
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [withPassword, '%', password]);
    await admin.query('CREATE USER ?@? IDENTIFIED VIA unix_socket', [socketOnly, '%']);
  });
  after(async () => {
    await admin.query('DROP USER IF EXISTS ?@?, ?@?', [withPassword, '%', socketOnly, '%']);
    await admin.end();
  });

  test('a wrong password fails with auth_failed on the password field (1045), naming no password', async () => {
    const wrong = `wrong-${password}`;
    const result = await check({ ...live, user: withPassword, password: wrong, database: undefined });
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, 'password');
    const shown = JSON.stringify(result);
    assert.ok(!shown.includes(wrong) && !shown.includes(password), `the result names a password: ${shown}`);
  });

  test('an account that cannot log in with a password fails with auth_failed on the user field (1698)', async () => {
    const result = await check({ ...live, user: socketOnly, password: 'anything', database: undefined });
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, 'user');
  });

  test('a database the user may not use fails with permission_denied on the user field (1044)', async () => {
    const result = await check({ ...live, user: withPassword, password });
    assert.equal(result.code, 'permission_denied', result.message);
    assert.equal(result.field, 'user');
  });

  test('the right password without a database connects and says so', async () => {
    const result = await check({ ...live, user: withPassword, password, database: undefined });
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /no default database/);
  });
});

test('the pool runs queries and closes; an idle connection killed by the server does not crash the process', async () => {
  const pool = await connector.createClient(mysqlSchema.parse({ ...live, connectionLimit: 1 }));
  try {
    const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    const killer = await mysql.createConnection(live);
    await killer.query('KILL ?', [rows[0]?.id]);
    await killer.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [again] = await pool.query<mysql.RowDataPacket[]>('SELECT 2 AS two');
    assert.equal(again[0]?.two, 2);
  } finally {
    await connector.closeClient(pool);
  }
});
