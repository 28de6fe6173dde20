import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fakePassword, startFakeServer } from '../src/connectors/mssql/fake-server.ts';
import type { TdsFake } from '../src/connectors/mssql/tds-fake.ts';
import { startSnowflakeFake, type SnowflakeFake } from '../src/connectors/snowflake/rest-fake.ts';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';

// JavaScript Blocks in the real sandboxed runner, with the real drivers against the protocol fakes
// the connector tests use (no SQL Server or Snowflake can run here): the examples of
// docs/connectors/mssql.md and snowflake.md, as written there.
let pool: RunnerPool;
let logsDir: string;
let tds: TdsFake;
let snowflake: SnowflakeFake;
const pat = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: 4102444800 })).toString('base64url')}.${'p'.repeat(180)}`;

before(async () => {
  logsDir = await tempLogsDir();
  const sqlServer = await startFakeServer();
  tds = sqlServer.fake;
  snowflake = await startSnowflakeFake({ username: 'ETL_USER', pat, roles: ['ANALYST'], warehouses: ['COMPUTE_WH'], databases: { ANALYTICS: ['PUBLIC'] } });
  const warehouse = { account: 'myorg-myaccount', username: 'ETL_USER', password: pat, authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', accessUrl: snowflake.accessUrl, warehouse: 'COMPUTE_WH' };
  const { resolvers } = testResolvers({
    sales: { type: 'mssql', dev: sqlServer.config },
    locked: { type: 'mssql', dev: { ...sqlServer.config, password: `wrong-${randomBytes(3).toString('hex')}` } },
    warehouse: { type: 'snowflake', dev: warehouse },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  await tds.close();
  await snowflake.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

describe('a SQL Server connection in a JavaScript Block', () => {
  it('is a connected mssql.ConnectionPool that runs parameterized queries', async () => {
    const result = await run(`async function () {
      const { recordset } = await connections.sales.request().input('id', 7).query('SELECT id, total FROM orders WHERE id = @id');
      return { rows: recordset, connected: connections.sales.connected };
    }`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.result, { rows: [{ id: 7, total: '12.50' }], connected: true });
  });

  it('reports a refused login as the run error, without the password', async () => {
    const result = await run("async function () { return connections.locked.request().query('SELECT 1'); }");
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /Login failed/);
    assert.ok(!JSON.stringify(result).includes(fakePassword));
  });
});

describe('a Snowflake connection in a JavaScript Block', () => {
  it('is a snowflake-sdk pool whose connections execute statements', async () => {
    const result = await run(`async function () {
      return connections.warehouse.use((connection) => new Promise((resolve, reject) => {
        connection.execute({ sqlText: "SELECT 42 AS ANSWER, 'ok' AS STATUS", complete: (error, statement, rows) => (error ? reject(error) : resolve(rows)) });
      }));
    }`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.result, [{ ANSWER: 42, STATUS: 'ok' }]);
    assert.ok(!JSON.stringify(result).includes(pat));
  });
});
