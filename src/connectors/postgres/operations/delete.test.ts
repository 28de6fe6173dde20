import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { deleteRows } from './delete.ts';
import { runOperation, tableRows, testContext, testPool, uniqueName } from './test-database.ts';

const pool = testPool();
const table = uniqueName('Ziggy "Orders"');
const q = pg.escapeIdentifier;

before(() => pool.query(`CREATE TABLE ${q(table)} (id int, "Status" text, "select" text)`));
after(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.end();
});

async function seed(): Promise<void> {
  await pool.query(`TRUNCATE ${q(table)}`);
  await pool.query(`INSERT INTO ${q(table)} VALUES (1, 'open', 'a'), (2, 'done', 'b'), (3, 'done', NULL), (4, 'open', NULL)`);
}

const ids = async (): Promise<unknown[]> => (await tableRows(pool, table)).map((row) => row.id);

test('where { column: value } deletes the rows where all match; null matches IS NULL', async () => {
  await seed();
  assert.deepEqual(await runOperation(deleteRows, pool, { table, where: { Status: 'done', select: null } }), { deleted: 1 });
  assert.deepEqual(await ids(), [1, 2, 4]);
});

test('where { key, rows } deletes the given rows by their key', async () => {
  await seed();
  const result = await runOperation(deleteRows, pool, { table, where: { key: 'id', rows: [{ id: 1 }, { id: 4 }, { id: 99 }] } });
  assert.deepEqual(result, { deleted: 2 });
  assert.deepEqual(await ids(), [2, 3]);
});

test('an injection attempt in a value matches nothing and deletes nothing', async () => {
  await seed();
  assert.deepEqual(await runOperation(deleteRows, pool, { table, where: { Status: "open' OR '1'='1" } }), { deleted: 0 });
  assert.deepEqual(await ids(), [1, 2, 3, 4]);
});

test('a missing or empty where is refused, and nothing is deleted', async () => {
  await seed();
  for (const params of [{ table }, { table, where: {} }, { table, where: { key: [], rows: [{ id: 1 }] } }]) {
    const result = deleteRows.input.safeParse(params);
    assert.equal(result.success, false, JSON.stringify(params));
  }
  assert.match(deleteRows.input.safeParse({ table }).error?.issues[0]?.message ?? '', /needs a where/);
  assert.match(deleteRows.input.safeParse({ table, where: {} }).error?.issues[0]?.message ?? '', /needs a where/);
  const badKey = deleteRows.input.safeParse({ table, where: { key: [], rows: [{ id: 1 }] } });
  assert.match(JSON.stringify(badKey.error?.issues), /where.rows goes with key/, 'a malformed { key, rows } is not read as columns');
  // Even when a caller skips the input schema, no DELETE without WHERE is built.
  await assert.rejects(deleteRows.run(pool, { table, where: {} }, testContext()), /Deleting without a condition is refused/);
  assert.deepEqual(await ids(), [1, 2, 3, 4]);
});

test('a key row without its key value is refused before anything is deleted', async () => {
  await seed();
  await assert.rejects(
    runOperation(deleteRows, pool, { table, where: { key: 'id', rows: [{ id: 1 }, { other: 2 }] } }),
    /Row 2 has no value for key column "id"/,
  );
  assert.deepEqual(await ids(), [1, 2, 3, 4]);
});
