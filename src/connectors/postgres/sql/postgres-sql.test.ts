import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isZiggyError } from '../../../core/index.ts';
import { sqlHelpers, uniqueName } from '../../sql-contract/index.ts';
import postgres from '../index.ts';
import { postgresSqlFixtures } from './fixtures.ts';

// What only Postgres shows: SQLSTATE codes and positions, server-side cursors, ON CONFLICT's own rule.
let pool: pg.Pool;
const { run, sql, q } = sqlHelpers(postgresSqlFixtures, () => pool);
const stock = uniqueName('Ziggy "Stock"');
before(async () => {
  pool = await postgresSqlFixtures.openClient(2);
  await sql(`CREATE TABLE ${q(stock)} ("SKU" text, warehouse text, qty int, PRIMARY KEY ("SKU", warehouse))`);
});
after(async () => {
  await sql(`DROP TABLE IF EXISTS ${q(stock)}`);
  await pool.end();
});

const openCursors = async (): Promise<unknown> => (await pool.query<{ count: string }>('SELECT count(*) FROM pg_cursors')).rows[0]?.count;

test('the SQL Block operations are registered under their names', () => {
  assert.deepEqual(Object.keys(postgres.operations), ['select', 'insert', 'upsert', 'update', 'delete', 'raw', 'edge']);
});

test('a SQL error names the message, the SQLSTATE and the line and column', async () => {
  const text = 'SELECT *\n  FROM ziggy_no_such_table';
  await assert.rejects(run('select', { sql: text }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /^relation "ziggy_no_such_table" does not exist \(SQLSTATE 42P01\) at line 2, column 8: "FROM ziggy_no_such_table"\.$/);
    assert.deepEqual(error.details, { sqlstate: '42P01', position: 17, line: 2, column: 8 });
    return true;
  });
});

test('a syntax error in raw names the SQLSTATE and where in the SQL it is', async () => {
  await assert.rejects(run('raw', { sql: 'SELECT 1;\nSELEC 2' }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /^syntax error at or near "SELEC" \(SQLSTATE 42601\) at line 2, column 1: "SELEC 2"\.$/);
    return true;
  });
});

test('a stream stopped by maxIterations or an early break leaves no server-side cursor open', async () => {
  const { text, values } = postgresSqlFixtures.series(1000);
  for await (const batch of (await run('select', { sql: text, params: values, batchSize: 10, maxIterations: 2 })) as AsyncIterable<unknown[]>) {
    assert.equal(batch.length, 10);
  }
  assert.equal(await openCursors(), '0');
  for await (const batch of (await run('select', { sql: text, params: values, batchSize: 10 })) as AsyncIterable<unknown[]>) {
    assert.equal(batch.length, 10);
    break;
  }
  assert.equal(await openCursors(), '0');
});

test('the same key twice in one upsert statement fails with the server hint, and nothing is written', async () => {
  const rows = [
    { SKU: 'E', warehouse: 'north', qty: 1 },
    { SKU: 'E', warehouse: 'north', qty: 2 },
  ];
  await assert.rejects(run('upsert', { table: stock, rows, conflictColumns: ['SKU', 'warehouse'] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /cannot affect row a second time \(SQLSTATE 21000\).*Hint: /);
    return true;
  });
  assert.deepEqual(await sql(`SELECT * FROM ${q(stock)}`), []);
});
