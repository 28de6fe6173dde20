import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isZiggyError } from '../../../core/index.ts';
import { upsert } from './upsert.ts';
import { runOperation, tableRows, testPool, uniqueName } from './test-database.ts';

const pool = testPool();
const table = uniqueName('Ziggy "Stock"');
const q = pg.escapeIdentifier;

before(() => pool.query(`CREATE TABLE ${q(table)} ("SKU" text, warehouse text, qty int, label text, PRIMARY KEY ("SKU", warehouse))`));
after(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.end();
});

async function seed(): Promise<void> {
  await pool.query(`TRUNCATE ${q(table)}`);
  await pool.query(`INSERT INTO ${q(table)} VALUES ('A', 'north', 1, 'old a'), ('B', 'north', 2, 'old b')`);
}

test('existing rows are updated, new rows inserted, on a composite conflict key', async () => {
  await seed();
  const result = await runOperation(upsert, pool, {
    table,
    rows: [
      { SKU: 'A', warehouse: 'north', qty: 10, label: 'new a' },
      { SKU: 'C', warehouse: 'north', qty: 30, label: "'); DROP TABLE x; --" },
    ],
    conflictColumns: ['SKU', 'warehouse'],
    returning: ['SKU', 'qty'],
    batchSize: 1,
  });
  assert.deepEqual(result, {
    upserted: 2,
    rows: [
      { SKU: 'A', qty: 10 },
      { SKU: 'C', qty: 30 },
    ],
  });
  assert.deepEqual(await tableRows(pool, table), [
    { SKU: 'A', warehouse: 'north', qty: 10, label: 'new a' },
    { SKU: 'B', warehouse: 'north', qty: 2, label: 'old b' },
    { SKU: 'C', warehouse: 'north', qty: 30, label: "'); DROP TABLE x; --" },
  ]);
});

test('updateColumns limits what an existing row gets overwritten with', async () => {
  await seed();
  await runOperation(upsert, pool, {
    table,
    rows: [{ sku: 'B', where: 'north', count: 20, text: 'ignored label' }],
    columns: { sku: 'SKU', where: 'warehouse', count: 'qty', text: 'label' },
    conflictColumns: ['SKU', 'warehouse'],
    updateColumns: ['qty'],
  });
  assert.deepEqual((await tableRows(pool, table))[1], { SKU: 'B', warehouse: 'north', qty: 20, label: 'old b' });
});

test('when only conflict columns are written, existing rows are left alone (DO NOTHING)', async () => {
  await seed();
  const result = await runOperation(upsert, pool, {
    table,
    rows: [
      { SKU: 'A', warehouse: 'north' },
      { SKU: 'D', warehouse: 'south' },
    ],
    conflictColumns: ['SKU', 'warehouse'],
  });
  assert.deepEqual(result, { upserted: 1 });
  assert.equal((await tableRows(pool, table)).length, 3);
});

test('updateColumns naming a column the rows do not write is refused', async () => {
  await assert.rejects(
    runOperation(upsert, pool, { table, rows: [{ SKU: 'A', warehouse: 'north' }], conflictColumns: ['SKU', 'warehouse'], updateColumns: ['qty'] }),
    /updateColumns names "qty", which the rows do not write/,
  );
});

test('conflictColumns is required', () => {
  const result = upsert.input.safeParse({ table, rows: [] });
  assert.deepEqual(result.error?.issues.map((issue) => issue.path), [['conflictColumns']]);
});

test('the same key twice in one statement fails with the server hint, and nothing is written', async () => {
  await seed();
  const rows = [
    { SKU: 'E', warehouse: 'north', qty: 1 },
    { SKU: 'E', warehouse: 'north', qty: 2 },
  ];
  await assert.rejects(runOperation(upsert, pool, { table, rows, conflictColumns: ['SKU', 'warehouse'] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /cannot affect row a second time \(SQLSTATE 21000\).*Hint: /);
    return true;
  });
  assert.equal((await tableRows(pool, table)).length, 2);
});
