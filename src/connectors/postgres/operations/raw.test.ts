import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isZiggyError } from '../../../core/index.ts';
import { raw } from './raw.ts';
import { runOperation, testPool, uniqueName } from './test-database.ts';

const pool = testPool();
const table = uniqueName('Ziggy "Raw"');
const q = pg.escapeIdentifier;
after(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.end();
});

test("output 'rows' returns the rows and rowCount of the last statement", async () => {
  const result = await runOperation(raw, pool, {
    sql: `CREATE TABLE ${q(table)} (n int); INSERT INTO ${q(table)} VALUES (1), (2); SELECT n FROM ${q(table)} ORDER BY n`,
  });
  assert.deepEqual(result, { rows: [{ n: 1 }, { n: 2 }], rowCount: 2 });
  const withParams = await runOperation(raw, pool, { sql: `UPDATE ${q(table)} SET n = n + $1`, params: [10] });
  assert.deepEqual(withParams, { rows: [], rowCount: 2 });
});

test("output 'passthrough' runs the statement and returns the input unchanged", async () => {
  const input = { orders: [{ id: 7 }], note: 'kept' };
  const result = await runOperation(raw, pool, { sql: `DELETE FROM ${q(table)} WHERE n = $1`, params: [11], output: 'passthrough', input });
  assert.equal(result, input);
  const left = await pool.query(`SELECT n FROM ${q(table)}`);
  assert.deepEqual(left.rows, [{ n: 12 }]);
});

test('a syntax error names the SQLSTATE and where in the SQL it is', async () => {
  await assert.rejects(runOperation(raw, pool, { sql: 'SELECT 1;\nSELEC 2' }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /^syntax error at or near "SELEC" \(SQLSTATE 42601\) at line 2, column 1: "SELEC 2"\.$/);
    return true;
  });
});
