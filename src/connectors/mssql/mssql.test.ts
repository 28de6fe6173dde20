import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { blackHole } from '../../../test/support/sockets.ts';
import { runConnectorContract } from '../contract.ts';
import { fakePassword, startFakeServer } from './fake-server.ts';
import connector from './index.ts';
import { mssqlSchema } from './schema.ts';
import type { TdsFake } from './tds-fake.ts';

let fake: TdsFake | undefined;
let live: Record<string, unknown> = {};
const started = startFakeServer().then((server) => {
  fake = server.fake;
  live = server.config;
  return server.config;
});
before(() => started);
after(() => fake?.close());

runConnectorContract(connector, {
  seedSource: "{ user: 'user-name', password: secrets.X, database: 'database-name', server: 'server-name', options: { encrypt: true, trustServerCertificate: false } }",
  seedExpected: { server: 'server-name', port: 1433, user: 'user-name', database: 'database-name', options: { encrypt: true, trustServerCertificate: false } },
  live: () => started,
  refusedPort: (port) => ({ ...live, port }),
  // Built before the fake has started, so it names everything itself.
  unknownHost: { server: 'nonexistent.invalid', user: 'etl', password: fakePassword, options: { encrypt: false } },
  serverFields: { host: 'server', port: 'port' },
});

function check(config: Record<string, unknown>, timeoutMs = 5000) {
  return connector.testConnection(mssqlSchema.parse(config), { signal: new AbortController().signal, timeoutMs });
}

test('the seed object is accepted as written, with a literal password too', () => {
  const seed = { user: 'user-name', password: 'password', database: 'database-name', server: 'server-name', options: { encrypt: true, trustServerCertificate: false } };
  assert.equal(mssqlSchema.parse(seed).server, 'server-name');
});

test('the test passes end to end against the TDS fake and reports version, database and login', async () => {
  const result = await check(live);
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.steps.map((step) => [step.name, step.ok]), [['connect', true], ['query', true]]);
  assert.equal(result.details?.serverVersion, 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)');
  assert.equal(result.details?.database, 'northwind');
  assert.equal(result.details?.login, 'etl');
  assert.ok(fake?.statements.some((sql) => sql.startsWith('SELECT @@VERSION')));
});

test('a wrong password fails with auth_failed on password (18456), and the password appears nowhere', async () => {
  const wrong = 'Not-The-Pw-4471';
  const result = await check({ ...live, password: wrong });
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'password');
  assert.match(result.message, /18456/);
  for (const secret of [wrong, fakePassword]) assert.ok(!JSON.stringify(result).includes(secret), JSON.stringify(result));
});

test('a database the login cannot open fails with database_not_found on database (4060), at once', async () => {
  const result = await check({ ...live, database: 'no_such_db' });
  assert.equal(result.code, 'database_not_found', result.message);
  assert.equal(result.field, 'database');
  assert.ok(result.durationMs < 1000, `took ${result.durationMs} ms: the transient-error retries are off`);
});

test('a refused port is blamed on port, an unknown host on server', async () => {
  const refused = await check({ ...live, port: 1 });
  assert.deepEqual([refused.code, refused.field], ['connection_refused', 'port']);
  const unknown = await check({ ...live, server: 'nonexistent.invalid' });
  assert.deepEqual([unknown.code, unknown.field], ['host_not_found', 'server']);
});

test('a peer that is not SQL Server, hanging up or sending garbage, says so on port', async () => {
  const peers = [
    (socket: net.Socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'),
    // A well-framed TDS packet whose PRELOGIN body is nonsense.
    (socket: net.Socket) => socket.write(Buffer.from([0x04, 0x01, 0x00, 0x0c, 0, 0, 1, 0, 0xde, 0xad, 0xbe, 0xef])),
  ];
  for (const speak of peers) {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      speak(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const result = await check({ ...live, port });
      assert.equal(result.code, 'not_sql_server', result.message);
      assert.equal(result.field, 'port');
      assert.match(result.message, /SQL Server \(TDS\)/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }
});

test("a silent peer times out: on server within the test's time, on connectionTimeout when that is shorter", async () => {
  const hole = await blackHole();
  try {
    const deadline = await check({ ...live, port: hole.port }, 400);
    assert.deepEqual([deadline.code, deadline.field], ['timeout', 'server']);
    const own = await check({ ...live, port: hole.port, connectionTimeout: 300 }, 3000);
    assert.deepEqual([own.code, own.field], ['timeout', 'connectionTimeout'], own.message);
  } finally {
    await hole.close();
  }
});

test('a JavaScript Block gets a connected pool: request().input().query() returns rows', async () => {
  const pool = await connector.createClient(mssqlSchema.parse(live));
  try {
    const result = await pool.request().input('id', 7).query('SELECT id, total FROM orders WHERE id = @id');
    assert.deepEqual([...result.recordset], [{ id: 7, total: '12.50' }]);
  } finally {
    await connector.closeClient(pool);
  }
});

test('the schema coerces a port string, needs server and a login, and keeps Entra ID logins apart from user and password', () => {
  assert.equal(mssqlSchema.parse({ server: 'db', user: 'etl', port: '1434' }).port, 1434);
  assert.deepEqual(mssqlSchema.safeParse({ server: 'db' }).error?.issues.map((issue) => issue.path), [['user']]);
  const principal = { type: 'azure-active-directory-service-principal-secret', options: { clientId: 'c', clientSecret: 's', tenantId: 't' } };
  assert.equal(mssqlSchema.safeParse({ server: 'db', authentication: principal }).success, true);
  assert.deepEqual(mssqlSchema.safeParse({ server: 'db', user: 'etl', authentication: principal }).error?.issues.map((issue) => issue.path), [['user']]);
  assert.equal(mssqlSchema.safeParse({ server: 'db', user: 'etl', options: { instanceName: 'SQLEXPRESS', encrpyt: true } }).success, false);
});
