import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type mysql from 'mysql2/promise';
import { isZiggyError } from '../../../core/index.ts';
import { sqlHelpers, uniqueName } from '../../sql-contract/index.ts';
import connector from '../index.ts';
import { mysqlSqlFixtures } from './fixtures.ts';

// What only MySQL/MariaDB shows: error numbers, the row of a batch at fault, ON DUPLICATE KEY's counting, KILL QUERY on abort.
let pool: mysql.Pool;
const { run, sql, q } = sqlHelpers(mysqlSqlFixtures, () => pool);
const table = uniqueName('Ziggy `Items`');
before(async () => {
  pool = await mysqlSqlFixtures.openClient(2);
  await sql(`CREATE TABLE ${q(table)} (id int PRIMARY KEY, qty int NOT NULL DEFAULT 0, doc json)`);
});
after(async () => {
  await sql(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.end();
});

test('the SQL Block operations are registered under their names', () => {
  assert.deepEqual(Object.keys(connector.operations), ['select', 'insert', 'upsert', 'update', 'delete', 'raw', 'edge']);
});

test('a bad value in a later batch names the MySQL error, the column and the row of the input', async () => {
  const rows = Array.from({ length: 10 }, (_, index) => ({ id: index, qty: index === 7 ? 'seven' : index }));
  await assert.rejects(run('insert', { table, rows, batchSize: 3 }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /^Incorrect integer value: 'seven' for column .*qty.* at row 2 \(MySQL error 1366, SQLSTATE 22007\)\. Row 8 of rows\.$/);
    assert.equal(error.details?.column, 'qty', error.message);
    assert.equal(error.details?.row, 7);
    return true;
  });
  assert.deepEqual(await sql(`SELECT * FROM ${q(table)}`), []);
});

test('a syntax error names the MySQL error number and the line', async () => {
  await assert.rejects(run('select', { sql: 'SELECT 1\nFROM WHERE' }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /\(MySQL error 1064, SQLSTATE 42000\): "FROM WHERE"\.$/);
    assert.deepEqual([error.details?.errno, error.details?.line], [1064, 2]);
    return true;
  });
});

test('objects are written as JSON and undefined parameters as NULL, as on Postgres', async () => {
  await run('insert', { table, rows: [{ id: 1, qty: 1, doc: { a: [1, 'two'] } }] });
  const result = (await run('select', { sql: `SELECT doc, ? AS nothing FROM ${q(table)} WHERE id = ?`, params: [undefined, 1] })) as { rows: unknown[] };
  assert.deepEqual(result.rows, [{ doc: { a: [1, 'two'] }, nothing: null }]);
  await sql(`DELETE FROM ${q(table)}`);
});

test('a one-row upsert that keeps an existing row cannot be told from an insert, as documented', async () => {
  await sql(`INSERT INTO ${q(table)} (id, qty) VALUES (1, 1)`);
  // MySQL sends no summary for a one-row statement, so the kept row counts.
  assert.deepEqual(await run('upsert', { table, rows: [{ id: 1 }], conflictColumns: ['id'] }), { upserted: 1 });
  assert.deepEqual(await run('upsert', { table, rows: [{ id: 1, qty: 10 }, { id: 2, qty: 2 }], conflictColumns: ['id'], updateColumns: ['qty'] }), { upserted: 2 });
  assert.deepEqual(await sql(`SELECT id, qty FROM ${q(table)} ORDER BY id`), [
    { id: 1, qty: 10 },
    { id: 2, qty: 2 },
  ]);
  await sql(`DELETE FROM ${q(table)}`);
});

test('an abort kills the statement on the server too (KILL QUERY), not only our socket', async () => {
  const controller = new AbortController();
  const marker = `ziggy-kill-${process.pid}-${Date.now()}`;
  setTimeout(() => controller.abort(new Error('cancelled')), 300);
  const signal = controller.signal;
  await assert.rejects(run('select', { sql: `SELECT SLEEP(30) AS slept, '${marker}' AS marker` }, { signal, log: () => undefined }), /cancelled/);
  // The server's process list no longer shows the statement once the kill has gone through.
  const running = async (): Promise<number> =>
    (await sql('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', [`%${marker}%AS marker`])).map((row) => Number(row.n))[0] ?? 0;
  for (let attempt = 0; attempt < 50 && (await running()) > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await running(), 0);
});
