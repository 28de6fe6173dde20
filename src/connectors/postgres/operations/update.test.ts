import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isZiggyError } from '../../../core/index.ts';
import { update } from './update.ts';
import { runOperation, tableRows, testPool, uniqueName } from './test-database.ts';

const pool = testPool();
const table = uniqueName('Ziggy "People"');
const q = pg.escapeIdentifier;

before(() => pool.query(`CREATE TABLE ${q(table)} ("Id" int, region text, "select" text, age int CHECK (age >= 0))`));
after(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.end();
});

async function seed(): Promise<void> {
  await pool.query(`TRUNCATE ${q(table)}`);
  await pool.query(`INSERT INTO ${q(table)} VALUES (1, 'eu', 'a', 30), (2, 'eu', 'b', 40), (2, 'us', 'c', 50)`);
}

test('each row is updated by its key; fields a row lacks are left alone; values are stored verbatim', async () => {
  await seed();
  const injection = "x' WHERE 1=1; DROP TABLE y; --";
  const result = await runOperation(update, pool, {
    table,
    rows: [
      { Id: 1, select: injection },
      { Id: 2, age: 41 },
      { Id: 99, age: 1 },
    ],
    key: 'Id',
  });
  assert.deepEqual(result, { updated: 3 });
  assert.deepEqual(await tableRows(pool, table).then((rows) => rows.sort((a, b) => String(a.region).localeCompare(String(b.region)) || Number(a.Id) - Number(b.Id))), [
    { Id: 1, region: 'eu', select: injection, age: 30 },
    { Id: 2, region: 'eu', select: 'b', age: 41 },
    { Id: 2, region: 'us', select: 'c', age: 41 },
  ]);
});

test('a composite key through a column mapping updates just the matching row', async () => {
  await seed();
  const result = await runOperation(update, pool, {
    table,
    rows: [{ personId: 2, area: 'us', years: 51 }],
    key: ['Id', 'region'],
    columns: { personId: 'Id', area: 'region', years: 'age' },
  });
  assert.deepEqual(result, { updated: 1 });
  const ages = (await tableRows(pool, table)).map((row) => row.age);
  assert.deepEqual(ages.sort(), [30, 40, 51]);
});

test('a row without its key value is refused before anything is sent', async () => {
  await seed();
  await assert.rejects(
    runOperation(update, pool, { table, rows: [{ Id: 1, age: 5 }, { age: 6 }], key: 'Id' }),
    /Row 2 has no value for key column "Id"/,
  );
  await assert.rejects(runOperation(update, pool, { table, rows: [{ Id: null, age: 6 }], key: 'Id' }), /Row 1 has no value for key column "Id"/);
  await assert.rejects(runOperation(update, pool, { table, rows: [{ Id: 1 }], key: 'Id' }), /Row 1 has no field to set/);
  assert.deepEqual((await tableRows(pool, table)).map((row) => row.age).sort(), [30, 40, 50]);
});

test('a failing row rolls back the rows before it', async () => {
  await seed();
  await assert.rejects(
    runOperation(update, pool, { table, rows: [{ Id: 1, age: 31 }, { Id: 2, age: -1 }], key: 'Id' }),
    (error) => isZiggyError(error) && /violates check constraint .* \(SQLSTATE 23514\)/.test(error.message),
  );
  assert.deepEqual((await tableRows(pool, table)).map((row) => row.age).sort(), [30, 40, 50]);
});
