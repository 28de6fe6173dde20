import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isZiggyError } from '../../../core/index.ts';
import { insert } from './insert.ts';
import { maxParameters, rowsPerStatement } from './insert-statement.ts';
import { runOperation, tableRows, testContext, testPool, uniqueName } from './test-database.ts';

const pool = testPool();
// Upper case, spaces and a double quote in the table name; a column named with a reserved word.
const table = uniqueName('Order "Items"');
const wide = uniqueName('ziggy wide');
const q = pg.escapeIdentifier;

before(async () => {
  await pool.query(`CREATE TABLE ${q(table)} (id serial PRIMARY KEY, "select" text, "Unit Price" numeric NOT NULL, note text DEFAULT 'none')`);
  await pool.query(`CREATE TABLE ${q(wide)} (a int, b text, c int, d text, e int)`);
});
after(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}, ${q(wide)}`);
  await pool.end();
});

async function reset(): Promise<void> {
  await pool.query(`TRUNCATE ${q(table)} RESTART IDENTITY`);
}

test('quoted names work, values go in verbatim, a missing field takes the default and null stays null', async () => {
  await reset();
  const injection = "'); DROP TABLE x; --";
  const result = await runOperation(insert, pool, {
    table,
    schema: 'public',
    rows: [
      { select: injection, 'Unit Price': 9.5 },
      { select: null, 'Unit Price': '1.25', note: 'given' },
    ],
    returning: ['id', 'select'],
  });
  assert.deepEqual(result, {
    inserted: 2,
    rows: [
      { id: 1, select: injection },
      { id: 2, select: null },
    ],
  });
  assert.deepEqual(await tableRows(pool, table), [
    { id: 1, select: injection, 'Unit Price': '9.5', note: 'none' },
    { id: 2, select: null, 'Unit Price': '1.25', note: 'given' },
  ]);
});

test('columns maps row fields to columns and ignores the fields it does not name', async () => {
  await reset();
  const result = await runOperation(insert, pool, {
    table,
    rows: [{ word: 'from', price: 3, ignored: 'x' }],
    columns: { word: 'select', price: 'Unit Price' },
  });
  assert.deepEqual(result, { inserted: 1 });
  assert.deepEqual(await tableRows(pool, table), [{ id: 1, select: 'from', 'Unit Price': '3', note: 'none' }]);
});

test('a column name that tries to break out of its quotes is just a column that does not exist', async () => {
  await reset();
  const hostile = `note") VALUES (1); DROP TABLE ${table}; --`;
  await assert.rejects(
    runOperation(insert, pool, { table, rows: [{ 'Unit Price': 1, [hostile]: 'x' }] }),
    (error) => isZiggyError(error) && error.message.includes('SQLSTATE 42703') && error.message.includes('does not exist'),
  );
  assert.deepEqual(await tableRows(pool, table), []);
});

test('two fields mapped to one column are refused before anything is sent', async () => {
  await assert.rejects(
    runOperation(insert, pool, { table, rows: [{ a: 1, b: 2 }], columns: { a: 'note', b: 'note' } }),
    /columns maps both "a" and "b" to column "note"/,
  );
});

test('the batch shrinks to stay under the parameter limit', () => {
  assert.equal(rowsPerStatement(500, 5), 500);
  assert.equal(rowsPerStatement(20_000, 5), 13_107);
  assert.ok(rowsPerStatement(20_000, 5) * 5 <= maxParameters);
  assert.equal(rowsPerStatement(10, 100_000), 1);
});

test('20,000 rows × 5 columns in one call are written in batches under the parameter limit', async () => {
  const rows = Array.from({ length: 20_000 }, (_, index) => ({ a: index, b: `b${index}`, c: index * 2, d: `d${index}`, e: -index }));
  const context = testContext();
  const result = await runOperation(insert, pool, { table: wide, rows, batchSize: 20_000 }, context);
  assert.deepEqual(result, { inserted: 20_000 });
  assert.match(context.lines.join('\n'), /in 2 statement\(s\) of up to 13107 rows/);
  const check = await pool.query<{ count: string; sum: string }>(`SELECT count(*), sum(c) FROM ${q(wide)}`);
  assert.deepEqual(check.rows[0], { count: '20000', sum: String(20_000 * 19_999) });
});

test('a failing row rolls back every batch: nothing is inserted', async () => {
  await reset();
  const rows = Array.from({ length: 1000 }, (_, index) => ({ select: `row ${index}`, 'Unit Price': index === 750 ? 'not a number' : index }));
  await assert.rejects(runOperation(insert, pool, { table, rows, batchSize: 100 }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /invalid input syntax for type numeric: "not a number" \(SQLSTATE 22P02\)/);
    return true;
  });
  assert.deepEqual(await tableRows(pool, table), []);
  assert.equal(pool.idleCount, pool.totalCount);
});

test('a NOT NULL violation names the column and the SQLSTATE', async () => {
  await assert.rejects(runOperation(insert, pool, { table, rows: [{ select: 'x' }] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /null value in column "Unit Price" .*violates not-null constraint \(SQLSTATE 23502\)/);
    assert.equal(error.details?.column, 'Unit Price');
    return true;
  });
});

test('no rows is a no-op; rows without fields are refused', async () => {
  assert.deepEqual(await runOperation(insert, pool, { table, rows: [] }), { inserted: 0 });
  await assert.rejects(runOperation(insert, pool, { table, rows: [{}] }), /no fields/);
});

test('names the server could not hold are refused by the input schema', () => {
  assert.equal(insert.input.safeParse({ table: 'a\0b', rows: [] }).success, false);
  assert.equal(insert.input.safeParse({ table: 'x'.repeat(64), rows: [] }).success, false);
  assert.equal(insert.input.safeParse({ table: 'x', rows: [[1, 2]] }).success, false);
});
